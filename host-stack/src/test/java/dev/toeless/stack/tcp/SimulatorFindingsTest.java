package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.rst;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.FIN;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static dev.toeless.stack.tcp.TcpScript.LOCAL_ISS;
import static dev.toeless.stack.tcp.TcpScript.REMOTE_ISS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behaviour the deterministic simulator ({@code toeless sim}) found wrong, pinned as scripted
 * conversations: seed 19 (a retransmission larger than the peer's sub-MSS window, dropped whole
 * by the peer's socket memory, forever), seeds 33 and 18163 (a late RST in TIME_WAIT or CLOSING
 * threw away a complete stream the application had not read yet).
 */
class SimulatorFindingsTest extends ScriptedConversation {
    SimulatorFindingsTest() {
        super(256);
        t = new TcpScript(memory, TcpScript.plain().build());
    }

    @Test
    void retransmissionTimeoutResendsNoMoreThanThePeersWindow() {
        t.establishActive();
        t.appSend(1000);
        t.expect(seg(PSH | ACK).seq(L).ack(R).len(1000));
        t.recv(ack().seq(R).ack(L).win(600));
        t.expectNothing();
        t.advanceTo(1100 * MS);
        t.expect(seg(ACK).seq(L).ack(R).len(600));
        t.drain();
    }

    @Test
    void resetInTimeWaitKeepsTheReceivedStreamReadable() {
        t.establishActive();
        t.conn.shutdown(t.nowNs);
        t.expect(seg(FIN | ACK).seq(L).ack(R));
        t.recv(seg(FIN | ACK).seq(R).ack(L + 1).len(500));
        t.expect(ack().seq(L + 1).ack(R + 501));
        assertThat(t.conn.state()).isEqualTo(TcpState.TIME_WAIT);

        t.recv(rst().seq(R + 501));

        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.NORMAL);
        assertThat(t.conn.isEndOfStream()).isFalse();
        assertThat(t.appRead(10_000)).isEqualTo(500);
        assertThat(t.conn.isEndOfStream()).isTrue();
        t.expectNothing();
    }

    @Test
    void resetInClosingKeepsTheCompleteStreamButReportsTheReset() {
        t.establishActive();
        t.conn.shutdown(t.nowNs);
        t.expect(seg(FIN | ACK).seq(L).ack(R));
        t.recv(seg(FIN | ACK).seq(R).ack(L).len(300));
        t.expect(ack().seq(L + 1).ack(R + 301));
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSING);

        t.recv(rst().seq(R + 301));

        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.RESET);
        assertThat(t.appRead(10_000)).isEqualTo(300);
        assertThat(t.conn.isEndOfStream()).isTrue();
    }

    @Test
    void resetBeforeTheFinStillDiscardsTheUnfinishedStream() {
        t.establishActive();
        t.recv(seg(PSH | ACK).seq(R).ack(L).len(300));
        t.recv(rst().seq(R + 300));
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.RESET);
        assertThat(t.conn.readableBytes()).isZero();
        t.drain();
    }

    @Test
    void anAckEchoingTheTimestampOfTheOriginalTransmissionAfterATimeoutGivesNoRttSample() {
        final TcpScript ts = new TcpScript(memory, TcpScript.plain().timestamps(true).build());
        try {
            ts.conn.connect(0, LOCAL_ISS);
            final TcpSegment syn = ts.expect(Seg.syn().seq(LOCAL_ISS));
            ts.advanceTo(100 * MS);
            ts.recv(Seg.synAck().seq(REMOTE_ISS).ack(L).mss(1000).ts(7, syn.tsVal()));
            ts.expect(ack().seq(L).ack(R));
            final long srttAfterHandshake = ts.conn.srttNs();
            ts.appSend(500);
            final TcpSegment original = ts.expect(seg(PSH | ACK).seq(L).len(500));
            ts.advanceTo(ts.nowNs + ts.conn.rtoNs());
            ts.expect(seg(PSH | ACK).seq(L).len(500));
            ts.advanceTo(ts.nowNs + 100 * MS);

            ts.recv(ack().seq(R).ack(L + 500).ts(8, original.tsVal()));

            assertThat(ts.conn.sndUna()).isEqualTo(L + 500);
            assertThat(ts.conn.srttNs()).as("no sample spanning the timeout").isEqualTo(srttAfterHandshake);
        } finally {
            ts.finish();
        }
    }
}
