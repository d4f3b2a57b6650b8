package dev.toeless.bench.serve.http;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The request-head parser against fixed bytes: what curl sends, and what a server must refuse. */
class RequestHeadTest {
    private final RequestHead head = new RequestHead();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private RequestStatus parse(String s) {
        return head.parse(ascii(s));
    }

    @Test
    void curlsUploadHeadIsParsed() {
        final String text = "PUT /big.bin HTTP/1.1\r\nHost: 10.99.0.2:8080\r\nUser-Agent: curl/7.88.1\r\n"
            + "Accept: */*\r\nContent-Length: 67108864\r\nExpect: 100-continue\r\n\r\n";
        assertThat(parse(text)).isEqualTo(RequestStatus.OK);
        assertThat(head.method()).isEqualTo(Method.PUT);
        assertThat(head.target()).isEqualTo("/big.bin");
        assertThat(head.minorVersion()).isEqualTo(1);
        assertThat(head.contentLength()).isEqualTo(67_108_864L);
        assertThat(head.expectContinue()).isTrue();
        assertThat(head.chunked()).isFalse();
        assertThat(head.keepAlive()).isTrue();
        assertThat(head.hasBody()).isTrue();
        assertThat(head.headLength()).isEqualTo(text.length());
    }

    @Test
    void theBodyAfterTheHeadIsNotPartOfIt() {
        final String text = "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n";
        final byte[] bytes = ascii(text + "hello");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 7]);
        buffer.putBytes(7, bytes);
        assertThat(head.parse(buffer, 7, bytes.length)).isEqualTo(RequestStatus.OK);
        assertThat(head.headLength()).isEqualTo(text.length());
        assertThat(RequestHead.headLength(buffer, 7, bytes.length)).isEqualTo(text.length());
        assertThat(head.method()).isEqualTo(Method.POST);
    }

    @Test
    void chunkedGetAndConnectionClose() {
        assertThat(parse("PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n"))
            .isEqualTo(RequestStatus.OK);
        assertThat(head.chunked()).isTrue();
        assertThat(head.contentLength()).isEqualTo(-1);
        assertThat(head.keepAlive()).isFalse();
        assertThat(parse("GET /a?b=c HTTP/1.1\r\nhost: h\r\nconnection: keep-alive, Upgrade\r\n\r\n"))
            .isEqualTo(RequestStatus.OK);
        assertThat(head.method()).isEqualTo(Method.GET);
        assertThat(head.target()).isEqualTo("/a?b=c");
        assertThat(head.hasBody()).isFalse();
        assertThat(head.keepAlive()).isTrue();
    }

    @Test
    void http10ClosesUnlessItAsksToKeepAlive() {
        assertThat(parse("GET / HTTP/1.0\r\n\r\n")).isEqualTo(RequestStatus.OK);
        assertThat(head.minorVersion()).isZero();
        assertThat(head.keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")).isEqualTo(RequestStatus.OK);
        assertThat(head.keepAlive()).isTrue();
    }

    @Test
    void anUnknownMethodIsAValidTokenAnswered501ByTheServer() {
        assertThat(parse("DELETE /x HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(RequestStatus.OK);
        assertThat(head.method()).isEqualTo(Method.OTHER);
        assertThat(parse("get /x HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(RequestStatus.OK);
        assertThat(head.method()).as("methods are case-sensitive").isEqualTo(Method.OTHER);
    }

    @Test
    void malformedRequestLinesAreRefused() {
        for (String line : new String[] {
            "GARBAGE\r\n", "GET /x\r\n", "GET  /x HTTP/1.1\r\n", "GET /x HTTP/1.1 \r\n", "GET /x http/1.1\r\n",
            "GET /x HTTP/1.x\r\n", "GET /a b HTTP/1.1\r\n", "G(T /x HTTP/1.1\r\n", " GET /x HTTP/1.1\r\n",
            "GET /x\u0001 HTTP/1.1\r\n", "\r\n"}) {
            assertThat(parse(line + "Host: h\r\n\r\n")).as(line).isEqualTo(RequestStatus.BAD_REQUEST_LINE);
        }
    }

    @Test
    void otherVersionsAreNotSupported() {
        assertThat(parse("GET / HTTP/2.0\r\nHost: h\r\n\r\n")).isEqualTo(RequestStatus.UNSUPPORTED_VERSION);
        assertThat(parse("GET / HTTP/1.2\r\nHost: h\r\n\r\n")).isEqualTo(RequestStatus.UNSUPPORTED_VERSION);
        assertThat(RequestStatus.UNSUPPORTED_VERSION.httpStatus()).isEqualTo(505);
    }

    @Test
    void malformedHeaderLinesAreRefused() {
        for (String field : new String[] {
            "Host : h", "NoColon", ": empty-name", " Folded: line", "Bad\u0001Name: x", "Ok: value\u0000nul",
            "Ok: del\u007f"}) {
            assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n\r\n")).as(field)
                .isEqualTo(RequestStatus.BAD_HEADER);
        }
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).isEqualTo(RequestStatus.BAD_HEADER);
        assertThat(parse("GET / HTTP/1.1\r\nHost: h\nX: bare-lf\r\n\r\n")).isEqualTo(RequestStatus.BAD_HEADER);
    }

    @Test
    void framingThatCouldSmuggleARequestIsRefused() {
        for (String fields : new String[] {
            "Content-Length: 12a", "Content-Length: -1", "Content-Length: 1\r\nContent-Length: 2",
            "Content-Length: ", "Content-Length: 1234567890123456789", "Content-Length: 1, 1",
            "Content-Length: 5\r\nTransfer-Encoding: chunked"}) {
            assertThat(parse("PUT /x HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n\r\n")).as(fields)
                .isEqualTo(RequestStatus.BAD_CONTENT_LENGTH);
        }
        for (String fields : new String[] {"Transfer-Encoding: gzip, chunked", "Transfer-Encoding: identity",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked"}) {
            assertThat(parse("PUT /x HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n\r\n")).as(fields)
                .isEqualTo(RequestStatus.BAD_TRANSFER_ENCODING);
        }
        assertThat(parse("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\ncontent-length: 7\r\n\r\n"))
            .as("the same length twice is one length").isEqualTo(RequestStatus.OK);
        assertThat(head.contentLength()).isEqualTo(7);
    }

    @Test
    void http11NeedsAHost() {
        assertThat(parse("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")).isEqualTo(RequestStatus.MISSING_HOST);
    }

    @Test
    void aTruncatedHeadIsIncomplete() {
        final String full = "GET /x HTTP/1.1\r\nHost: h\r\n\r\n";
        for (int cut = 0; cut < full.length(); cut++) {
            assertThat(parse(full.substring(0, cut))).as("cut at %d", cut).isEqualTo(RequestStatus.INCOMPLETE);
        }
        assertThat(parse(full)).isEqualTo(RequestStatus.OK);
    }

    @Test
    void everyByteStringParsesWithoutThrowing() {
        final java.util.Random random = new java.util.Random(16);
        final byte[] alphabet = ascii("GET PUT /x HTTP/1.1\r\n:Host Content-Length 0123456789 chunked\t\u0000\u00ff");
        for (int n = 0; n < 20_000; n++) {
            final byte[] bytes = new byte[random.nextInt(80)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            final RequestStatus status = head.parse(bytes);
            assertThat(status).isNotNull();
            if (status == RequestStatus.OK) {
                assertThat(head.headLength()).isBetween(4, bytes.length);
            }
        }
    }
}
