package dev.toeless.stack.tcp.sack;

import dev.toeless.stack.tcp.cc.NewReno;
import dev.toeless.stack.tcp.sack.SackScoreboard.Next;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One RFC 6675 loss recovery, step by step, with the scoreboard and NewReno together: twenty
 * 1000-byte segments in flight, the sixth (seq 5000) lost. While in recovery the sender may send
 * when pipe is below cwnd, which NewReno holds at ssthresh (RFC 6675 section 5 step 4.2).
 */
class SackRecoveryWalkthroughTest {
    private static final int MSS = 1000;
    private static final int[] NO_BLOCKS = new int[0];

    private final SackScoreboard sb = new SackScoreboard(16);
    private final NewReno cc = new NewReno(20);
    private int sndNxt = 20 * MSS;

    private void ack(int una, int sackStart, int sackEnd) {
        sb.update(una, sndNxt, new int[] {sackStart, sackEnd}, 1);
    }

    @Test
    void aSingleLossIsRepairedByOneRetransmissionAndPipeClocksNewData() {
        sb.reset(0, MSS);
        cc.init(0, MSS);
        sb.update(5 * MSS, sndNxt, NO_BLOCKS, 0);

        // Segments 6 and 7 arrive: two SACKed segments above the hole are not yet a loss.
        ack(5 * MSS, 6 * MSS, 7 * MSS);
        ack(5 * MSS, 6 * MSS, 8 * MSS);
        assertThat(sb.isLost(5 * MSS)).isFalse();
        // The third does it (more than (DupThresh - 1) * SMSS bytes SACKed above).
        ack(5 * MSS, 6 * MSS, 9 * MSS);
        assertThat(sb.isLost(5 * MSS)).isTrue();

        final int recoveryPoint = sndNxt;
        cc.onEnterRecovery(0, sndNxt - 5 * MSS);
        assertThat(cc.ssthreshBytes()).isEqualTo(7_500);
        assertThat(cc.cwndBytes()).isEqualTo(7_500);
        // The first retransmission goes out regardless of pipe (RFC 6675 step 4.3).
        assertThat(sb.nextSeg(sndNxt, 5 * MSS, false)).isEqualTo(Next.RETRANSMIT_LOST);
        assertThat(sb.nextSeq()).isEqualTo(5 * MSS);
        int highRxt = sb.nextSeq() + sb.nextLengthBytes();

        // pipe: the hole was lost (0) but is retransmitted (1000), 9..19 are in flight (11000).
        assertThat(sb.pipe(sndNxt, highRxt)).isEqualTo(12_000);
        for (int k = 10; k <= 13; k++) {
            ack(5 * MSS, 6 * MSS, k * MSS);
        }
        assertThat(sb.pipe(sndNxt, highRxt)).isEqualTo(8_000);
        ack(5 * MSS, 6 * MSS, 14 * MSS);
        final long pipe = sb.pipe(sndNxt, highRxt);
        assertThat(pipe).isEqualTo(7_000).isLessThan(cc.cwndBytes());
        // Nothing left to retransmit: rule 2 sends new data.
        assertThat(sb.nextSeg(sndNxt, highRxt, true)).isEqualTo(Next.NEW_DATA);
        assertThat(sb.nextSeq()).isEqualTo(20 * MSS);
        sndNxt += MSS;

        // The retransmission arrives: the cumulative ACK jumps over everything SACKed.
        sb.update(14 * MSS, sndNxt, NO_BLOCKS, 0);
        assertThat(sb.rangeCount()).isZero();
        assertThat(sb.pipe(sndNxt, highRxt)).isEqualTo(7_000);
        cc.onRecoveryAck(0, 9 * MSS, sndNxt - 14 * MSS);

        // The recovery point is acknowledged: recovery ends with cwnd = min(ssthresh, FlightSize + SMSS).
        sb.update(recoveryPoint, sndNxt, NO_BLOCKS, 0);
        cc.onExitRecovery(0, sndNxt - recoveryPoint);
        assertThat(cc.cwndBytes()).isEqualTo(2_000);
        assertThat(sb.sackedBytes()).isZero();
    }
}
