package dev.toeless.bench.serve.http;

/** What {@link RequestHead#parse} made of a request head: complete, or why it is refused. */
public enum RequestStatus {
    /** A well-formed head; the getters describe it. */
    OK(0, null),
    /** The request line is not {@code method SP target SP HTTP/x.y}. */
    BAD_REQUEST_LINE(400, "Bad Request"),
    /** A header line without a colon, with whitespace before the colon, or with a bad name or value. */
    BAD_HEADER(400, "Bad Request"),
    /** Content-Length not a decimal number, given twice with different values, or beside Transfer-Encoding. */
    BAD_CONTENT_LENGTH(400, "Bad Request"),
    /** A Transfer-Encoding other than {@code chunked}. */
    BAD_TRANSFER_ENCODING(400, "Bad Request"),
    /** An HTTP/1.1 request without a Host header (RFC 9112 section 3.2). */
    MISSING_HOST(400, "Bad Request"),
    /** A version other than HTTP/1.0 or HTTP/1.1. */
    UNSUPPORTED_VERSION(505, "HTTP Version Not Supported"),
    /** The head does not end with an empty line (CRLF CRLF) within the buffer. */
    INCOMPLETE(400, "Bad Request");

    private final int httpStatus;
    private final String reason;

    RequestStatus(int httpStatus, String reason) {
        this.httpStatus = httpStatus;
        this.reason = reason;
    }

    /** The status code the server answers with (0 for {@link #OK}). */
    public int httpStatus() {
        return httpStatus;
    }

    public String reason() {
        return reason;
    }
}
