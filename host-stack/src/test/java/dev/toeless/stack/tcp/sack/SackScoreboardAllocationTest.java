package dev.toeless.stack.tcp.sack;
import dev.toeless.stack.qdisc.Allocations;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** The scoreboard's per-ACK work allocates nothing (measured with the JVM's per-thread allocation counter). */
class SackScoreboardAllocationTest {
    private static final int MSS = 1000;

    @Test
    void updatePipeAndNextSegDoNotAllocate() {
        final SackScoreboard sb = new SackScoreboard(32);
        final int[] blocks = new int[8];
        final long[] sink = new long[1];
        final Runnable oneRecovery = () -> {
            final int iss = -50 * MSS;
            sb.reset(iss, MSS);
            final int nxt = iss + 100 * MSS;
            for (int k = 1; k < 40; k++) {
                blocks[0] = iss + 2 * k * MSS;
                blocks[1] = blocks[0] + MSS;
                blocks[2] = iss + 1;
                blocks[3] = iss + 2;
                sink[0] += sb.update(iss + (k / 4) * MSS, nxt, blocks, 2);
                sink[0] += sb.pipe(nxt, iss + k * MSS);
                sink[0] += sb.nextSeg(nxt, iss, (k & 1) == 0).ordinal();
                sink[0] += sb.isLost(iss + k * MSS) ? 1 : 0;
            }
        };
        assertThat(Allocations.bytesAllocatedOver(2_000, 1_000, oneRecovery)).isLessThan(1024);
        assertThat(sink[0]).isNotZero();
    }
}
