package dev.toeless.stack.tcp.prr;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6937's own example (section 6): 20 segments in flight, one lost, ssthresh 10 (a halving
 * congestion control); each ACK delivers one segment. PRR sends one segment per two ACKs from
 * the first, where RFC 6675 would send nothing for ten ACKs and then one per ACK; the pipe ends
 * recovery at ssthresh.
 */
class ProportionalRateReductionTest {
    private static final int MSS = 1000;

    /** Sends whole segments while any allowance is left, as the sender does; returns segments sent. */
    private static int send(ProportionalRateReduction prr, long allowance) {
        int segments = 0;
        for (long left = allowance; left > 0; left -= MSS) {
            prr.onSent(MSS);
            segments++;
        }
        return segments;
    }

    @Test
    void theRfcExampleSendsOneSegmentPerTwoAcksAndEndsAtSsthresh() {
        final ProportionalRateReduction prr = new ProportionalRateReduction();
        prr.start(20 * MSS, 10 * MSS, MSS);
        long pipe = 19 * MSS; // the lost segment has left the pipe
        final List<Integer> sentPerAck = new ArrayList<>();
        for (int ack = 1; ack <= 19; ack++) {
            pipe -= MSS; // this ACK's segment left the network
            final int n = send(prr, prr.onAck(MSS, pipe, true));
            pipe += (long) n * MSS;
            sentPerAck.add(n);
        }
        // the first ACK sends the retransmission; then one segment on every second ACK until
        // the pipe reaches ssthresh, then one per ACK that takes it below (PRR-SSRB)
        assertThat(sentPerAck).containsExactly(1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1);
        assertThat(prr.outBytes()).isEqualTo(10L * MSS); // ssthresh / RecoverFS of the 19 delivered, rounded up
        assertThat(pipe).isEqualTo(10L * MSS);
    }

    @Test
    void belowSsthreshTheSlowStartBoundAllowsWhatWasDeliveredPlusOneSegment() {
        final ProportionalRateReduction prr = new ProportionalRateReduction();
        prr.start(20 * MSS, 10 * MSS, MSS);
        prr.onSent(MSS); // the fast retransmit
        // a burst of losses left the pipe at 2 segments; one ACK delivers 3
        assertThat(prr.onAck(3 * MSS, 2 * MSS, true)).isEqualTo(4L * MSS); // max(3 - 1, 3) + 1 segments
    }

    @Test
    void anAckThatShowsFurtherLossGetsTheConservativeBoundWithoutTheExtraSegment() {
        final ProportionalRateReduction prr = new ProportionalRateReduction();
        prr.start(20 * MSS, 10 * MSS, MSS);
        prr.onSent(MSS);
        assertThat(prr.onAck(3 * MSS, 2 * MSS, false)).isEqualTo(3L * MSS); // max(3 - 1, 3)
    }

    @Test
    void theSlowStartBoundNeverExceedsSsthreshMinusThePipe() {
        final ProportionalRateReduction prr = new ProportionalRateReduction();
        prr.start(20 * MSS, 10 * MSS, MSS);
        prr.onSent(MSS);
        assertThat(prr.onAck(MSS, 9 * MSS, true)).isEqualTo(MSS);
        assertThat(prr.onAck(0, 10 * MSS, true)).isZero();
    }

    @Test
    void theFirstAckOfARecoveryAlwaysAllowsTheFastRetransmit() {
        final ProportionalRateReduction prr = new ProportionalRateReduction();
        prr.start(100 * MSS, 10 * MSS, MSS); // a steep cut: 1/10 of one delivered segment
        assertThat(prr.onAck(MSS, 99 * MSS, false)).isEqualTo(MSS);
        prr.onSent(MSS);
        assertThat(prr.onAck(MSS, 98 * MSS, false)).isZero();
    }
}
