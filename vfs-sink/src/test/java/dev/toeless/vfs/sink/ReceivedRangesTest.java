package dev.toeless.vfs.sink;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceivedRangesTest {
    private final ReceivedRanges ranges = new ReceivedRanges();

    @Test
    void inOrderDataMovesTheEndAndFillsHolesBehindIt() {
        ranges.add(0, 100);
        ranges.add(200, 300);
        ranges.add(400, 500);
        ranges.add(300, 400);
        assertThat(ranges.contiguousEnd()).isEqualTo(100);
        assertThat(ranges.missing(600)).containsExactly(new ByteRange(100, 200), new ByteRange(500, 600));
        assertThat(ranges.overlapsBeyond(150, 201)).isTrue();
        assertThat(ranges.overlapsBeyond(150, 200)).isFalse();
        assertThat(ranges.newPieces(150, 550)).containsExactly(new ByteRange(150, 200), new ByteRange(500, 550));

        ranges.add(100, 200);
        assertThat(ranges.contiguousEnd()).isEqualTo(500);
        assertThat(ranges.hasHoles()).isFalse();
    }
}
