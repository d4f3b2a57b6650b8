package dev.toeless.bench.replay;

import dev.toeless.vfs.sink.ByteRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retransmission check against a byte-at-a-time reading of the same rule: a byte captured
 * again with other content than it was first captured with is a conflict, conflicts next to each
 * other are one range, and the first capture is what is remembered.
 */
class RetransmitCheckTest {
    private static final int STREAM = 300_000; // several of the check's 64 KiB blocks, well inside its window

    @Test
    void aRetransmissionWithOtherBytesIsReportedWhereItDiffers() {
        final RetransmitCheck check = new RetransmitCheck();
        final byte[] first = new byte[10_000];
        new Random(1).nextBytes(first);
        check.check(60_000, first, 0, first.length); // crosses the block boundary at 65,536
        final byte[] again = first.clone();
        again[100] ^= 1;
        for (int i = 5_530; i < 5_540; i++) {
            again[i] ^= (byte) 0xFF; // stream offsets 65,530 .. 65,540: one range across two blocks
        }
        check.check(60_000, again, 0, again.length);
        assertThat(check.conflicts()).containsExactly(new ByteRange(60_100, 60_101), new ByteRange(65_530, 65_540));
        assertThat(check.notes()).singleElement().asString().startsWith("11 byte(s) were captured again");
    }

    @Test
    void randomOverlapsAgreeWithAByteAtATimeReading() {
        for (long seed = 1; seed <= 200; seed++) {
            final Random random = new Random(seed);
            final RetransmitCheck check = new RetransmitCheck();
            final Map<Long, Byte> firstSeen = new HashMap<>();
            final List<ByteRange> expected = new ArrayList<>();
            long expectedBytes = 0;
            for (int step = 0; step < 40; step++) {
                final long offset = random.nextInt(STREAM);
                final byte[] data = new byte[random.nextInt(20_000)];
                for (int i = 0; i < data.length; i++) {
                    final Byte before = firstSeen.get(offset + i);
                    data[i] = before != null && random.nextInt(50) != 0 ? before : (byte) random.nextInt(4);
                }
                for (int i = 0; i < data.length; i++) {
                    final long p = offset + i;
                    final Byte before = firstSeen.get(p);
                    if (before == null) {
                        firstSeen.put(p, data[i]);
                    } else if (before != data[i]) {
                        expectedBytes++;
                        final ByteRange last = expected.isEmpty() ? null : expected.getLast();
                        if (last != null && last.endOffset() == p) {
                            expected.set(expected.size() - 1, new ByteRange(last.startOffset(), p + 1));
                        } else {
                            expected.add(new ByteRange(p, p + 1));
                        }
                    }
                }
                check.check(offset, data, 0, data.length);
            }
            assertThat(check.conflicts()).as("seed %d (replay: this test, seed loop from %d)", seed, seed)
                .isEqualTo(expected);
            final long bytes = expectedBytes;
            assertThat(check.notes()).as("seed %d", seed)
                .allSatisfy(n -> assertThat(n).doesNotContain("not compared"))
                .hasSize(bytes > 0 ? 1 : 0);
            if (bytes > 0) {
                assertThat(check.notes().getFirst()).as("seed %d", seed).startsWith(bytes + " byte(s)");
            }
        }
    }
}
