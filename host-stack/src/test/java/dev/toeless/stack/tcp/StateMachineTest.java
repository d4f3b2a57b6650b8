package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.rst;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.Seg.syn;
import static dev.toeless.stack.tcp.Seg.synAck;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.FIN;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static dev.toeless.stack.tcp.TcpFlags.RST;
import static dev.toeless.stack.tcp.TcpScript.LOCAL_ISS;
import static dev.toeless.stack.tcp.TcpScript.REMOTE_ISS;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9293 state machine, as scripted conversations. */
class StateMachineTest extends ScriptedConversation {
    StateMachineTest() {
        super(256);
        t = new TcpScript(memory, TcpScript.plain().build());
    }

    @Test
    void activeOpenSendsSynWithMssAndEstablishes() {
        t.conn.connect(0, LOCAL_ISS);
        t.expect(syn().seq(LOCAL_ISS).mss(1000).win(8192).noTs());
        t.recv(synAck().seq(REMOTE_ISS).ack(L).mss(1200));
        t.expect(ack().seq(L).ack(R));
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(t.conn.sendMssBytes()).isEqualTo(1000);
    }

    @Test
    void passiveOpenAnswersSynAck() {
        t.conn.listen(LOCAL_ISS);
        t.recv(syn().seq(REMOTE_ISS).mss(536));
        t.expect(synAck().seq(LOCAL_ISS).ack(R).mss(1000));
        assertThat(t.conn.state()).isEqualTo(TcpState.SYN_RECEIVED);
        t.recv(ack().seq(R).ack(L));
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(t.conn.sendMssBytes()).isEqualTo(536);
        t.expectNothing();
    }

    @Test
    void listenAnswersStrayAckWithRstAndIgnoresRst() {
        t.conn.listen(LOCAL_ISS);
        t.recv(ack().seq(R).ack(777));
        t.expect(rst().seq(777));
        t.recv(rst().seq(R));
        t.expectNothing();
        assertThat(t.conn.state()).isEqualTo(TcpState.LISTEN);
    }

    @Test
    void closedAnswersWithRstPerRfc() {
        t.recv(syn().seq(REMOTE_ISS));
        t.expect(seg(RST | ACK).seq(0).ack(R));
        t.recv(ack().seq(R).ack(4242));
        t.expect(rst().seq(4242));
        t.recv(rst().seq(R));
        t.expectNothing();
    }

    @Test
    void synRetransmittedWithBackoffThenTimesOut() {
        t.conn.connect(0, LOCAL_ISS);
        t.expect(syn().seq(LOCAL_ISS));
        t.expectNothing(999 * MS);
        t.advanceTo(1000 * MS);
        t.expect(syn().seq(LOCAL_ISS));
        t.expectNothing(2999 * MS);
        t.advanceTo(3000 * MS);
        t.expect(syn().seq(LOCAL_ISS));
        t.advanceTo(1_000_000 * MS);
        t.drain();
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.TIMEOUT);
    }

    @Test
    void synSentRefusedByRst() {
        t.conn.connect(0, LOCAL_ISS);
        t.expect(syn());
        t.recv(seg(RST | ACK).seq(0).ack(L));
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.REFUSED);
    }

    @Test
    void synSentIgnoresRstWithBadAckAndResetsBadSynAck() {
        t.conn.connect(0, LOCAL_ISS);
        t.expect(syn());
        t.recv(seg(RST | ACK).seq(0).ack(L + 5));
        t.expectNothing();
        t.recv(synAck().seq(REMOTE_ISS).ack(LOCAL_ISS));
        t.expect(rst().seq(LOCAL_ISS));
        assertThat(t.conn.state()).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void simultaneousOpen() {
        t.conn.connect(0, LOCAL_ISS);
        t.expect(syn().seq(LOCAL_ISS));
        t.recv(syn().seq(REMOTE_ISS).mss(1000));
        t.expect(synAck().seq(LOCAL_ISS).ack(R));
        assertThat(t.conn.state()).isEqualTo(TcpState.SYN_RECEIVED);
        t.recv(synAck().seq(REMOTE_ISS).ack(L));
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
        t.expectNothing();
    }

    @Test
    void synAckRetransmittedWhenPeerRepeatsSyn() {
        t.conn.listen(LOCAL_ISS);
        t.recv(syn().seq(REMOTE_ISS));
        t.expect(synAck().seq(LOCAL_ISS).ack(R));
        t.recv(syn().seq(REMOTE_ISS));
        t.expect(synAck().seq(LOCAL_ISS).ack(R));
    }

    @Test
    void activeCloseThroughTimeWait() {
        t.establishActive();
        t.conn.close(t.nowNs);
        t.expect(seg(FIN | ACK).seq(L).ack(R));
        assertThat(t.conn.state()).isEqualTo(TcpState.FIN_WAIT_1);
        t.recv(ack().seq(R).ack(L + 1));
        assertThat(t.conn.state()).isEqualTo(TcpState.FIN_WAIT_2);
        t.recv(seg(FIN | ACK).seq(R).ack(L + 1));
        t.expect(ack().seq(L + 1).ack(R + 1));
        assertThat(t.conn.state()).isEqualTo(TcpState.TIME_WAIT);
        // a retransmitted FIN is acknowledged again and restarts 2*MSL
        t.advanceTo(10_000 * MS);
        t.recv(seg(FIN | ACK).seq(R).ack(L + 1));
        t.expect(ack().seq(L + 1).ack(R + 1));
        t.expectNothing(69_999 * MS);
        assertThat(t.conn.state()).isEqualTo(TcpState.TIME_WAIT);
        t.advanceTo(70_000 * MS);
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.NORMAL);
    }

    @Test
    void timeWaitLastsTwiceTheConfiguredMsl() {
        final TcpScript s = new TcpScript(memory, TcpScript.plain().mslNs(5_000 * MS).build());
        s.establishActive();
        s.conn.shutdown(0);
        s.expect(seg(FIN | ACK).seq(L));
        s.recv(seg(FIN | ACK).seq(R).ack(L + 1));
        s.expect(ack().ack(R + 1));
        s.expectNothing(9_999 * MS);
        assertThat(s.conn.state()).isEqualTo(TcpState.TIME_WAIT);
        s.advanceTo(10_000 * MS);
        assertThat(s.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.conn.closeReason()).isEqualTo(CloseReason.NORMAL);
        s.finish();
    }

    @Test
    void orphanedFinWait2GivesUpButAHalfCloseWaits() {
        t.establishActive();
        t.conn.close(0);
        t.expect(seg(FIN | ACK).seq(L));
        t.recv(ack().seq(R).ack(L + 1));
        assertThat(t.conn.state()).isEqualTo(TcpState.FIN_WAIT_2);
        t.expectNothing(59_999 * MS);
        t.advanceTo(60_000 * MS);
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.TIMEOUT);

        final TcpScript s = new TcpScript(memory, TcpScript.plain().build());
        s.establishActive();
        s.conn.shutdown(0);
        s.recv(ack().seq(R).ack(L + 1));
        s.drain();
        s.expectNothing(3_600_000 * MS);
        assertThat(s.conn.state()).isEqualTo(TcpState.FIN_WAIT_2);
        s.finish();
    }

    @Test
    void passiveCloseThroughLastAck() {
        t.establishPassive();
        t.recv(seg(FIN | ACK).seq(R).ack(L));
        t.expect(ack().seq(L).ack(R + 1));
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(t.conn.isEndOfStream()).isTrue();
        t.conn.close(t.nowNs);
        t.expect(seg(FIN | ACK).seq(L).ack(R + 1));
        assertThat(t.conn.state()).isEqualTo(TcpState.LAST_ACK);
        t.recv(ack().seq(R + 1).ack(L + 1));
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.NORMAL);
    }

    @Test
    void simultaneousClose() {
        t.establishActive();
        t.conn.shutdown(t.nowNs);
        t.expect(seg(FIN | ACK).seq(L).ack(R));
        t.recv(seg(FIN | ACK).seq(R).ack(L));
        t.expect(ack().seq(L + 1).ack(R + 1));
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSING);
        t.recv(ack().seq(R + 1).ack(L + 1));
        assertThat(t.conn.state()).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void finAndAckOfOurFinTogetherGoStraightToTimeWait() {
        t.establishActive();
        t.conn.shutdown(t.nowNs);
        t.expect(seg(FIN | ACK).seq(L));
        t.recv(seg(FIN | ACK).seq(R).ack(L + 1));
        t.expect(ack().seq(L + 1).ack(R + 1));
        assertThat(t.conn.state()).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void halfCloseStillReceivesData() {
        t.establishActive();
        t.conn.shutdown(t.nowNs);
        t.expect(seg(FIN | ACK).seq(L));
        t.recv(ack().seq(R).ack(L + 1));
        assertThat(t.conn.state()).isEqualTo(TcpState.FIN_WAIT_2);
        t.recv(seg(ACK | PSH).seq(R).ack(L + 1).len(600));
        t.recv(seg(ACK | PSH).seq(R + 600).ack(L + 1).len(600));
        t.expect(ack().seq(L + 1).ack(R + 1200));
        assertThat(t.appRead(10_000)).isEqualTo(1200);
        assertThat(t.conn.send(t.nowNs, 0, 0, 1)).isFalse();
    }

    @Test
    void peerHalfCloseWeKeepSending() {
        t.establishActive();
        t.recv(seg(FIN | ACK).seq(R).ack(L));
        t.expect(ack().ack(R + 1));
        t.appSend(300);
        t.expect(seg(ACK | PSH).seq(L).ack(R + 1).len(300));
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void rstAtRcvNxtResetsEstablished() {
        t.establishActive();
        t.appSend(100);
        t.expect(seg(ACK | PSH).len(100));
        t.recv(rst().seq(R));
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.RESET);
        t.expectNothing(10_000 * MS);
    }

    @Test
    void inWindowRstDrawsChallengeAck() {
        t.establishActive();
        t.recv(rst().seq(R + 100));
        t.expect(ack().seq(L).ack(R));
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(t.conn.counters().challengeAcks()).isEqualTo(1);
    }

    @Test
    void outOfWindowRstIsIgnored() {
        t.establishActive();
        t.recv(rst().seq(R + 100_000));
        t.expectNothing();
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void synInEstablishedDrawsRateLimitedChallengeAcks() {
        t.establishActive();
        for (int i = 0; i < 150; i++) {
            t.recv(syn().seq(R + 10));
        }
        assertThat(t.drain()).hasSize(100);
        assertThat(t.conn.counters().challengeAcksSuppressed()).isEqualTo(50);
        t.advanceTo(t.nowNs + 1000 * MS);
        t.recv(syn().seq(R + 10));
        t.expect(ack().ack(R));
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void rstInEveryClosingState() {
        for (TcpState target : new TcpState[] {TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT,
            TcpState.CLOSING, TcpState.LAST_ACK, TcpState.TIME_WAIT, TcpState.SYN_RECEIVED}) {
            final TcpScript s = new TcpScript(memory, TcpScript.plain().build());
            final int rcvNxt = driveTo(s, target);
            assertThat(s.conn.state()).as("reached").isEqualTo(target);
            s.recv(rst().seq(rcvNxt));
            assertThat(s.conn.state()).as("after RST in " + target).isEqualTo(TcpState.CLOSED);
            s.drain();
        }
    }

    /** Drives a fresh script to {@code target}; returns the peer's next sequence number. */
    private static int driveTo(TcpScript s, TcpState target) {
        if (target == TcpState.SYN_RECEIVED) {
            s.conn.listen(LOCAL_ISS);
            s.recv(syn().seq(REMOTE_ISS));
            s.drain();
            return R;
        }
        s.establishActive();
        switch (target) {
            case FIN_WAIT_1 -> s.conn.shutdown(0);
            case FIN_WAIT_2 -> {
                s.conn.shutdown(0);
                s.recv(ack().seq(R).ack(L + 1));
            }
            case CLOSE_WAIT -> {
                s.recv(seg(FIN | ACK).seq(R).ack(L));
                return R + 1;
            }
            case CLOSING -> {
                s.conn.shutdown(0);
                s.recv(seg(FIN | ACK).seq(R).ack(L));
                return R + 1;
            }
            case LAST_ACK -> {
                s.recv(seg(FIN | ACK).seq(R).ack(L));
                s.conn.shutdown(0);
                return R + 1;
            }
            case TIME_WAIT -> {
                s.conn.shutdown(0);
                s.recv(seg(FIN | ACK).seq(R).ack(L + 1));
                return R + 1;
            }
            default -> {
            }
        }
        s.drain();
        return R;
    }

    @Test
    void synReceivedFromActiveOpenRefusedByRst() {
        t.conn.connect(0, LOCAL_ISS);
        t.expect(syn());
        t.recv(syn().seq(REMOTE_ISS));
        t.expect(synAck());
        t.recv(rst().seq(R));
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.REFUSED);
    }

    @Test
    void abortSendsRstAndReleasesData() {
        t.establishActive();
        t.appSend(5000);
        t.drain();
        t.recv(seg(ACK | PSH).seq(R).ack(L).len(300));
        t.conn.abort(t.nowNs);
        t.expect(rst().seq(L + 5000));
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.ABORTED);
    }

    @Test
    void closeWithUnreadDataResets() {
        t.establishActive();
        t.recv(seg(ACK | PSH).seq(R).ack(L).len(300));
        t.drain();
        t.conn.close(t.nowNs);
        t.expect(rst());
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void ackOfUnsentDataIsAnsweredAndDropped() {
        t.establishActive();
        t.recv(ack().seq(R).ack(L + 500));
        t.expect(ack().seq(L).ack(R));
        assertThat(t.conn.counters().badAckDrops()).isEqualTo(1);
    }

    @Test
    void repeatedSynAckInEstablishedIsAnsweredWithAnAck() {
        t.establishActive();
        t.recv(synAck().seq(REMOTE_ISS).ack(L));
        t.expect(ack().seq(L).ack(R));
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
    }
}
