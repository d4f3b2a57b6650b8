package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.cc.Cubic;
import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.Seg.syn;
import static dev.toeless.stack.tcp.Seg.synAck;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static dev.toeless.stack.tcp.TcpScript.LOCAL_ISS;
import static dev.toeless.stack.tcp.TcpScript.REMOTE_ISS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linux's {@code slow_start/slow-start-after-idle} and {@code -after-win-update} as our own
 * conversation: with {@link TcpConfig#twoSuperSegmentsInFlight()} a window of new data leaves as
 * super-segments of at most half the congestion window (Linux's {@code tcp_cwnd_test}), so an
 * initial window of 10 segments goes as two of 5; without it, as one of 10.
 */
class TwoSuperSegmentsTest extends ScriptedConversation {
    TwoSuperSegmentsTest() {
        super(256);
    }

    private void connected(boolean twoInFlight) {
        t = new TcpScript(memory, TcpScript.plain().sendBufferBytes(65_536).tsoMaxBytes(65_535)
            .twoSuperSegmentsInFlight(twoInFlight).congestionControl(() -> new Cubic(10, true, 0)).build());
        t.conn.connect(0, LOCAL_ISS);
        t.expect(syn());
        t.advanceTo(100 * MS);
        t.recv(synAck().seq(REMOTE_ISS).ack(L).mss(1000).win(60_000));
        t.expect(ack().ack(R));
    }

    /** One write: all its pages queued, then one push (as a socket's sendmsg). */
    private void write(int bytes) {
        for (int left = bytes; left > 0; left -= 4096) {
            assertThat(t.conn.queue(memory.allocate(), 0, Math.min(left, 4096))).isTrue();
        }
        t.conn.push(t.nowNs);
    }

    @Test
    void theInitialWindowLeavesAsTwoSuperSegmentsOfHalfTheWindow() {
        connected(true);
        write(26_000);
        t.expect(seg(ACK).seq(L).len(5000));
        t.expect(seg(ACK).seq(L + 5000).len(5000));
        t.expectNothing();
        // slow start doubles the window to 20: half of it, then the 6000 bytes left
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L + 10_000).win(60_000));
        t.expect(seg(ACK).seq(L + 10_000).len(10_000));
        t.expect(seg(ACK | PSH).seq(L + 20_000).len(6000));
        t.expectNothing();
    }

    @Test
    void withoutItTheWholeWindowIsOneSuperSegment() {
        connected(false);
        write(26_000);
        t.expect(seg(ACK).seq(L).len(10_000));
        t.expectNothing();
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L + 10_000).win(60_000));
        t.expect(seg(ACK | PSH).seq(L + 10_000).len(16_000));
        t.expectNothing();
    }
}
