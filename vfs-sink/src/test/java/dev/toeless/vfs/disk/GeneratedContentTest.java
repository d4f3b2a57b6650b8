package dev.toeless.vfs.disk;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedContentTest {
    private final GeneratedContent content = new GeneratedContent(7);

    @Test
    void fillAtAnyOffsetMatchesByteAt() {
        for (long start : new long[] {0, 1, 7, 8, 4093, (1L << 32) + 3}) {
            final ByteBuffer buffer = ByteBuffer.allocate(37);
            content.fill(buffer, start);
            for (int i = 0; i < 37; i++) {
                assertThat(buffer.get(i)).as("offset %d", start + i).isEqualTo(content.byteAt(start + i));
            }
        }
    }

    @Test
    void fillFromAPositionOfADirectBufferMatchesByteAtAndMovesThePosition() {
        for (long start : new long[] {0, 5, 8, 4093, (1L << 40) + 1}) {
            final ByteBuffer buffer = ByteBuffer.allocateDirect(4200).position(3).limit(4197);
            content.fill(buffer, start);
            assertThat(buffer.position()).isEqualTo(4197);
            for (int i = 3; i < 4197; i++) {
                assertThat(buffer.get(i)).as("offset %d", start + i - 3).isEqualTo(content.byteAt(start + i - 3));
            }
            buffer.limit(4200);
            assertThat(buffer.get(0)).as("before the position").isZero();
            assertThat(buffer.get(4197)).as("past the limit").isZero();
        }
    }

    @Test
    void theContentIsFixedBySeed() {
        final ByteBuffer first = ByteBuffer.allocate(8);
        new GeneratedContent(7).fill(first, 0);
        assertThat(HexFormat.of().formatHex(first.array())).isEqualTo(
            HexFormat.of().formatHex(ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(content.wordAt(0)).array()));
        final ByteBuffer other = ByteBuffer.allocate(8);
        new GeneratedContent(8).fill(other, 0);
        assertThat(other.array()).isNotEqualTo(first.array());
    }

    @Test
    void shaAheadEqualsTheShaOfTheBytesReadFromTheChannel() throws Exception {
        final long length = 200_001;
        final GeneratedChannel channel = new GeneratedChannel(content, length);
        final var digest = GeneratedContent.sha256Digest();
        final ByteBuffer buffer = ByteBuffer.allocate(4096);
        long at = 0;
        int n;
        while ((n = channel.read(buffer.clear(), at)) > 0) {
            digest.update(buffer.flip());
            at += n;
        }
        assertThat(at).isEqualTo(length);
        assertThat(digest.digest()).isEqualTo(content.sha256(length));
        assertThat(channel.read(buffer.clear(), length)).isEqualTo(-1);
    }
}
