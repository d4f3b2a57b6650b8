package dev.toeless.stack.tcp.sack;

import dev.toeless.stack.tcp.seq.SeqNum;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a peer puts in its SACK blocks, the scoreboard keeps sorted, disjoint ranges inside
 * [SND.UNA, SND.NXT) whose sizes add up to sackedBytes, and pipe never exceeds twice the window.
 */
class SackScoreboardHostileInputTest {

    @Property(tries = 300)
    void garbageBlocksNeverBreakTheInvariants(@ForAll long seed, @ForAll int iss,
                                              @ForAll @IntRange(min = 1, max = 9000) int mss) {
        final SplittableRandom random = new SplittableRandom(seed);
        final SackScoreboard sb = new SackScoreboard(8);
        sb.reset(iss, mss);
        int una = iss;
        final int window = 1 + random.nextInt(1 << 20);
        final int[] blocks = new int[8];
        for (int step = 0; step < 200; step++) {
            if (random.nextInt(4) == 0) {
                una = SeqNum.add(una, random.nextInt(window / 4 + 1));
            }
            final int sndNxt = SeqNum.add(una, window);
            final int count = random.nextInt(5);
            for (int b = 0; b < 2 * count; b++) {
                blocks[b] = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt();
                    case 1 -> SeqNum.add(una, random.nextInt(window + 1));
                    default -> SeqNum.add(una, random.nextInt(2 * window + 1) - window);
                };
            }
            sb.update(una, sndNxt, blocks, count);
            checkInvariants(sb, una, sndNxt, window);
        }
    }

    private static void checkInvariants(SackScoreboard sb, int una, int sndNxt, int window) {
        long total = 0;
        int previousEnd = una;
        for (int r = 0; r < sb.rangeCount(); r++) {
            final int start = sb.rangeStart(r);
            final int end = sb.rangeEnd(r);
            assertThat(SeqNum.distance(una, start)).isLessThan(SeqNum.distance(una, end));
            assertThat(SeqNum.distance(una, end)).isLessThanOrEqualTo(window);
            if (r > 0) {
                assertThat(SeqNum.gt(start, previousEnd)).as("disjoint and not adjacent").isTrue();
            }
            assertThat(SeqNum.ge(start, una)).isTrue();
            previousEnd = end;
            total += SeqNum.distance(start, end);
        }
        assertThat(sb.sackedBytes()).isEqualTo(total);
        assertThat(sb.pipe(sndNxt, sndNxt)).isBetween(0L, 2L * window);
        assertThat(sb.highestSacked()).isEqualTo(sb.rangeCount() == 0 ? una : previousEnd);
    }
}
