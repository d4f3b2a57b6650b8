package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpScript.LOCAL_ISS;
import static dev.toeless.stack.tcp.TcpScript.REMOTE_ISS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receive window under a socket-memory limit: the host's allowance bounds what is
 * advertised, the right edge already offered never moves left, a closed window is probed and
 * answered, and it opens again with a window update when memory frees.
 */
@ExtendWith(PageLeakCheck.class)
class ReceiveWindowLimitTest {
    static final int L = LOCAL_ISS + 1;
    static final int R = REMOTE_ISS + 1;

    HostMemory memory = new HostMemory(512);
    TcpScript t = new TcpScript(memory, TcpScript.plain().build());
    /** What the socket may hold in all, as a host's socket memory would grant it. */
    long holdBytes = Long.MAX_VALUE;

    @AfterEach
    void tearDown() {
        t.finish();
    }

    private void establishWithLimit() {
        t.conn.receiveWindowLimit(() -> Math.max(0, holdBytes - t.conn.readableBytes()));
        t.establishActive();
    }

    /** The peer fills the 8192-byte window it was offered; every second segment is acknowledged. */
    private void peerFillsTheWindow() {
        for (int i = 0; i < 8; i++) {
            t.recv(seg(ACK).seq(R + i * 1000).ack(L).len(1000));
            if (i % 2 == 1) {
                t.expect(ack().ack(R + (i + 1) * 1000).win(8192 - (i + 1) * 1000));
            }
        }
        t.expectNothing();
    }

    @Test
    void underPressureAReadOpensTheWindowOnlyAsFarAsTheAllowance() {
        establishWithLimit();
        peerFillsTheWindow();
        holdBytes = 2000; // memory pressure: this socket may hold 2000 bytes
        assertThat(t.appRead(100_000)).isEqualTo(8000);
        t.expect(ack().ack(R + 8000).win(2000)); // not 8192: the allowance bounds the update
        t.recv(seg(ACK).seq(R + 8000).ack(L).len(1000));
        t.recv(seg(ACK).seq(R + 9000).ack(L).len(1000));
        t.expect(ack().ack(R + 10_000).win(0));
        // the peer's zero-window probe is answered with the closed window, its byte not taken
        t.recv(seg(ACK).seq(R + 10_000).ack(L).len(1));
        t.expect(ack().ack(R + 10_000).win(0));
        t.recv(seg(ACK).seq(R + 10_000).ack(L).len(1));
        t.expect(ack().ack(R + 10_000).win(0));
        assertThat(t.conn.readableBytes()).isEqualTo(2000);
        // memory frees and the reader drains: the window opens with an update
        holdBytes = Long.MAX_VALUE;
        assertThat(t.appRead(100_000)).isEqualTo(2000);
        t.expect(ack().ack(R + 10_000).win(8192));
        t.recv(seg(ACK).seq(R + 10_000).ack(L).len(1000));
        t.recv(seg(ACK).seq(R + 11_000).ack(L).len(1000));
        t.expect(ack().ack(R + 12_000).win(6192));
        assertThat(t.appRead(100_000)).isEqualTo(2000);
    }

    @Test
    void dataInsideAWindowAlreadyOfferedIsTakenEvenWhenTheAllowanceIsGone() {
        establishWithLimit();
        for (int i = 0; i < 6; i++) {
            t.recv(seg(ACK).seq(R + i * 1000).ack(L).len(1000));
        }
        t.expect(ack().ack(R + 2000).win(6192));
        t.expect(ack().ack(R + 4000).win(4192));
        t.expect(ack().ack(R + 6000).win(2192));
        holdBytes = 0; // nothing more is allowed: the window closes as data fills it, the edge stays
        t.recv(seg(ACK).seq(R + 6000).ack(L).len(1000));
        t.recv(seg(ACK).seq(R + 7000).ack(L).len(1000));
        t.expect(ack().ack(R + 8000).win(192));
        t.recv(seg(ACK).seq(R + 8000).ack(L).len(192));
        assertThat(t.conn.readableBytes()).isEqualTo(8192);
        t.advanceTo(t.nowNs + 200_000_000L);
        t.expect(ack().ack(R + 8192).win(0));
        // reading with nothing allowed does not reopen the window
        assertThat(t.appRead(100_000)).isEqualTo(8192);
        t.expectNothing();
        t.recv(seg(ACK).seq(R + 8192).ack(L).len(1));
        t.expect(ack().ack(R + 8192).win(0));
        assertThat(t.conn.readableBytes()).isZero();
        // memory frees: the next probe still falls outside the closed window, its answer opens it
        holdBytes = Long.MAX_VALUE;
        t.recv(seg(ACK).seq(R + 8192).ack(L).len(1));
        t.expect(ack().ack(R + 8192).win(8192));
    }

    @Test
    void aConnectionOpenedUnderPressureOffersOnlyItsAllowance() {
        holdBytes = 3000;
        t.conn.receiveWindowLimit(() -> Math.max(0, holdBytes - t.conn.readableBytes()));
        t.conn.connect(0, LOCAL_ISS);
        t.expect(Seg.syn().seq(LOCAL_ISS).win(3000));
        t.recv(Seg.synAck().seq(REMOTE_ISS).ack(L).mss(1000).win(8192));
        t.expect(ack().seq(L).ack(R).win(3000));
        t.recv(seg(ACK).seq(R).ack(L).len(1000));
        t.recv(seg(ACK).seq(R + 1000).ack(L).len(1000));
        t.expect(ack().ack(R + 2000).win(1000));
        assertThat(t.appRead(100_000)).isEqualTo(2000);
        t.expect(ack().ack(R + 2000).win(3000));
    }
}
