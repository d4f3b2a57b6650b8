package dev.toeless.bench.serve.http;

import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Writes the head of one HTTP/1.1 response into a buffer: status line, {@code Content-Length},
 * {@code Content-Type} when there is a body, {@code Connection: close} when the server closes
 * after it, and the empty line. Returns lengths; the caller owns the buffer.
 */
public final class ResponseHead {
    /** Room enough for any head this class writes. */
    public static final int MAX_BYTES = 512;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private ResponseHead() {
    }

    /**
     * Writes a final response head at {@code dst[offset]} and returns its length.
     *
     * @param contentType null when the response has no body type to declare
     */
    public static int write(MutableDirectBuffer dst, int offset, int status, String reason, long contentLength,
                            String contentType, boolean close) {
        int at = offset;
        at += dst.putStringWithoutLengthAscii(at, "HTTP/1.1 ");
        at += dst.putNaturalIntAscii(at, status);
        at += dst.putStringWithoutLengthAscii(at, " " + reason + "\r\nServer: toeless\r\nContent-Length: ");
        at += dst.putLongAscii(at, contentLength);
        at += dst.putStringWithoutLengthAscii(at, "\r\n");
        if (contentType != null) {
            at += dst.putStringWithoutLengthAscii(at, "Content-Type: " + contentType + "\r\n");
        }
        if (close) {
            at += dst.putStringWithoutLengthAscii(at, "Connection: close\r\n");
        }
        at += dst.putStringWithoutLengthAscii(at, "\r\n");
        return at - offset;
    }

    /** Writes {@code HTTP/1.1 100 Continue} and its empty line; returns the length. */
    public static int writeContinue(MutableDirectBuffer dst, int offset) {
        dst.putBytes(offset, CONTINUE);
        return CONTINUE.length;
    }
}
