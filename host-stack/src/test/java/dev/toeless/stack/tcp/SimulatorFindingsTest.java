package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
@ExtendWith(PageLeakCheck.class)
class SimulatorFindingsTest {
    static final long MS = 1_000_000L;
    static final int L = LOCAL_ISS + 1;
    static final int R = REMOTE_ISS + 1;

    HostMemory memory = new HostMemory(256);
    TcpScript t = new TcpScript(memory, TcpScript.plain().build());

    @AfterEach
    void tearDown() {
        t.finish();
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
}
