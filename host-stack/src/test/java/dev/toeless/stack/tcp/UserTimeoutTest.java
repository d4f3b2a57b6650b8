package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.rst;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.FIN;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TCP_USER_TIMEOUT (RFC 5482, as Linux: user_timeout/user_timeout.pkt) and the RST that data
 * arriving after the application closed draws, as conversations: the peer goes silent, or keeps
 * sending to a socket nobody reads.
 */
class UserTimeoutTest extends ScriptedConversation {
    UserTimeoutTest() {
        super(256);
        t = new TcpScript(memory, TcpScript.plain().build());
    }

    /** Sends one segment the peer never acknowledges; returns when its first retransmission left. */
    private long firstRetransmission(int seq) {
        t.appSend(500);
        t.expect(seg(ACK | PSH).seq(seq).len(500));
        final long at = t.nowNs + t.conn.rtoNs();
        t.expectNothing(at - 1);
        t.advanceTo(at);
        t.expect(seg(ACK | PSH).seq(seq).len(500));
        return at;
    }

    @Test
    void retransmittedDataUnacknowledgedForTheUserTimeoutEndsTheConnectionAtThatMoment() {
        t.establishActive();
        t.conn.userTimeout(3 * SECOND);
        final long first = firstRetransmission(L);
        // the backed-off retransmissions go on while the timeout runs...
        while (t.conn.nextDeadlineNs() < first + 3 * SECOND) {
            t.advanceTo(t.conn.nextDeadlineNs());
            t.expect(seg(ACK | PSH).seq(L).len(500));
        }
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
        // ...and the timer is not armed past it: the connection ends 3 s after the first one
        assertThat(t.conn.nextDeadlineNs()).isEqualTo(first + 3 * SECOND);
        t.advanceTo(first + 3 * SECOND);
        t.expect(rst().seq(L + 500));
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.TIMEOUT);
    }

    @Test
    void withoutAUserTimeoutTheRetryCountDecides() {
        t.establishActive();
        final long first = firstRetransmission(L);
        t.advanceTo(first + 3 * SECOND);
        t.drain();
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void anAckStopsTheClock() {
        t.establishActive();
        t.conn.userTimeout(3 * SECOND);
        final long first = firstRetransmission(L);
        t.advanceTo(first + 2 * SECOND);
        t.drain();
        t.recv(ack().seq(R).ack(L + 500));
        // new data, unanswered: the clock starts again at its own first retransmission
        final long second = firstRetransmission(L + 500);
        assertThat(second).isGreaterThan(first + 2 * SECOND);
        t.advanceTo(first + 3 * SECOND + 1);
        t.drain();
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
        t.advanceTo(second + 3 * SECOND);
        t.drain();
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.TIMEOUT);
    }

    /**
     * user_timeout/user_timeout.pkt's end: we closed, our FIN is not acknowledged, and the peer
     * sends data. Nobody will read it: RST, with the sequence number the peer's ACK asks for
     * (our FIN has not reached it, so SND.NXT would be outside its window).
     */
    @Test
    void dataAfterCloseIsAnsweredWithARstAtTheAcknowledgedSequence() {
        t.establishPassive();
        t.conn.close(t.nowNs);
        t.expect(seg(ACK | FIN).seq(L).ack(R));
        t.recv(seg(ACK).seq(R).ack(L).len(1));
        t.expect(rst().seq(L));
        t.expectNothing();
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.ABORTED);
    }
}
