package dev.toeless.stack.tcp.cc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LinuxCubic} driven as the sender drives it (each transmission, each ACK), with the
 * figures of Linux's {@code tcp_cubic.c} that the packetdrill scripts in {@code cubic/} check.
 * MSS 1000; sequence numbers start at 0; times in milliseconds.
 */
class LinuxCubicTest {
    static final int MSS = 1000;
    static final long MS = 1_000_000L;
    static final long INFINITE = Long.MAX_VALUE;

    private final Sender s = new Sender(3);
    private final LinuxCubic cc = s.cc;

    private void send(long ms, int from, int to) {
        s.send(ms, from, to);
    }

    private void ack(long ms, int ack) {
        s.ack(ms, ack);
    }

    private void ack(long ns, int ack, boolean grow) {
        s.ack(ns, ack, grow);
    }

    private long cwnd() {
        return s.cwnd();
    }

    private long ssthresh() {
        return s.ssthresh();
    }

    /** The sender's side of the calls: what it transmits, what each ACK acknowledges. */
    private static final class Sender {
        final LinuxCubic cc;
        int una;

        Sender(int detect) {
            cc = new LinuxCubic(10, detect, false, true);
            cc.init(0, MSS);
        }

        void send(long ms, int from, int to) {
            cc.onTransmit(ms * MS, from, to - from, false, 0);
        }

        /** An ACK to {@code ack} at {@code ms}; the window may grow (the sender is cwnd-limited). */
        void ack(long ms, int ack) {
            ack(ms * MS, ack, true);
        }

        void ack(long ns, int ack, boolean grow) {
            cc.onUnaAdvance(ns, ack, 100 * MS);
            if (grow) {
                cc.onAck(ns, ack - una, -1, 0);
            }
            una = ack;
        }

        long cwnd() {
            return cc.cwndBytes() / MSS;
        }

        long ssthresh() {
            return cc.ssthreshBytes() == INFINITE ? INFINITE : cc.ssthreshBytes() / MSS;
        }
    }

    /** cubic-hystart-delay-rtt-jumps-upward: 9 samples all >= 12.5 % above the minimum RTT end slow start. */
    @Test
    void hystartDelayLeavesSlowStartWhenARoundsRttsAllRise() {
        send(200, 0, 10_000);
        ack(400, 10_000);
        assertThat(cwnd()).isEqualTo(20);
        assertThat(cc.delayMinUs()).isEqualTo(200_000);
        send(400, 10_000, 30_000);
        long t = 640;
        for (int a = 12_000; a <= 26_000; a += 2000, t++) {
            ack(t, a);
            assertThat(ssthresh()).as("after the ACK of %d", a).isEqualTo(INFINITE);
        }
        assertThat(cwnd()).isEqualTo(36);
        ack(t, 28_000);
        assertThat(cc.hystartFound()).isTrue();
        assertThat(ssthresh()).isEqualTo(36);
        assertThat(cwnd()).isEqualTo(36);
        ack(t + 1, 30_000);
        assertThat(cwnd()).isEqualTo(36);
    }

    /** cubic-hystart-delay-min-rtt-jumps-downward: a sample that lowers the minimum RTT is no exit. */
    @Test
    void aNewMinimumRttOnTheNinthSampleKeepsSlowStart() {
        send(200, 0, 10_000);
        ack(400, 10_000);
        send(400, 10_000, 28_000);
        send(580, 28_000, 30_000);
        long t = 600;
        for (int a = 12_000; a <= 30_000; a += 2000, t++) {
            ack(t, a);
        }
        assertThat(cc.delayMinUs()).isEqualTo(29_000);
        assertThat(cc.hystartFound()).isFalse();
        assertThat(ssthresh()).isEqualTo(INFINITE);
        assertThat(cwnd()).isEqualTo(40);
    }

    /** Below hystart_low_window (16 segments) HyStart does not look, however late the ACKs. */
    @Test
    void hystartWaitsForSixteenSegments() {
        send(0, 0, 1000);
        ack(100, 1000);
        send(100, 1000, 15_000);
        for (int a = 1100; a <= 2200; a += 100) {
            ack(400, a); // twelve samples of 300 ms, three times the minimum, 0 ms apart
        }
        assertThat(cwnd()).isEqualTo(12);
        assertThat(cc.hystartFound()).isFalse();
        assertThat(ssthresh()).isEqualTo(INFINITE);
    }

    /** The ACK train: ACKs at most 2 ms apart spanning more than half the minimum RTT (+1 ms) end slow start. */
    @Test
    void ackTrainLongerThanHalfTheMinimumRttEndsSlowStart() {
        final Sender train = new Sender(LinuxCubic.HYSTART_ACK_TRAIN);
        train.send(0, 0, 10_000);
        train.ack(100, 10_000);
        train.send(100, 10_000, 90_000);
        for (int i = 0; i < 26; i++) {
            train.ack(200 + 2L * i, 11_000 + i * 1000);
            assertThat(train.cc.hystartFound()).as("ACK %d, %d ms into the train", i, 2 * i).isFalse();
        }
        train.ack(252, 37_000); // 52 ms > (100 ms + 1 ms) / 2
        assertThat(train.cc.hystartFound()).isTrue();
        assertThat(train.ssthresh()).isEqualTo(46);
        assertThat(train.cwnd()).isEqualTo(46);
    }

    /** ACKs 3 ms apart are no train. */
    @Test
    void ackSpacedMoreThanTwoMillisecondsIsNoTrain() {
        final Sender train = new Sender(LinuxCubic.HYSTART_ACK_TRAIN);
        train.send(0, 0, 10_000);
        train.ack(100, 10_000);
        train.send(100, 10_000, 90_000);
        for (int i = 0; i < 40; i++) {
            train.ack(200 + 3L * i, 11_000 + i * 1000);
        }
        assertThat(train.cc.hystartFound()).isFalse();
        assertThat(train.ssthresh()).isEqualTo(INFINITE);
    }

    /** An ACK of retransmitted data is no RTT sample (Karn). */
    @Test
    void retransmittedDataGivesNoRttSample() {
        send(0, 0, 1000);
        ack(100, 1000);
        send(100, 1000, 2000);
        cc.onTransmit(150 * MS, 1000, 1000, true, 1000);
        ack(160, 2000);
        assertThat(cc.delayMinUs()).isEqualTo(100_000);
    }

    /**
     * cubic-rto-ss-ca-cwnd-bump: a timeout takes ssthresh from the window (10 x 717 / 1024 = 7),
     * not the one segment in flight, and forgets W_max; in congestion avoidance the window then
     * grows one segment per 20 acknowledged at first, and per 7 once the Reno-friendly window
     * (one more per 13 acknowledged) passes it.
     */
    @Test
    void afterATimeoutTheWindowGrowsByOnePerTwentyUntilRenoOvertakes() {
        send(0, 0, 1000);
        ack(100 * MS, 1000, false); // not cwnd-limited: no growth
        send(100, 1000, 2000);
        cc.onRetransmitTimeout(700 * MS, 1000);
        assertThat(ssthresh()).isEqualTo(7);
        assertThat(cwnd()).isEqualTo(1);
        assertThat(cc.lastMaxCwnd()).isZero();
        assertThat(cc.delayMinUs()).isZero();
        cc.onTransmit(700 * MS, 1000, 1000, true, 0);
        ack(800, 2000);
        assertThat(cwnd()).isEqualTo(2);
        send(800, 2000, 4000);
        ack(900, 3000);
        assertThat(cc.delayMinUs()).isEqualTo(100_000);
        for (int a = 4000; a <= 7000; a += 1000) {
            ack(905, a);
        }
        assertThat(cwnd()).isEqualTo(7);
        // congestion avoidance, ACK times as the script's: +98 ms, then six +2 ms
        final long[] gaps = {2, 98, 2, 2, 2, 2, 2, 2, 98, 2, 2, 2, 2, 2, 2};
        long t = 905;
        int a = 7000;
        for (long gap : gaps) {
            t += gap;
            a += 1000;
            ack(t, a);
            assertThat(cwnd()).as("after the ACK of %d", a).isEqualTo(7);
        }
        ack(t + 98, a + 1000);
        assertThat(cwnd()).isEqualTo(8);
    }

    /** Fast recovery: ssthresh = cwnd x 717 / 1024; a second loss below W_max converges fast. */
    @Test
    void recoveryReducesByBetaAndFastConvergenceLowersWmax() {
        send(0, 0, 30_000);
        for (int a = 1000; a <= 30_000; a += 1000) {
            ack(100, a);
        }
        assertThat(cwnd()).isEqualTo(40);
        cc.onEnterRecovery(200 * MS, 40_000);
        assertThat(ssthresh()).isEqualTo(28);
        assertThat(cwnd()).isEqualTo(28);
        assertThat(cc.lastMaxCwnd()).isEqualTo(40);
        cc.onExitRecovery(300 * MS, 28_000);
        cc.onEnterRecovery(400 * MS, 28_000);
        assertThat(cc.lastMaxCwnd()).isEqualTo(28 * (1024 + 717) / 2048);
        assertThat(ssthresh()).isEqualTo(19);
    }

    /** After an idle period the epoch moves forward: the curve gives no credit for the idle time. */
    @Test
    void idleTimeMovesTheEpochForward() {
        send(0, 0, 10_000);
        for (int a = 1000; a <= 10_000; a += 1000) {
            ack(100, a);
        }
        cc.onEnterRecovery(100 * MS, 0);
        cc.onExitRecovery(100 * MS, 14_000);
        send(200, 10_000, 11_000);
        ack(300, 11_000);
        final long epoch = cc.epochStartMs();
        assertThat(epoch).isEqualTo(300);
        cc.onTransmit(350 * MS, 11_000, 1000, false, 1000);
        ack(400, 12_000);
        assertThat(cc.epochStartMs()).isEqualTo(epoch);
        cc.onTransmit(4400 * MS, 12_000, 1000, false, 0);
        assertThat(cc.epochStartMs()).isEqualTo(epoch + 4400 - 350);
    }

    /** tcp_slow_start_after_idle: 1 falls back to the initial window after an idle RTO, 0 keeps the window. */
    @Test
    void slowStartAfterIdleIsASetting() {
        final Sender restart = new Sender(3);
        final LinuxCubic keep = new LinuxCubic(10, 3, false, false);
        keep.init(0, MSS);
        for (LinuxCubic c : new LinuxCubic[] {restart.cc, keep}) {
            c.onTransmit(0, 0, 20_000, false, 0);
            c.onUnaAdvance(100 * MS, 20_000, 100 * MS);
            c.onAck(100 * MS, 20_000, -1, 20_000);
            assertThat(c.cwndBytes()).isEqualTo(30_000);
            c.onIdleRestart(5000 * MS);
        }
        assertThat(restart.cwnd()).isEqualTo(10);
        assertThat(keep.cwndBytes()).isEqualTo(30_000);
    }
}
