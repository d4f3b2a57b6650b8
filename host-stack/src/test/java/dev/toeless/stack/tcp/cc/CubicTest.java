package dev.toeless.stack.tcp.cc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CubicTest {
    private static final int MSS = 1000;
    private static final long MS = 1_000_000L;

    /** A CUBIC sender that had 100 segments in flight when it saw its first loss. */
    private static Cubic afterFirstLoss() {
        final Cubic cc = new Cubic(100, true);
        cc.init(0, MSS);
        cc.onEnterRecovery(0, 100_000);
        cc.onExitRecovery(0, 70_000);
        return cc;
    }

    @Test
    void lossReducesByBetaAndRemembersWmax() {
        final Cubic cc = new Cubic(100, true);
        cc.init(0, MSS);
        cc.onEnterRecovery(0, 100_000);
        assertThat(cc.ssthreshBytes()).isEqualTo(70_000);
        assertThat(cc.cwndBytes()).isEqualTo(70_000);
        assertThat(cc.wMaxBytes()).isEqualTo(100_000.0);
        cc.onExitRecovery(0, 70_000);
        assertThat(cc.cwndBytes()).isEqualTo(70_000);
    }

    @Test
    void kIsTheCubeRootOfTheReductionOverC() {
        final Cubic cc = afterFirstLoss();
        cc.onAck(0, MSS, 100 * MS, 70_000);
        // K = cbrt((100 - 70) / 0.4) = cbrt(75) seconds.
        assertThat(cc.kSeconds()).isCloseTo(4.217163326508746, within(1e-12));
        assertThat(cc.wCubicBytes(cc.kSeconds())).isCloseTo(100_000.0, within(1e-6));
        assertThat(cc.wCubicBytes(0)).isCloseTo(70_000.0, within(1e-6));
        assertThat(cc.wCubicBytes(2.0)).isCloseTo(0.4 * Math.pow(2.0 - Math.cbrt(75), 3) * 1000 + 100_000,
                within(1e-6));
    }

    @Test
    void firstAckOfTheEpochIsInTheRenoFriendlyRegion() {
        final Cubic cc = afterFirstLoss();
        cc.onAck(0, MSS, 100 * MS, 70_000);
        // W_est = 70000 + alpha * 1000 * 1000 / 70000 with alpha = 3 * 0.3 / 1.7; W_cubic(0) = 70000.
        final double wEst = 70_000 + (0.9 / 1.7) * 1_000_000.0 / 70_000;
        assertThat(cc.wEstBytes()).isCloseTo(wEst, within(1e-9));
        assertThat(cc.cwndBytes()).isEqualTo((long) wEst);
    }

    @Test
    void renoFriendlyEstimateGrowsAlphaSegmentsPerRoundTrip() {
        // W_max = 10 segments, short RTT: Reno's 0.53 segments per 10 ms outruns the cubic curve.
        final Cubic cc = new Cubic(10, true);
        cc.init(0, MSS);
        cc.onEnterRecovery(0, 10_000);
        cc.onExitRecovery(0, 7_000);
        long now = 0;
        for (int round = 1; round <= 4; round++) {
            now += 10 * MS;
            NewRenoTest.ackEverySegment(cc, now, cc.cwndBytes());
        }
        // Four rounds of (about) alpha segments each, with cwnd following W_est.
        assertThat(cc.wEstBytes()).isCloseTo(7_000 + 4 * Cubic.ALPHA * MSS, within(60.0));
        assertThat(cc.cwndBytes()).isEqualTo((long) cc.wEstBytes());
        assertThat(cc.wCubicBytes(0.04)).isLessThan(cc.wEstBytes());
    }

    @Test
    void windowFollowsTheCubicCurveAndPlateausAtWmax() {
        final Cubic cc = afterFirstLoss();
        final long rttNs = 100 * MS;
        long now = 0;
        while (now < 2_000 * MS) {
            NewRenoTest.ackEverySegment(cc, now, cc.cwndBytes());
            now += rttNs;
        }
        // After each round cwnd has reached W_cubic(t_round + RTT); check at t = 2 s.
        final double expected = cc.wCubicBytes(2.0);
        assertThat(expected).isCloseTo(95_641, within(1.0));
        assertThat((double) cc.cwndBytes()).isCloseTo(expected, within(0.01 * expected));
        while (now < 4_300 * MS) {
            NewRenoTest.ackEverySegment(cc, now, cc.cwndBytes());
            now += rttNs;
        }
        assertThat((double) cc.cwndBytes()).isCloseTo(100_000, within(1_000.0));
    }

    @Test
    void fastConvergenceLowersWmaxWhenLossComesEarly() {
        final Cubic cc = afterFirstLoss();
        cc.onAck(0, MSS, 100 * MS, 70_000);
        final long cwnd = cc.cwndBytes();
        cc.onEnterRecovery(MS, cwnd);
        assertThat(cc.wMaxBytes()).isCloseTo(cwnd * 1.7 / 2, within(1.0));
        assertThat(cc.ssthreshBytes()).isEqualTo((long) (cwnd * 0.7));

        final Cubic slow = new Cubic(100, false);
        slow.init(0, MSS);
        slow.onEnterRecovery(0, 100_000);
        slow.onExitRecovery(0, 70_000);
        slow.onAck(0, MSS, 100 * MS, 70_000);
        final long slowCwnd = slow.cwndBytes();
        slow.onEnterRecovery(MS, slowCwnd);
        assertThat(slow.wMaxBytes()).isCloseTo(slowCwnd, within(1.0));
    }

    @Test
    void timeoutCollapsesToOneSegmentAndSlowStartsToBetaTimesFlight() {
        final Cubic cc = new Cubic(100, true);
        cc.init(0, MSS);
        cc.onRetransmitTimeout(0, 100_000);
        assertThat(cc.cwndBytes()).isEqualTo(MSS);
        assertThat(cc.ssthreshBytes()).isEqualTo(70_000);
        assertThat(cc.wMaxBytes()).isEqualTo(100_000.0);
        cc.onRetransmitTimeout(0, MSS);
        assertThat(cc.ssthreshBytes()).isEqualTo(70_000);
        cc.onAck(MS, MSS, 100 * MS, MSS);
        assertThat(cc.cwndBytes()).isEqualTo(2 * MSS);
    }

    @Test
    void aSmallerMssKeepsTheWindowInBytesAndCountsSegmentsInTheNewSize() {
        final Cubic cc = new Cubic(100, true);
        cc.init(0, MSS);
        final long before = cc.cwndBytes();
        cc.onMssChange(0, 500);
        assertThat(cc.cwndBytes()).isEqualTo(before);
        cc.onRetransmitTimeout(0, 100_000);
        assertThat(cc.cwndBytes()).as("the loss window is one new segment").isEqualTo(500);
    }
}
