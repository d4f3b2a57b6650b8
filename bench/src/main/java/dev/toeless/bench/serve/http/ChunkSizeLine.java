package dev.toeless.bench.serve.http;

import org.agrona.DirectBuffer;

/**
 * The size line of one chunk of a chunked body (RFC 9112 section 7.1):
 * {@code chunk-size [ chunk-ext ] CRLF}, the size in hexadecimal. Extensions are skipped but must
 * be printable.
 */
public final class ChunkSizeLine {
    /** The longest size line the server reads (with extensions) before it answers 400. */
    public static final int MAX_LINE_BYTES = 1024;
    /** Sizes with more hex digits than this are refused (no overflow of a long). */
    private static final int MAX_DIGITS = 15;

    private ChunkSizeLine() {
    }

    /**
     * The chunk size given by the line at {@code buffer[offset, offset + length)}, which ends with
     * CRLF; -1 when the line is malformed.
     */
    public static long parse(DirectBuffer buffer, int offset, int length) {
        final int end = offset + length - 2;
        if (length < 3 || buffer.getByte(end) != '\r' || buffer.getByte(end + 1) != '\n') {
            return -1;
        }
        long size = 0;
        int at = offset;
        while (at < end && hexValue(buffer.getByte(at)) >= 0) {
            if (at - offset == MAX_DIGITS) {
                return -1;
            }
            size = (size << 4) | hexValue(buffer.getByte(at));
            at++;
        }
        if (at == offset) {
            return -1;
        }
        while (at < end && (buffer.getByte(at) == ' ' || buffer.getByte(at) == '\t')) {
            at++;
        }
        if (at < end && buffer.getByte(at) != ';') {
            return -1;
        }
        for (; at < end; at++) {
            final byte b = buffer.getByte(at);
            if (b >= 0 && b < 0x20 && b != '\t' || b == 0x7F) {
                return -1;
            }
        }
        return size;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
