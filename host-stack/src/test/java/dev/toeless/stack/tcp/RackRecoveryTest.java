package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RACK-TLP (RFC 8985) as a conversation: a path of 100 ms round trip, segments of 1000 bytes, a
 * fixed 10,000-byte congestion window. A segment is lost once one sent after it was delivered
 * and RACK.rtt plus the reordering window (a quarter of the lowest RTT, 0 in recovery or with
 * three segments SACKed) has passed since it left.
 */
class RackRecoveryTest extends SackConversation {
    /** Our SYN at 0, the peer's SYN-ACK at 100 ms (RTT 100 ms, RTO 300 ms), our ACK. */
    private void establishWithRtt100() {
        t.establishWithSack(100 * MS, 30_000);
    }

    /** The application writes {@code bytes} at {@code atNs}; each full segment leaves at once. */
    private void sendAt(long atNs, int seq, int bytes, int flags) {
        t.advanceTo(atNs);
        t.appSend(bytes);
        t.expect(seg(flags).seq(seq).len(bytes));
    }

    /**
     * RFC 8985 section 3.4's example: P1, P2 and P3 leave 10 ms apart; P1 and P3 are lost. The
     * SACK of P2 does not mark P1 lost at once (no three SACKed segments): the reordering timer
     * does, 25 ms later. The ACK of P1's retransmission, sent after P3, shows P3 lost in turn,
     * with no timer at all.
     */
    @Test
    void theRfcExampleRecoversTwoLossesWithTheReorderingTimerAndTheTimeOrder() {
        establishWithRtt100();
        sendAt(100 * MS, L, 1000, ACK | PSH);
        sendAt(110 * MS, L + 1000, 1000, ACK | PSH);
        sendAt(120 * MS, L + 2000, 1000, ACK | PSH);
        t.advanceTo(210 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 1000, L + 2000)); // P2 arrived, P1 did not
        t.expectNothing(224 * MS); // P1 sent at 100 ms: lost at 100 + 100 (RACK.rtt) + 25 (reo_wnd)
        t.advanceTo(225 * MS);
        t.expect(seg(ACK).seq(L).len(1000));
        t.expectNothing();
        assertThat(cc.recoveries).isEqualTo(1);
        t.advanceTo(325 * MS);
        t.recv(ack().seq(R).ack(L + 2000).win(30_000)); // the retransmission arrived, P3 did not
        t.expect(seg(ACK | PSH).seq(L + 2000).len(1000)); // P3 left before it: lost
        t.expectNothing();
        t.advanceTo(425 * MS);
        t.recv(ack().seq(R).ack(L + 3000).win(30_000));
        t.expectNothing(2000 * MS);
        assertThat(t.conn.counters().rackRetransmits()).isEqualTo(2);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(t.conn.counters().lossProbes()).isZero();
        assertThat(cc.timeouts).isZero();
    }

    /** A segment that only comes late is not resent: the reordering window waits, then RACK learns. */
    @Test
    void reorderingWithinTheWindowIsNotALoss() {
        establishWithRtt100();
        sendAt(100 * MS, L, 1000, ACK | PSH);
        sendAt(110 * MS, L + 1000, 1000, ACK | PSH);
        t.advanceTo(210 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 1000, L + 2000));
        t.advanceTo(215 * MS);
        t.recv(ack().seq(R).ack(L + 2000).win(30_000)); // P1 was only late
        t.expectNothing(2000 * MS);
        assertThat(t.conn.counters().retransmittedSegments()).isZero();
        assertThat(cc.recoveries).isZero();
        assertThat(t.conn.snd.recovery.rack().rack.reorderingSeen()).isTrue();
    }

    /** Three SACKed segments above a hole and no reordering seen: lost at once (reo_wnd 0). */
    @Test
    void threeSackedSegmentsAboveAHoleMarkItLostAtOnce() {
        establishWithRtt100();
        t.advanceTo(100 * MS);
        t.appSend(5000);
        for (int i = 0; i < 5; i++) {
            t.expect(seg(i == 4 ? ACK | PSH : ACK).seq(L + i * 1000).len(1000));
        }
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 4000));
        t.expectNothing(); // two SACKed: the reordering timer runs
        t.advanceTo(201 * MS);
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 5000));
        t.expect(seg(ACK).seq(L + 1000).len(1000));
        t.expectNothing();
        t.advanceTo(301 * MS);
        t.recv(ack().seq(R).ack(L + 5000).win(30_000));
        assertThat(cc.recoveries).isEqualTo(1);
        assertThat(t.conn.counters().retransmittedSegments()).isEqualTo(1);
    }

    /**
     * A lost retransmission is found as any loss is: data sent after it was delivered, one RTT
     * later. (RFC 6675's rule needs three segments sent after it SACKed; no timer either way.)
     */
    @Test
    void aLostRetransmissionIsSentAgainOnceDataSentAfterItIsSacked() {
        establishWithRtt100();
        sendFillingTheWindow(14_000);
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 5000));
        t.expect(seg(ACK).seq(L + 1000).len(1000)); // lost; the network loses the copy too
        for (int i = 10; i < 14; i++) {
            t.expect(seg(i == 13 ? ACK | PSH : ACK).seq(L + i * 1000).len(1000));
        }
        t.expectNothing();
        t.advanceTo(300 * MS);
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 11_000));
        t.expect(seg(ACK).seq(L + 1000).len(1000)); // L + 10000 left after the copy, and arrived
        t.expectNothing();
        t.advanceTo(400 * MS);
        t.recv(ack().seq(R).ack(L + 14_000).win(30_000));
        t.expectNothing(2000 * MS);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(cc.recoveries).isEqualTo(1);
        assertThat(t.conn.counters().retransmittedSegments()).isEqualTo(2);
    }

    /**
     * The case that cost our sender 40 timeouts against Linux: in recovery the repaired hole was
     * the last thing in flight, and its one cumulative ACK was lost. A tail loss probe in
     * recovery sends the highest unSACKed segment again after two RTTs (or at the RTO's time,
     * whichever is first) instead of a timeout that would collapse the window.
     */
    @Test
    void aProbeInRecoveryDrawsTheCumulativeAckThatWasLost() {
        establishWithRtt100();
        t.advanceTo(100 * MS);
        sendFourSegments();
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 1000, L + 4000));
        t.expect(seg(ACK).seq(L).len(1000)); // arrives; its ACK is lost
        t.expectNothing(399 * MS);
        t.advanceTo(400 * MS); // the RTO armed at 100 ms, now a probe
        t.expect(seg(ACK).seq(L).len(1000));
        t.advanceTo(500 * MS);
        t.recv(ack().seq(R).ack(L + 4000).win(30_000).sack(L, L + 1000)); // with a D-SACK
        t.expectNothing(3000 * MS);
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(cc.timeouts).isZero();
        assertThat(t.conn.sendQueuedBytes()).isZero();
    }

    /**
     * As above with new data waiting behind the window and {@link TcpConfig#probeResends()} on: the
     * probe in recovery resends the highest unSACKed segment. A peer that got everything answers a copy at once (a duplicate,
     * with a D-SACK); one new in-order segment it would acknowledge only when its delayed-ACK
     * timer fires (what cost our sender 40 ms per lost cumulative ACK against Linux).
     */
    @Test
    void withProbeResendsAProbeInRecoveryResendsEvenWithNewDataWaiting() {
        startOver(LossDetection.RACK_TLP, true);
        sendFillingTheWindow(20_000);
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 1000, L + 10_000));
        t.expect(seg(ACK).seq(L + 10_000).len(1000)); // limited transmit
        t.expect(seg(ACK).seq(L).len(1000)); // arrives, as does the new data after it; the ACKs are lost
        int next = L + 11_000;
        while (!t.sent.isEmpty()) {
            t.expect(seg(ACK).seq(next).len(1000));
            next += 1000;
        }
        assertThat(next).isLessThan(L + 20_000); // new data still waits behind the window
        t.advanceTo(400 * MS); // two RTTs after the last transmission: the probe
        t.expect(seg(ACK).seq(next - 1000).len(1000)); // the highest unSACKed segment again, not new data
        t.expectNothing();
        t.advanceTo(500 * MS);
        t.recv(ack().seq(R).ack(next).win(30_000).sack(next - 1000, next)); // at once, with a D-SACK
        t.expect(seg(next == L + 19_000 ? ACK | PSH : ACK).seq(next).len(1000)); // recovery is over: new data again
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(cc.timeouts).isZero();
    }

    /**
     * {@link TcpConfig#probeResends()} on: ten segments fill the window; the peer gets them all, and
     * every ACK of the last ones is lost. The probe sends the last segment again although new data waits: the peer, holding
     * everything, acknowledges a duplicate at once (with a D-SACK), where one new in-order segment
     * would wait for its delayed-ACK timer. The window is kept (no recovery, no timeout).
     */
    @Test
    void withProbeResendsTheProbeIsTheLastSegmentAgain() {
        startOver(LossDetection.RACK_TLP, true);
        sendFillingTheWindow(14_000);
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L + 8000).win(30_000)); // the next ACK, of L + 10000, is lost
        for (int i = 10; i < 13; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        t.expect(seg(ACK | PSH).seq(L + 13_000).len(1000));
        t.advanceTo(300 * MS); // these arrive too; every ACK of them is lost
        t.expectNothing(399 * MS);
        t.advanceTo(400 * MS); // two RTTs after the last transmission
        t.expect(seg(ACK | PSH).seq(L + 13_000).len(1000)); // the highest segment again
        t.expectNothing();
        t.advanceTo(500 * MS);
        t.recv(ack().seq(R).ack(L + 14_000).win(30_000).sack(L + 13_000, L + 14_000)); // at once, D-SACK
        t.expectNothing(3000 * MS);
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(cc.recoveries).isZero();
    }

    /**
     * With {@link TcpConfig#probeDsackExcluded()}, the D-SACK a resent probe draws (the peer had the
     * segment: its copy is a duplicate) says nothing of reordering, the probe left on a timer, not on
     * RACK's word: the reordering window stays as it was (Linux's {@code FLAG_DSACK_TLP}: a D-SACK of at
     * most one segment ending where the probe ended). Without it (the default) the D-SACK widens it.
     */
    @Test
    void theDsackOfAResentProbeLeavesTheReorderingWindowWhenExcluded() {
        assertThat(reoWndMultAfterTheDsackOfAResentProbe(true)).isEqualTo(1);
        assertThat(reoWndMultAfterTheDsackOfAResentProbe(false)).isEqualTo(2);
    }

    private int reoWndMultAfterTheDsackOfAResentProbe(boolean excluded) {
        t.finish();
        t = new TcpScript(memory, TcpScript.plain().sack(true).congestionControl(() -> cc)
            .lossDetection(LossDetection.RACK_TLP).probeResends(true).probeDsackExcluded(excluded).build());
        establishWithRtt100();
        sendFillingTheWindow(11_000);
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 1000, L + 10_000)); // the first is lost
        t.expect(seg(ACK | PSH).seq(L + 10_000).len(1000)); // limited transmit: arrives, its ACK is lost
        t.expect(seg(ACK).seq(L).len(1000)); // lost: sent again, and lost again
        t.expectNothing(399 * MS);
        t.advanceTo(400 * MS); // the probe: the highest segment not SACKed, again
        t.expect(seg(ACK | PSH).seq(L + 10_000).len(1000));
        t.advanceTo(450 * MS);
        // the peer had it: a D-SACK (inside the SACKed range), SND.UNA stays at the hole
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 10_000, L + 11_000).sack(L + 1000, L + 11_000));
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
        assertThat(t.conn.counters().dsackBlocksIn()).isEqualTo(1);
        return t.conn.snd.recovery.rack().rack.reoWndMult();
    }

    /**
     * A D-SACK of a retransmission RACK sent (three segments SACKed above a hole that was only late)
     * does widen the reordering window, once per round trip (RFC 8985 6.2 step 4).
     */
    @Test
    void theDsackOfASpuriousFastRetransmissionWidensTheReorderingWindow() {
        establishWithRtt100();
        t.advanceTo(100 * MS);
        t.appSend(6000);
        for (int i = 0; i < 6; i++) {
            t.expect(seg(i == 5 ? ACK | PSH : ACK).seq(L + i * 1000).len(1000));
        }
        t.advanceTo(200 * MS); // the first is lost, the second late
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 2000, L + 5000));
        t.expect(seg(ACK).seq(L).len(1000)); // three SACKed above both: lost at once
        t.expect(seg(ACK).seq(L + 1000).len(1000));
        t.advanceTo(210 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 1000, L + 5000)); // the late one
        t.advanceTo(300 * MS);
        t.recv(ack().seq(R).ack(L + 6000).win(30_000)); // the first's copy, and the last
        t.recv(ack().seq(R).ack(L + 6000).win(30_000).sack(L + 1000, L + 2000)); // the second's copy: a D-SACK
        assertThat(t.conn.counters().dsackBlocksIn()).isEqualTo(1);
        assertThat(t.conn.snd.recovery.rack().rack.reoWndMult()).isEqualTo(2);
    }

    /** {@link TcpConfig#probeResends()} off (the default; RFC 8985 7.3, Linux): the probe is one new segment. */
    @Test
    void withProbeResendsOffTheProbeIsNewData() {
        startOver(LossDetection.RACK_TLP, false);
        sendFillingTheWindow(14_000);
        t.expectNothing(299 * MS);
        t.advanceTo(300 * MS); // every ACK lost: two RTTs after the last transmission
        t.expect(seg(ACK).seq(L + 10_000).len(1000)); // new data, beyond cwnd by one segment
        t.expectNothing();
        t.recv(ack().seq(R).ack(L + 11_000).win(30_000));
        for (int i = 11; i < 13; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        t.expect(seg(ACK | PSH).seq(L + 13_000).len(1000));
        t.recv(ack().seq(R).ack(L + 14_000).win(30_000));
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
        assertThat(t.conn.counters().retransmittedSegments()).isZero();
    }

    /** The same loss under RFC 6675 (kept for comparison): no probe in recovery, the RTO fires. */
    @Test
    void underRfc6675TheSameLossWaitsForTheTimeout() {
        startOver(LossDetection.RFC6675, false);
        t.advanceTo(100 * MS);
        sendFourSegments();
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 1000, L + 4000));
        t.expect(seg(ACK).seq(L).len(1000));
        t.expectNothing(499 * MS);
        t.advanceTo(500 * MS);
        t.expect(seg(ACK).seq(L).len(1000));
        assertThat(t.conn.counters().rtoTimeouts()).isEqualTo(1);
        assertThat(t.conn.counters().lossProbes()).isZero();
        t.recv(ack().seq(R).ack(L + 4000).win(30_000));
    }

    /** A new connection (RTT 100 ms) with SACK, the counting congestion control and {@code detection}. */
    private void startOver(LossDetection detection, boolean probeResends) {
        t.finish();
        t = new TcpScript(memory, TcpScript.plain().sack(true).congestionControl(() -> cc)
            .lossDetection(detection).probeResends(probeResends).build());
        establishWithRtt100();
    }

    /** At 100 ms the application queues {@code bytes}: the first ten segments fill the window. */
    private void sendFillingTheWindow(int bytes) {
        t.advanceTo(100 * MS);
        t.appSend(bytes);
        for (int i = 0; i < 10; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
    }
}
