package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A local queue that refuses every segment ({@link TcpConnection#localQueueDrops}, Linux's failed
 * transmit under a {@code pfifo limit 0} qdisc, user_timeout/user-timeout-probe.pkt), as
 * conversations: new data does not leave and is not in flight; the sender probes after the RTO
 * (200 ms at least), then every 500 ms without backoff; a user timeout counts from the first probe.
 */
class LocalQueueDropTest extends ScriptedConversation {
    LocalQueueDropTest() {
        super(256);
        t = new TcpScript(memory, TcpScript.plain().minRtoNs(200 * MS).build());
    }

    private long refusedSend() {
        t.establishActive();
        t.appSend(24);
        t.expect(seg(ACK | PSH).seq(L).len(24));
        t.advanceTo(100 * MS);
        t.recv(ack().seq(R).ack(L + 24));
        t.conn.localQueueDrops(t.nowNs, true);
        t.appSend(24);
        t.expectNothing();
        assertThat(t.conn.sendQueuedBytes()).isEqualTo(24);
        return t.nowNs + t.conn.rtoNs();
    }

    @Test
    void whileTheQueueRefusesTheSenderProbesEvery500msUntilTheUserTimeout() {
        t.conn.userTimeout(3000 * MS);
        final long firstProbe = refusedSend();
        t.advanceTo(firstProbe - 1);
        assertThat(t.conn.probesOut()).isZero();
        t.advanceTo(firstProbe);
        assertThat(t.conn.probesOut()).isEqualTo(1);
        for (int i = 1; i <= 5; i++) {
            t.advanceTo(firstProbe + i * 500 * MS - 1);
            assertThat(t.conn.probesOut()).isEqualTo(i);
            t.advanceTo(firstProbe + i * 500 * MS);
            assertThat(t.conn.probesOut()).isEqualTo(i + 1);
        }
        t.advanceTo(firstProbe + 3000 * MS - 1);
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
        t.advanceTo(firstProbe + 3000 * MS);
        assertThat(t.conn.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.conn.closeReason()).isEqualTo(CloseReason.TIMEOUT);
        assertThat(t.conn.probesOut()).isEqualTo(6);
        assertThat(t.conn.rtoBackoffs()).isZero();
        t.drain(); // the RST of the timeout (the host's queue drops it)
    }

    @Test
    void whenTheQueueTakesSegmentsAgainTheDataLeaves() {
        final long firstProbe = refusedSend();
        t.advanceTo(firstProbe + 500 * MS);
        assertThat(t.conn.probesOut()).isEqualTo(2);
        t.conn.localQueueDrops(t.nowNs, false);
        t.expect(seg(ACK | PSH).seq(L + 24).len(24));
        assertThat(t.conn.probesOut()).isZero();
        t.recv(ack().seq(R).ack(L + 48));
        t.expectNothing(t.nowNs + 5000 * MS);
    }
}
