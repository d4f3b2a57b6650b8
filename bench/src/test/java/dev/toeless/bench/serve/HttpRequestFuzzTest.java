package dev.toeless.bench.serve;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.toeless.bench.serve.http.ChunkSizeLine;
import dev.toeless.bench.serve.http.RequestHead;
import dev.toeless.bench.serve.http.RequestStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of what {@code serve} makes of request bytes: the head parser
 * ({@link RequestHead}), the size lines of a chunked body ({@link ChunkSizeLine}) and the mapping
 * of a request target to a file ({@link RootDirectory}). Any bytes give a verdict, never an
 * exception; the verdict and every field agree with a second reading written with regular
 * expressions ({@link ReferenceRequest}); a refusal is a 400 or 505 with a reason; the answer is
 * the same wherever the bytes sit in a buffer and whatever follows the head; an accepted head,
 * written back in canonical form, parses to the same request; a chunk size written back in hex
 * reads back the same; a target maps to a path under the root or is refused with 400 or 403.
 * {@code ./toeless fuzz http} mutates for real.
 */
class HttpRequestFuzzTest {
    /** Bytes around the copy: an empty line, so a parser reading outside its range would see a head end. */
    private static final byte[] AROUND = "\r\n\r\n\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    static Path dir;
    private static RootDirectory root;

    private final RequestHead head = new RequestHead();
    private final RequestHead other = new RequestHead();

    @BeforeAll
    static void aRootWithAWayOut() throws IOException {
        final Path rootPath = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(rootPath.resolve("sub"));
        Files.writeString(rootPath.resolve("a.txt"), "a");
        Files.createSymbolicLink(rootPath.resolve("escape"), dir);
        root = new RootDirectory(rootPath);
    }

    @FuzzTest(maxDuration = "30s")
    void requestBytes(byte[] request) {
        final String text = new String(request, StandardCharsets.ISO_8859_1);
        final RequestStatus status = head.parse(request);
        final ReferenceRequest expected = ReferenceRequest.of(text);
        assertThat(status).as(() -> "verdict on " + printable(text)).isEqualTo(expected.status());
        if (status == RequestStatus.OK) {
            accepted(text, expected);
        } else {
            assertThat(status.httpStatus()).as("a refusal is an HTTP error").isIn(400, 505);
            assertThat(status.reason()).isNotBlank();
        }
        sameWhereverItSits(request, status);
        chunkSizeLines(text, Math.max(0, ReferenceRequest.headEnd(text) + 4));
        inTheRoot(text);
    }

    private void accepted(String text, ReferenceRequest expected) {
        assertThat(head.headLength()).isEqualTo(ReferenceRequest.headEnd(text) + 4);
        assertThat(head.method()).isEqualTo(expected.method());
        assertThat(head.target()).isEqualTo(expected.target());
        assertThat(head.minorVersion()).isEqualTo(expected.minorVersion());
        assertThat(head.contentLength()).isEqualTo(expected.contentLength());
        assertThat(head.chunked()).isEqualTo(expected.chunked());
        assertThat(head.expectContinue()).isEqualTo(expected.expectContinue());
        assertThat(head.keepAlive()).isEqualTo(expected.keepAlive());
        assertThat(head.hasBody()).isEqualTo(expected.chunked() || expected.contentLength() > 0);

        final String canonical = canonical(expected);
        assertThat(other.parse(canonical.getBytes(StandardCharsets.ISO_8859_1))).as(() -> "canonical " + canonical)
            .isEqualTo(RequestStatus.OK);
        assertThat(other.method()).isEqualTo(head.method());
        assertThat(other.target()).isEqualTo(head.target());
        assertThat(other.minorVersion()).isEqualTo(head.minorVersion());
        assertThat(other.contentLength()).isEqualTo(head.contentLength());
        assertThat(other.chunked()).isEqualTo(head.chunked());
        assertThat(other.expectContinue()).isEqualTo(head.expectContinue());
        assertThat(other.keepAlive()).isEqualTo(head.keepAlive());
        assertThat(other.headLength()).isEqualTo(canonical.length());
    }

    /** The request as the server understood it, written the plainest way. */
    private static String canonical(ReferenceRequest r) {
        final StringBuilder s = new StringBuilder().append(r.methodToken()).append(' ').append(r.target())
            .append(" HTTP/1.").append(r.minorVersion()).append("\r\nHost: h\r\n");
        if (r.contentLength() >= 0) {
            s.append("Content-Length: ").append(r.contentLength()).append("\r\n");
        }
        if (r.chunked()) {
            s.append("Transfer-Encoding: chunked\r\n");
        }
        if (r.expectContinue()) {
            s.append("Expect: 100-continue\r\n");
        }
        if (r.minorVersion() == 1 && !r.keepAlive()) {
            s.append("Connection: close\r\n");
        } else if (r.minorVersion() == 0 && r.keepAlive()) {
            s.append("Connection: keep-alive\r\n");
        }
        return s.append("\r\n").toString();
    }

    /** The same verdict and fields from a copy at an offset, with an empty line before and after it. */
    private void sameWhereverItSits(byte[] request, RequestStatus status) {
        final int at = AROUND.length;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[request.length + 2 * AROUND.length]);
        buffer.putBytes(0, AROUND);
        buffer.putBytes(at, request);
        buffer.putBytes(at + request.length, AROUND);
        assertThat(other.parse(buffer, at, request.length)).as("reads stay inside the request").isEqualTo(status);
        assertThat(RequestHead.headLength(buffer, at, request.length))
            .isEqualTo(RequestHead.headLength(new UnsafeBuffer(request), 0, request.length));
        if (status == RequestStatus.OK) {
            assertThat(other.headLength()).isEqualTo(head.headLength());
            assertThat(other.target()).isEqualTo(head.target());
            assertThat(other.contentLength()).isEqualTo(head.contentLength());
            assertThat(other.keepAlive()).isEqualTo(head.keepAlive());
        }
    }

    /** Each CRLF-ended line after the head, as the size line of a chunk: the reference's size, and hex round trips. */
    private static void chunkSizeLines(String text, int from) {
        int at = from;
        for (int end = ReferenceRequest.crlf(text, at); end >= 0; at = end + 2, end = ReferenceRequest.crlf(text, at)) {
            final String line = text.substring(at, end + 2);
            if (line.length() > ChunkSizeLine.MAX_LINE_BYTES) {
                continue;
            }
            final byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
            final long size = ChunkSizeLine.parse(new UnsafeBuffer(bytes), 0, bytes.length);
            assertThat(size).as(() -> "chunk size of " + printable(line)).isEqualTo(ReferenceRequest.chunkSize(line));
            final UnsafeBuffer around = new UnsafeBuffer(new byte[bytes.length + 4]);
            around.putBytes(2, bytes);
            around.putBytes(bytes.length + 2, AROUND, 0, 2);
            assertThat(ChunkSizeLine.parse(around, 2, bytes.length)).isEqualTo(size);
            if (size >= 0) {
                final byte[] hex = (Long.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                assertThat(ChunkSizeLine.parse(new UnsafeBuffer(hex), 0, hex.length)).isEqualTo(size);
            }
        }
    }

    /** The target of the request line (or the first line as a whole): a path under the root, or 400/403. */
    private static void inTheRoot(String text) {
        final int lineEnd = ReferenceRequest.crlf(text, 0);
        final String line = lineEnd < 0 ? text : text.substring(0, lineEnd);
        final String[] words = line.split(" ", -1);
        resolves(words.length == 3 ? words[1] : line);
    }

    private static void resolves(String target) {
        final RootDirectory.Resolved r = root.resolve(target);
        if (r.ok()) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.path()).as(() -> printable(target) + " stays under the root").startsWithRaw(root.path());
            assertThat(r.path().normalize()).isEqualTo(r.path());
        } else {
            assertThat(r.status()).as(() -> "refusal of " + printable(target)).isIn(400, 403);
            assertThat(r.reason()).isNotBlank();
        }
    }

    private static String printable(String s) {
        final String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return Arrays.toString(cut.getBytes(StandardCharsets.ISO_8859_1));
    }
}
