package dev.toeless.bench.serve.http;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Flyweight parser of one HTTP/1.1 request head (RFC 9112 sections 3 and 5): the request line and
 * the header fields up to the empty line. {@link #parse} reads the bytes where they lie and keeps
 * only offsets and the few fields the server acts on (method, target, version, Content-Length,
 * chunked, Expect: 100-continue, Connection, Host); nothing is copied or allocated until a caller
 * asks for {@link #target()} as a string. Re-point it at the next head with another {@code parse}.
 *
 * <p>Strict where leniency lets requests be smuggled: whitespace before a colon, folded lines,
 * control bytes, a Content-Length that is not a plain number or differs between copies, both
 * Content-Length and Transfer-Encoding, any transfer coding but {@code chunked}, a second Host:
 * each is a {@link RequestStatus} that the server answers with 400 and a closed connection.
 *
 * <pre>
 *   request-line = method SP request-target SP HTTP-version CRLF
 *   field-line   = field-name ":" OWS field-value OWS CRLF
 *   head         = request-line *( field-line ) CRLF
 * </pre>
 */
public final class RequestHead {
    /** The longest head the server reads before it answers 400. */
    public static final int MAX_HEAD_BYTES = 16 * 1024;
    /** Content-Length values with more digits than this are refused (no overflow of a long). */
    private static final int MAX_LENGTH_DIGITS = 18;
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte HTAB = '\t';

    private final UnsafeBuffer arrayView = new UnsafeBuffer(new byte[0]);
    private DirectBuffer buffer;
    private int headLength;
    private Method method;
    private int targetOffset;
    private int targetLength;
    private int minorVersion;
    private long contentLength;
    private boolean chunked;
    private boolean expectContinue;
    private boolean closeRequested;
    private boolean keepAliveRequested;
    private int hostCount;

    /** Parses the head at the start of {@code bytes} (for tests and fuzzing). */
    public RequestStatus parse(byte[] bytes) {
        arrayView.wrap(bytes);
        return parse(arrayView, 0, bytes.length);
    }

    /**
     * Parses the head at {@code buffer[offset, offset + length)}; bytes after its empty line (a
     * body) are left alone. The buffer is borrowed: getters that read it are valid until it changes.
     */
    public RequestStatus parse(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        reset();
        final int end = headEnd(buffer, offset, length);
        if (end < 0) {
            return RequestStatus.INCOMPLETE;
        }
        headLength = end - offset;
        int at = offset;
        final int lineEnd = lineEnd(buffer, at, end);
        final RequestStatus line = requestLine(at, lineEnd);
        if (line != RequestStatus.OK) {
            return line;
        }
        at = lineEnd + 2;
        while (at < end - 2) {
            final int fieldEnd = lineEnd(buffer, at, end);
            if (fieldEnd < 0) {
                return RequestStatus.BAD_HEADER;
            }
            final RequestStatus field = field(at, fieldEnd);
            if (field != RequestStatus.OK) {
                return field;
            }
            at = fieldEnd + 2;
        }
        if (chunked && contentLength >= 0) {
            return RequestStatus.BAD_CONTENT_LENGTH;
        }
        if (hostCount > 1) {
            return RequestStatus.BAD_HEADER;
        }
        if (minorVersion == 1 && hostCount == 0) {
            return RequestStatus.MISSING_HOST;
        }
        return RequestStatus.OK;
    }

    /**
     * The length of the head at {@code buffer[offset, offset + length)} up to and including its
     * empty line, or -1 when the buffer holds no CRLF CRLF.
     */
    public static int headLength(DirectBuffer buffer, int offset, int length) {
        final int end = headEnd(buffer, offset, length);
        return end < 0 ? -1 : end - offset;
    }

    private static int headEnd(DirectBuffer buffer, int offset, int length) {
        for (int i = offset; i + 3 < offset + length; i++) {
            if (buffer.getByte(i) == CR && buffer.getByte(i + 1) == LF && buffer.getByte(i + 2) == CR
                && buffer.getByte(i + 3) == LF) {
                return i + 4;
            }
        }
        return -1;
    }

    /** The index of the CRLF ending the line that starts at {@code from}, or -1 (a bare CR or LF is -1). */
    private static int lineEnd(DirectBuffer buffer, int from, int end) {
        for (int i = from; i + 1 < end; i++) {
            final byte b = buffer.getByte(i);
            if (b == CR) {
                return buffer.getByte(i + 1) == LF ? i : -1;
            }
            if (b == LF) {
                return -1;
            }
        }
        return -1;
    }

    private void reset() {
        headLength = 0;
        method = null;
        targetOffset = 0;
        targetLength = 0;
        minorVersion = -1;
        contentLength = -1;
        chunked = false;
        expectContinue = false;
        closeRequested = false;
        keepAliveRequested = false;
        hostCount = 0;
    }

    private RequestStatus requestLine(int from, int end) {
        if (end < 0) {
            return RequestStatus.BAD_REQUEST_LINE;
        }
        int at = from;
        while (at < end && isTokenChar(buffer.getByte(at))) {
            at++;
        }
        if (at == from || at >= end || buffer.getByte(at) != SP) {
            return RequestStatus.BAD_REQUEST_LINE;
        }
        method = methodOf(from, at - from);
        final int target = ++at;
        while (at < end && isVisible(buffer.getByte(at))) {
            at++;
        }
        if (at == target || at >= end || buffer.getByte(at) != SP) {
            return RequestStatus.BAD_REQUEST_LINE;
        }
        targetOffset = target;
        targetLength = at - target;
        at++;
        if (end - at != 8 || !matchesExactly(at, "HTTP/") || !isDigit(buffer.getByte(at + 5))
            || buffer.getByte(at + 6) != '.' || !isDigit(buffer.getByte(at + 7))) {
            return RequestStatus.BAD_REQUEST_LINE;
        }
        final int major = buffer.getByte(at + 5) - '0';
        final int minor = buffer.getByte(at + 7) - '0';
        if (major != 1 || minor > 1) {
            return RequestStatus.UNSUPPORTED_VERSION;
        }
        minorVersion = minor;
        return RequestStatus.OK;
    }

    private RequestStatus field(int from, int end) {
        int at = from;
        while (at < end && isTokenChar(buffer.getByte(at))) {
            at++;
        }
        if (at == from || at >= end || buffer.getByte(at) != ':') {
            return RequestStatus.BAD_HEADER; // no name, folded line, or whitespace before the colon
        }
        final int nameLength = at - from;
        at++;
        while (at < end && isWhitespace(buffer.getByte(at))) {
            at++;
        }
        int valueEnd = end;
        while (valueEnd > at && isWhitespace(buffer.getByte(valueEnd - 1))) {
            valueEnd--;
        }
        for (int i = at; i < valueEnd; i++) {
            if (!isFieldValueByte(buffer.getByte(i))) {
                return RequestStatus.BAD_HEADER;
            }
        }
        return known(from, nameLength, at, valueEnd - at);
    }

    private RequestStatus known(int name, int nameLength, int value, int valueLength) {
        if (matchesIgnoreCase(name, nameLength, "content-length")) {
            final long n = decimal(value, valueLength);
            if (n < 0 || (contentLength >= 0 && contentLength != n)) {
                return RequestStatus.BAD_CONTENT_LENGTH;
            }
            contentLength = n;
        } else if (matchesIgnoreCase(name, nameLength, "transfer-encoding")) {
            if (!matchesIgnoreCase(value, valueLength, "chunked") || chunked) {
                return RequestStatus.BAD_TRANSFER_ENCODING;
            }
            chunked = true;
        } else if (matchesIgnoreCase(name, nameLength, "expect")) {
            expectContinue = matchesIgnoreCase(value, valueLength, "100-continue");
        } else if (matchesIgnoreCase(name, nameLength, "connection")) {
            connectionOptions(value, value + valueLength);
        } else if (matchesIgnoreCase(name, nameLength, "host")) {
            hostCount++;
        }
        return RequestStatus.OK;
    }

    private void connectionOptions(int from, int end) {
        int at = from;
        while (at < end) {
            while (at < end && (buffer.getByte(at) == ',' || isWhitespace(buffer.getByte(at)))) {
                at++;
            }
            final int token = at;
            while (at < end && buffer.getByte(at) != ',' && !isWhitespace(buffer.getByte(at))) {
                at++;
            }
            if (matchesIgnoreCase(token, at - token, "close")) {
                closeRequested = true;
            } else if (matchesIgnoreCase(token, at - token, "keep-alive")) {
                keepAliveRequested = true;
            }
        }
    }

    private long decimal(int from, int length) {
        if (length == 0 || length > MAX_LENGTH_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < from + length; i++) {
            final byte b = buffer.getByte(i);
            if (!isDigit(b)) {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }

    private Method methodOf(int from, int length) {
        for (Method m : Method.values()) {
            if (m != Method.OTHER && length == m.name().length() && matchesExactly(from, m.name())) {
                return m;
            }
        }
        return Method.OTHER;
    }

    private boolean matchesExactly(int from, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (buffer.getByte(from + i) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code lowerAscii} is lower case; the buffer's bytes may be any case. */
    private boolean matchesIgnoreCase(int from, int length, String lowerAscii) {
        if (length != lowerAscii.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            final int b = buffer.getByte(from + i);
            final int lower = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
            if (lower != lowerAscii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean isTokenChar(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || isDigit(b) || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isVisible(byte b) {
        return b > 0x20 && b < 0x7F;
    }

    private static boolean isWhitespace(byte b) {
        return b == SP || b == HTAB;
    }

    /** VCHAR, SP, HTAB and obs-text (bytes 0x80..0xFF); no other control byte. */
    private static boolean isFieldValueByte(byte b) {
        return b < 0 || b >= 0x20 && b != 0x7F || b == HTAB;
    }

    /** Bytes of the head, its empty line included. */
    public int headLength() {
        return headLength;
    }

    public Method method() {
        return method;
    }

    /** The request target as sent (origin form for the requests the server serves). */
    public String target() {
        final byte[] bytes = new byte[targetLength];
        buffer.getBytes(targetOffset, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
    public int minorVersion() {
        return minorVersion;
    }

    /** The Content-Length, or -1 when the request has none. */
    public long contentLength() {
        return contentLength;
    }

    /** Transfer-Encoding: chunked. */
    public boolean chunked() {
        return chunked;
    }

    /** True when a body follows: a Content-Length above 0, or chunked. */
    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** Expect: 100-continue. */
    public boolean expectContinue() {
        return expectContinue;
    }

    /** Whether the connection stays open after this exchange (RFC 9112 section 9.3). */
    public boolean keepAlive() {
        return !closeRequested && (minorVersion == 1 || keepAliveRequested);
    }
}
