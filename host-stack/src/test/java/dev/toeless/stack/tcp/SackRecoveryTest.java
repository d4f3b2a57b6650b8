package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6675 loss recovery driven by the peer's SACK blocks (the loss detection kept for comparison). */
class SackRecoveryTest extends SackConversation {
    @Override
    LossDetection lossDetection() {
        return LossDetection.RFC6675;
    }

    @Test
    void retransmitsTheHolesTheScoreboardDeemsLostAndSendsNewDataWithinThePipe() {
        establishWithSack();
        t.appSend(14_000);
        for (int i = 0; i < 10; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        t.expectNothing();
        // segments 0 and 2 are lost; the peer SACKs what arrives
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 1000, L + 2000));
        t.expect(seg(ACK).seq(L + 10_000).len(1000)); // limited transmit
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 3000, L + 4000).sack(L + 1000, L + 2000));
        t.expect(seg(ACK).seq(L + 11_000).len(1000));
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 3000, L + 5000).sack(L + 1000, L + 2000));
        t.expect(seg(ACK).seq(L).len(1000)); // fast retransmit of the first hole
        t.expect(seg(ACK).seq(L + 12_000).len(1000)); // the pipe leaves room for one new segment
        t.expectNothing();
        assertThat(cc.recoveries).isEqualTo(1);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 3000, L + 6000).sack(L + 1000, L + 2000));
        t.expect(seg(ACK).seq(L + 2000).len(1000)); // now three segments above it are SACKed: lost
        t.expect(seg(ACK | PSH).seq(L + 13_000).len(1000));
        t.expectNothing();
        t.recv(ack().seq(R).ack(L + 6000).win(30_000));
        t.expectNothing();
        t.recv(ack().seq(R).ack(L + 14_000).win(30_000));
        t.expectNothing();
        assertThat(t.conn.sendQueuedBytes()).isZero();
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(t.conn.counters().retransmittedSegments()).isEqualTo(2);
    }

    @Test
    void afterATimeoutSackedDataIsNotResent() {
        establishWithSack();
        sendFourSegments();
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 2000, L + 4000));
        t.expectNothing(199 * MS);
        t.advanceTo(200 * MS);
        t.expect(seg(ACK).seq(L).len(1000));
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 4000));
        t.expect(seg(ACK).seq(L + 1000).len(1000));
        t.expectNothing();
        t.recv(ack().seq(R).ack(L + 4000).win(30_000));
        assertThat(t.conn.sendQueuedBytes()).isZero();
    }

    @Test
    void aReceiverThatAcksEveryThirdSegmentGetsAFastRetransmitWithoutATimeout() {
        establishWithSack();
        t.appSend(14_000);
        for (int i = 0; i < 10; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        t.expectNothing();
        // segment 1 is lost; the peer acknowledges every third arrival and grows its window
        // each time, so no ACK is a duplicate in the RFC 5681 sense
        t.advanceTo(10 * MS);
        t.recv(ack().seq(R).ack(L + 1000).win(31_000).sack(L + 2000, L + 4000));
        t.expect(seg(ACK).seq(L + 10_000).len(1000)); // two SACKed segments above the hole: not yet lost
        t.expectNothing();
        t.recv(ack().seq(R).ack(L + 1000).win(32_000).sack(L + 2000, L + 5000));
        t.expect(seg(ACK).seq(L + 1000).len(1000)); // IsLost(SND.UNA): fast retransmit on the first duplicate
        // the pipe (segments 5 to 10 and the retransmission) leaves room for three more
        t.expect(seg(ACK).seq(L + 11_000).len(1000));
        t.expect(seg(ACK).seq(L + 12_000).len(1000));
        t.expect(seg(ACK | PSH).seq(L + 13_000).len(1000));
        t.expectNothing();
        assertThat(cc.recoveries).isEqualTo(1);
        assertThat(t.conn.counters().sackLossDetections()).isEqualTo(1);
        t.recv(ack().seq(R).ack(L + 1000).win(33_000).sack(L + 2000, L + 8000));
        t.expectNothing();
        t.recv(ack().seq(R).ack(L + 10_000).win(33_000));
        t.recv(ack().seq(R).ack(L + 14_000).win(33_000));
        t.expectNothing();
        assertThat(t.conn.sendQueuedBytes()).isZero();
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(t.conn.counters().retransmittedSegments()).isEqualTo(1);
    }

    @Test
    void aCumulativeAckThatLeavesThreeSackedSegmentsAboveTheHoleStartsRecovery() {
        establishWithSack();
        t.appSend(10_000);
        for (int i = 0; i < 10; i++) {
            t.expect(seg(i == 9 ? ACK | PSH : ACK).seq(L + i * 1000).len(1000));
        }
        // segment 1 is lost; the one ACK for the first four arrivals moves SND.UNA to the hole
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 5000));
        t.expect(seg(ACK).seq(L + 1000).len(1000));
        t.expectNothing();
        assertThat(t.conn.counters().fastRetransmits()).isEqualTo(1);
        t.recv(ack().seq(R).ack(L + 10_000).win(30_000));
        t.expectNothing();
        assertThat(t.conn.sendQueuedBytes()).isZero();
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
    }

    @Test
    void aLostFastRetransmissionIsSentAgainOnceThreeLaterSegmentsAreSacked() {
        establishWithSack();
        t.appSend(14_000);
        for (int i = 0; i < 10; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 5000));
        t.expect(seg(ACK).seq(L + 1000).len(1000)); // fast retransmit, which the network loses too
        t.expect(seg(ACK).seq(L + 10_000).len(1000));
        t.expect(seg(ACK).seq(L + 11_000).len(1000));
        t.expect(seg(ACK).seq(L + 12_000).len(1000));
        t.expect(seg(ACK | PSH).seq(L + 13_000).len(1000));
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 10_000));
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 12_000));
        t.expectNothing(); // two segments sent after the retransmission arrived: not enough
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 13_000));
        t.expect(seg(ACK).seq(L + 1000).len(1000)); // three: the retransmission was lost
        t.expectNothing();
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 14_000));
        t.expectNothing(); // no more data went out after it: no third copy
        t.recv(ack().seq(R).ack(L + 14_000).win(30_000));
        t.expectNothing();
        assertThat(t.conn.sendQueuedBytes()).isZero();
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(t.conn.counters().lostRetransmits()).isEqualTo(1);
        assertThat(cc.recoveries).isEqualTo(1);
    }

    @Test
    void aLostRetransmissionOfAHoleAboveTheFirstIsSentAgainWithoutATimeout() {
        establishWithSack();
        t.appSend(30_000);
        for (int i = 0; i < 10; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        int sndMax = L + 10_000;
        // segments 1 and 5 are lost
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 5000));
        for (TcpSegment s : sent()) {
            sndMax = Math.max(sndMax, s.seq() + (int) s.payloadBytes());
        }
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 6000, L + 10_000).sack(L + 2000, L + 5000));
        int sndMaxAtCopy = -1;
        for (TcpSegment s : sent()) {
            if (s.seq() == L + 5000) {
                sndMaxAtCopy = sndMax; // the second hole's copy, which the network loses
            }
            sndMax = Math.max(sndMax, s.seq() + (int) s.payloadBytes());
        }
        assertThat(sndMaxAtCopy).as("the second hole was retransmitted").isPositive();
        // the first hole's copy arrives; each ACK then SACKs everything sent since
        int sackedTo = L + 10_000;
        boolean resent = false;
        for (int round = 0; round < 10 && !resent; round++) {
            sackedTo = sndMax;
            t.recv(ack().seq(R).ack(L + 5000).win(30_000).sack(L + 6000, sackedTo));
            for (TcpSegment s : sent()) {
                resent |= s.seq() == L + 5000;
                sndMax = Math.max(sndMax, s.seq() + (int) s.payloadBytes());
            }
        }
        assertThat(resent).as("sent again before any timer").isTrue();
        assertThat(sackedTo - sndMaxAtCopy).as("once more than two segments sent after it were SACKed")
            .isGreaterThan(2000);
        assertThat(t.conn.counters().lostRetransmits()).isEqualTo(1);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(cc.recoveries).isEqualTo(1);
        t.recv(ack().seq(R).ack(sndMax).win(30_000));
        t.drain();
    }

    /** What the connection sent since the last call (timers due now included), in order. */
    private java.util.List<TcpSegment> sent() {
        t.advanceTo(t.nowNs);
        return t.drain();
    }

    @Test
    void aLossRightAtThePointThatEndedTheLastRecoveryStartsTheNextOne() {
        establishWithSack();
        t.appSend(20_000);
        for (int i = 0; i < 10; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L + 2000, L + 5000));
        t.expect(seg(ACK).seq(L + 1000).len(1000)); // recovery up to L + 10000
        for (int i = 10; i < 14; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        t.recv(ack().seq(R).ack(L + 10_000).win(30_000)); // recovery ends exactly at its point
        for (int i = 14; i < 20; i++) {
            t.expect(seg(i == 19 ? ACK | PSH : ACK).seq(L + i * 1000).len(1000));
        }
        t.expectNothing();
        // the first segment after the recovery point was lost as well
        t.recv(ack().seq(R).ack(L + 10_000).win(30_000).sack(L + 11_000, L + 14_000));
        t.expect(seg(ACK).seq(L + 10_000).len(1000));
        t.expectNothing();
        t.recv(ack().seq(R).ack(L + 20_000).win(30_000));
        assertThat(cc.recoveries).isEqualTo(2);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(t.conn.sendQueuedBytes()).isZero();
    }
}
