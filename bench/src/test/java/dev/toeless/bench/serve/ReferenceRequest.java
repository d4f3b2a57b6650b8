package dev.toeless.bench.serve;

import dev.toeless.bench.serve.http.Method;
import dev.toeless.bench.serve.http.RequestStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second, deliberately different reading of a request head and a chunk-size line (RFC 9112):
 * strings and regular expressions where {@link dev.toeless.bench.serve.http.RequestHead} and
 * {@link dev.toeless.bench.serve.http.ChunkSizeLine} walk bytes. The fuzz target holds the two to
 * the same answer on every input, so a byte the flyweight misreads is a disagreement, not a
 * silent acceptance.
 *
 * @param status         the verdict, as {@code RequestHead.parse} would give it
 * @param methodToken    the method as sent (null unless the request line is well formed)
 * @param target         the request target as sent
 * @param minorVersion   0 or 1, -1 when not known
 * @param contentLength  -1 without a Content-Length
 * @param chunked        Transfer-Encoding: chunked
 * @param expectContinue Expect: 100-continue (the last Expect decides)
 * @param keepAlive      whether the connection stays open (RFC 9112 section 9.3)
 */
record ReferenceRequest(RequestStatus status, String methodToken, String target, int minorVersion,
                        long contentLength, boolean chunked, boolean expectContinue, boolean keepAlive) {
    private static final String TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
    private static final Pattern REQUEST_LINE = Pattern.compile("(" + TOKEN + ") ([\\x21-\\x7E]+) HTTP/(\\d)\\.(\\d)");
    /** Name, colon, value without its leading and trailing blanks. */
    private static final Pattern FIELD = Pattern.compile("(" + TOKEN + "):[ \\t]*(.*?)[ \\t]*", Pattern.DOTALL);
    private static final Pattern LENGTH = Pattern.compile("\\d{1,18}");
    private static final Pattern CHUNK_LINE = Pattern.compile("([0-9A-Fa-f]{1,15})[ \\t]*(;.*)?\r\n", Pattern.DOTALL);

    /** The head at the start of {@code text} (bytes as ISO-8859-1 characters), up to its empty line. */
    static ReferenceRequest of(String text) {
        final int end = headEnd(text);
        if (end < 0) {
            return refused(RequestStatus.INCOMPLETE);
        }
        final List<String> lines = lines(text.substring(0, end + 2));
        final Matcher line = REQUEST_LINE.matcher(lines.get(0));
        if (!line.matches()) {
            return refused(RequestStatus.BAD_REQUEST_LINE);
        }
        final int major = line.group(3).charAt(0) - '0';
        final int minor = line.group(4).charAt(0) - '0';
        if (major != 1 || minor > 1) {
            return refused(RequestStatus.UNSUPPORTED_VERSION);
        }
        final Fields fields = new Fields();
        for (String field : lines.subList(1, lines.size())) {
            final RequestStatus verdict = fields.add(field);
            if (verdict != RequestStatus.OK) {
                return refused(verdict);
            }
        }
        final RequestStatus verdict = fields.chunked && fields.contentLength >= 0 ? RequestStatus.BAD_CONTENT_LENGTH
            : fields.hosts > 1 ? RequestStatus.BAD_HEADER
            : minor == 1 && fields.hosts == 0 ? RequestStatus.MISSING_HOST : RequestStatus.OK;
        if (verdict != RequestStatus.OK) {
            return refused(verdict);
        }
        return new ReferenceRequest(RequestStatus.OK, line.group(1), line.group(2), minor, fields.contentLength,
            fields.chunked, fields.expectContinue, !fields.close && (minor == 1 || fields.keepAlive));
    }

    /**
     * Where the first CRLF at or after {@code from} starts, or -1. (A loop over the characters, as
     * {@link #headEnd} is: the fuzzer hooks {@code String.indexOf} and copies both strings each call.)
     */
    static int crlf(String s, int from) {
        for (int i = from; i + 1 < s.length(); i++) {
            if (s.charAt(i) == '\r' && s.charAt(i + 1) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Where the first CRLF CRLF starts, or -1. */
    static int headEnd(String s) {
        for (int at = crlf(s, 0); at >= 0; at = crlf(s, at + 1)) {
            if (at + 3 < s.length() && s.charAt(at + 2) == '\r' && s.charAt(at + 3) == '\n') {
                return at;
            }
        }
        return -1;
    }

    /** The lines of {@code text}, each ended by CRLF (not included); a bare CR or LF stays in its line. */
    private static List<String> lines(String text) {
        final List<String> out = new ArrayList<>();
        for (int at = 0, end = crlf(text, 0); end >= 0; at = end + 2, end = crlf(text, at)) {
            out.add(text.substring(at, end));
        }
        return out;
    }

    /** The method {@code RequestHead} names for the token. */
    Method method() {
        for (Method m : Method.values()) {
            if (m != Method.OTHER && m.name().equals(methodToken)) {
                return m;
            }
        }
        return Method.OTHER;
    }

    /** The size a chunk-size line (CRLF included) gives, or -1 when it is malformed. */
    static long chunkSize(String line) {
        final Matcher m = CHUNK_LINE.matcher(line);
        if (!m.matches() || m.group(2) != null && hasControl(m.group(2))) {
            return -1;
        }
        return Long.parseLong(m.group(1), 16);
    }

    /**
     * A control byte other than HTAB, or DEL: never in a field value or a chunk extension. (A loop,
     * not a regular-expression search: the fuzzer's regex hooks make a search cost the square of
     * the length.)
     */
    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static ReferenceRequest refused(RequestStatus status) {
        return new ReferenceRequest(status, null, null, -1, -1, false, false, false);
    }

    /** The header fields the server acts on, in the order they come. */
    private static final class Fields {
        long contentLength = -1;
        boolean chunked;
        boolean expectContinue;
        boolean close;
        boolean keepAlive;
        int hosts;

        RequestStatus add(String line) {
            final Matcher f = FIELD.matcher(line);
            if (!f.matches() || hasControl(f.group(2))) {
                return RequestStatus.BAD_HEADER;
            }
            final String value = f.group(2);
            switch (f.group(1).toLowerCase(Locale.ROOT)) {
                case "content-length" -> {
                    if (!LENGTH.matcher(value).matches()) {
                        return RequestStatus.BAD_CONTENT_LENGTH;
                    }
                    final long n = Long.parseLong(value);
                    if (contentLength >= 0 && contentLength != n) {
                        return RequestStatus.BAD_CONTENT_LENGTH;
                    }
                    contentLength = n;
                }
                case "transfer-encoding" -> {
                    if (chunked || !value.toLowerCase(Locale.ROOT).equals("chunked")) {
                        return RequestStatus.BAD_TRANSFER_ENCODING;
                    }
                    chunked = true;
                }
                case "expect" -> expectContinue = value.toLowerCase(Locale.ROOT).equals("100-continue");
                case "connection" -> {
                    for (String option : value.replace(',', ' ').replace('\t', ' ').split(" ")) {
                        close |= option.toLowerCase(Locale.ROOT).equals("close");
                        keepAlive |= option.toLowerCase(Locale.ROOT).equals("keep-alive");
                    }
                }
                case "host" -> hosts++;
                default -> { }
            }
            return RequestStatus.OK;
        }
    }
}
