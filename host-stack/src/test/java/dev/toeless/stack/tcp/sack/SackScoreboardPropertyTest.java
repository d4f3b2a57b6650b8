package dev.toeless.stack.tcp.sack;

import dev.toeless.stack.tcp.sack.SackScoreboard.Next;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scoreboard against a reference model: a boolean per MSS-sized segment, a receiver that
 * takes segments in random order (with duplicates) and reports SACK blocks as Linux does (the
 * block holding the latest segment first, D-SACK for duplicates), and RFC 6675's definitions
 * evaluated segment by segment. A failure prints the sample (seed, base, MSS); rerun with it.
 */
class SackScoreboardPropertyTest {

    @Property(tries = 400)
    void scoreboardMatchesThePerSegmentModel(@ForAll long seed,
                                             @ForAll("bases") int base,
                                             @ForAll @IntRange(min = 1, max = 1460) int mss,
                                             @ForAll @IntRange(min = 1, max = 60) int segments) {
        new Run(seed, base, mss, segments, new SackScoreboard(32)).check(true);
    }

    @Property(tries = 200)
    void aSmallScoreboardNeverClaimsMoreThanWasSacked(@ForAll long seed,
                                                      @ForAll("bases") int base,
                                                      @ForAll @IntRange(min = 1, max = 1460) int mss,
                                                      @ForAll @IntRange(min = 1, max = 60) int segments) {
        new Run(seed, base, mss, segments, new SackScoreboard(4)).check(false);
    }

    @Provide
    Arbitrary<Integer> bases() {
        return Arbitraries.oneOf(
                Arbitraries.integers(),
                Arbitraries.integers().between(-100_000, 0),
                Arbitraries.integers().between(Integer.MAX_VALUE - 100_000, Integer.MAX_VALUE));
    }

    private static final class Run {
        final SplittableRandom random;
        final int base;
        final int mss;
        final int n;
        final SackScoreboard sb;
        final boolean[] received;
        final boolean[] sacked;
        int una;
        final int sndNxt;
        final int[] blocks = new int[8];

        Run(long seed, int base, int mss, int n, SackScoreboard sb) {
            this.random = new SplittableRandom(seed);
            this.base = base;
            this.mss = mss;
            this.n = n;
            this.sb = sb;
            this.received = new boolean[n];
            this.sacked = new boolean[n];
            this.sndNxt = seq(n);
        }

        int seq(int segment) {
            return base + segment * mss;
        }

        void check(boolean exact) {
            sb.reset(base, mss);
            for (int step = 0; step < 3 * n; step++) {
                final int got = random.nextInt(n);
                final boolean duplicate = received[got];
                received[got] = true;
                int ack = 0;
                while (ack < n && received[ack]) {
                    ack++;
                }
                final List<int[]> runs = runsAbove(ack);
                int blockCount = 0;
                boolean expectDsack = false;
                if (duplicate && random.nextInt(2) == 0) {
                    blocks[0] = seq(got);
                    blocks[1] = seq(got + 1);
                    blockCount = 1;
                    expectDsack = true;
                    final int[] holder = holding(runs, got);
                    if (holder != null) {
                        blocks[2] = seq(holder[0]);
                        blocks[3] = seq(holder[1]);
                        blockCount = 2;
                        runs.remove(holder);
                    }
                } else {
                    final int[] first = holding(runs, got);
                    if (first != null) {
                        blocks[0] = seq(first[0]);
                        blocks[1] = seq(first[1]);
                        blockCount = 1;
                        runs.remove(first);
                    }
                }
                while (blockCount < 4 && !runs.isEmpty()) {
                    final int[] r = runs.remove(random.nextInt(runs.size()));
                    blocks[2 * blockCount] = seq(r[0]);
                    blocks[2 * blockCount + 1] = seq(r[1]);
                    blockCount++;
                }
                modelUpdate(ack, expectDsack, blockCount);
                sb.update(seq(ack), sndNxt, blocks, blockCount);
                assertThat(sb.dsackReported()).isEqualTo(expectDsack);
                if (exact) {
                    compareExactly();
                } else {
                    compareConservatively();
                }
            }
        }

        private void modelUpdate(int ack, boolean dsack, int blockCount) {
            una = Math.max(una, ack);
            for (int b = dsack ? 1 : 0; b < blockCount; b++) {
                final int from = (blocks[2 * b] - base) / mss;
                final int to = (blocks[2 * b + 1] - base) / mss;
                for (int i = from; i < to; i++) {
                    sacked[i] = true;
                }
            }
            for (int i = 0; i < una; i++) {
                sacked[i] = false;
            }
        }

        private List<int[]> runsAbove(int ack) {
            final List<int[]> runs = new ArrayList<>();
            int i = ack;
            while (i < n) {
                if (!received[i]) {
                    i++;
                    continue;
                }
                final int start = i;
                while (i < n && received[i]) {
                    i++;
                }
                runs.add(new int[] {start, i});
            }
            return runs;
        }

        private static int[] holding(List<int[]> runs, int segment) {
            for (int[] r : runs) {
                if (r[0] <= segment && segment < r[1]) {
                    return r;
                }
            }
            return null;
        }

        private boolean modelLost(int i) {
            if (sacked[i]) {
                return false;
            }
            int above = 0;
            for (int j = i + 1; j < n; j++) {
                if (sacked[j]) {
                    above++;
                }
            }
            return above >= SackScoreboard.DUP_THRESH || (long) above * mss > 2L * mss;
        }

        private int modelHighest() {
            for (int i = n - 1; i >= una; i--) {
                if (sacked[i]) {
                    return i + 1;
                }
            }
            return una;
        }

        private void compareExactly() {
            long bytes = 0;
            for (int i = una; i < n; i++) {
                assertThat(sb.isSacked(seq(i))).as("sacked %d", i).isEqualTo(sacked[i]);
                assertThat(sb.isLost(seq(i))).as("lost %d", i).isEqualTo(modelLost(i));
                bytes += sacked[i] ? mss : 0;
            }
            assertThat(sb.sackedBytes()).isEqualTo(bytes);
            final int highest = modelHighest();
            assertThat(sb.highestSacked()).isEqualTo(seq(highest));
            final int highRxt = una + random.nextInt(n - una + 1);
            long pipe = 0;
            for (int i = una; i < n; i++) {
                if (!sacked[i]) {
                    pipe += modelLost(i) ? 0 : mss;
                    pipe += i < highRxt ? mss : 0;
                }
            }
            assertThat(sb.pipe(sndNxt, seq(highRxt))).isEqualTo(pipe);
            final boolean newData = random.nextBoolean();
            final Next next = sb.nextSeg(sndNxt, seq(highRxt), newData);
            int candidate = -1;
            for (int i = highRxt; i < highest; i++) {
                if (!sacked[i]) {
                    candidate = i;
                    break;
                }
            }
            if (candidate >= 0 && modelLost(candidate)) {
                assertThat(next).isEqualTo(Next.RETRANSMIT_LOST);
            } else if (newData) {
                assertThat(next).isEqualTo(Next.NEW_DATA);
                assertThat(sb.nextSeq()).isEqualTo(sndNxt);
            } else if (candidate >= 0) {
                assertThat(next).isEqualTo(Next.RETRANSMIT);
            } else {
                assertThat(next).isEqualTo(Next.NONE);
            }
            if (next == Next.RETRANSMIT_LOST || next == Next.RETRANSMIT) {
                assertThat(sb.nextSeq()).isEqualTo(seq(candidate));
                assertThat(sb.nextLengthBytes()).isEqualTo(mss);
            }
        }

        private void compareConservatively() {
            long bytes = 0;
            for (int i = una; i < n; i++) {
                if (sb.isSacked(seq(i))) {
                    assertThat(sacked[i]).as("scoreboard claims %d", i).isTrue();
                    bytes += mss;
                }
            }
            assertThat(sb.sackedBytes()).isEqualTo(bytes);
            assertThat(sb.rangeCount()).isLessThanOrEqualTo(4);
        }
    }
}
