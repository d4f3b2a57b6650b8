package dev.toeless.stack.tcp.cc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NewRenoTest {
    private static final int MSS = 1460;
    private static final long RTT_NS = 100_000_000L;

    @Test
    void initialWindowFollowsRfc5681Equation3() {
        assertThat(initialCwnd(536)).isEqualTo(4 * 536);
        assertThat(initialCwnd(1095)).isEqualTo(4 * 1095);
        assertThat(initialCwnd(1460)).isEqualTo(3 * 1460);
        assertThat(initialCwnd(2190)).isEqualTo(3 * 2190);
        assertThat(initialCwnd(9000)).isEqualTo(2 * 9000);
        final NewReno iw10 = new NewReno(10);
        iw10.init(0, MSS);
        assertThat(iw10.cwndBytes()).isEqualTo(14_600);
        assertThat(iw10.ssthreshBytes()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void slowStartDoublesPerRoundTripWhenEverySegmentIsAcked() {
        final NewReno cc = started();
        long now = 0;
        for (int round = 1; round <= 3; round++) {
            now += RTT_NS;
            ackEverySegment(cc, now, cc.cwndBytes());
        }
        // 3 segments, then 6, 12, 24.
        assertThat(cc.cwndBytes()).isEqualTo(24 * MSS);
    }

    @Test
    void slowStartCountsAtMostTwoSegmentsPerAck() {
        final NewReno cc = started();
        cc.onAck(RTT_NS, 4 * MSS, RTT_NS, 4380);
        assertThat(cc.cwndBytes()).isEqualTo(4380 + 2 * MSS);
        cc.onAck(RTT_NS, 100, RTT_NS, 4380);
        assertThat(cc.cwndBytes()).isEqualTo(4380 + 2 * MSS + 100);
    }

    @Test
    void fastRecoveryHalvesFlightAndHoldsTheWindowUntilTheFullAck() {
        final NewReno cc = started();
        cc.onEnterRecovery(0, 20 * MSS);
        assertThat(cc.inRecovery()).isTrue();
        assertThat(cc.ssthreshBytes()).isEqualTo(14_600);
        assertThat(cc.cwndBytes()).isEqualTo(14_600);
        cc.onRecoveryAck(0, 0, 20 * MSS);            // a further duplicate ACK: the sender's inflation
        cc.onRecoveryAck(0, 2 * MSS, 18 * MSS);      // a partial ACK
        assertThat(cc.cwndBytes()).isEqualTo(14_600);
        cc.onExitRecovery(0, 10_000);
        assertThat(cc.inRecovery()).isFalse();
        assertThat(cc.cwndBytes()).isEqualTo(11_460);   // min(14600, max(10000, 1460) + 1460)
    }

    @Test
    void fullAckWithLittleInFlightLeavesTwoSegments() {
        final NewReno cc = started();
        cc.onEnterRecovery(0, 20 * MSS);
        cc.onExitRecovery(0, 0);
        assertThat(cc.cwndBytes()).isEqualTo(2 * MSS);  // min(14600, max(0, 1460) + 1460)
    }

    @Test
    void fullAckWithLargeFlightSetsCwndToSsthresh() {
        final NewReno cc = started();
        cc.onEnterRecovery(0, 20 * MSS);
        cc.onExitRecovery(0, 20 * MSS);
        assertThat(cc.cwndBytes()).isEqualTo(14_600);
    }

    @Test
    void congestionAvoidanceGrowsOneSegmentPerRoundTrip() {
        final NewReno cc = started();
        cc.onEnterRecovery(0, 20 * MSS);
        cc.onExitRecovery(0, 20 * MSS);
        long now = 0;
        for (int round = 1; round <= 5; round++) {
            now += RTT_NS;
            ackEverySegment(cc, now, cc.cwndBytes());
            assertThat(cc.cwndBytes()).isEqualTo(14_600 + round * MSS);
        }
    }

    @Test
    void ssthreshNeverFallsBelowTwoSegments() {
        final NewReno cc = started();
        cc.onEnterRecovery(0, MSS);
        assertThat(cc.ssthreshBytes()).isEqualTo(2 * MSS);
        assertThat(cc.cwndBytes()).isEqualTo(2 * MSS);
    }

    @Test
    void aSmallerMssKeepsTheWindowInBytesAndCountsSegmentsInTheNewSize() {
        final NewReno cc = started();
        final long before = cc.cwndBytes();
        cc.onMssChange(0, 500);
        assertThat(cc.cwndBytes()).isEqualTo(before);
        cc.onRetransmitTimeout(0, 20 * MSS);
        assertThat(cc.cwndBytes()).as("the loss window is one new segment").isEqualTo(500);
        cc.onAck(RTT_NS, 5_000, -1, 500);
        assertThat(cc.cwndBytes()).as("slow start grows by at most two new segments per ACK").isEqualTo(1_500);
    }

    @Test
    void timeoutCollapsesToLossWindowAndRepeatedTimeoutHoldsSsthresh() {
        final NewReno cc = started();
        cc.onRetransmitTimeout(0, 20 * MSS);
        assertThat(cc.cwndBytes()).isEqualTo(MSS);
        assertThat(cc.ssthreshBytes()).isEqualTo(14_600);
        cc.onRetransmitTimeout(0, MSS);
        assertThat(cc.ssthreshBytes()).isEqualTo(14_600);
        cc.onAck(RTT_NS, MSS, -1, MSS);
        assertThat(cc.cwndBytes()).isEqualTo(2 * MSS);
        cc.onRetransmitTimeout(0, 4000);
        assertThat(cc.ssthreshBytes()).isEqualTo(2 * MSS);
        assertThat(cc.cwndBytes()).isEqualTo(MSS);
    }

    @Test
    void idleRestartLowersCwndToTheRestartWindow() {
        final NewReno cc = started();
        ackEverySegment(cc, RTT_NS, 20 * MSS);
        assertThat(cc.cwndBytes()).isGreaterThan(4380);
        cc.onIdleRestart(10 * RTT_NS);
        assertThat(cc.cwndBytes()).isEqualTo(4380);
        final NewReno small = started();
        small.onRetransmitTimeout(0, 10 * MSS);
        small.onIdleRestart(RTT_NS);
        assertThat(small.cwndBytes()).isEqualTo(MSS);
    }

    private static long initialCwnd(int mss) {
        final NewReno cc = new NewReno();
        cc.init(0, mss);
        return cc.cwndBytes();
    }

    private static NewReno started() {
        final NewReno cc = new NewReno();
        cc.init(0, MSS);
        return cc;
    }

    static void ackEverySegment(CongestionControl cc, long nowNs, long bytes) {
        long inFlight = bytes;
        while (inFlight > 0) {
            final long acked = Math.min(MSS, inFlight);
            cc.onAck(nowNs, acked, RTT_NS, inFlight);
            inFlight -= acked;
        }
    }
}
