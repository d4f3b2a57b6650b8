package dev.toeless.bench.serve.http;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunk-size lines of RFC 9112 section 7.1 against fixed bytes. */
class ChunkSizeLineTest {
    private static long parse(String line) {
        final byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
        return ChunkSizeLine.parse(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    @Test
    void sizesAreHexadecimal() {
        assertThat(parse("0\r\n")).isZero();
        assertThat(parse("10000\r\n")).isEqualTo(65_536);
        assertThat(parse("fFfF\r\n")).isEqualTo(65_535);
        assertThat(parse("1a;name=value\r\n")).isEqualTo(26);
        assertThat(parse("1a ; ext\r\n")).isEqualTo(26);
        assertThat(parse("fffffffffffffff\r\n")).isEqualTo(0xfffffffffffffffL);
    }

    @Test
    void malformedLinesAreRefused() {
        for (String line : new String[] {"\r\n", "g\r\n", "-1\r\n", "1 2\r\n", "12", "12\n", "12\r", " 1\r\n",
            "1;\u0001\r\n", "1000000000000000\r\n"}) {
            assertThat(parse(line)).as(line).isEqualTo(-1);
        }
    }
}
