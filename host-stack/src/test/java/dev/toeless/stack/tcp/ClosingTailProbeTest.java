package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.FIN;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RACK-TLP's probe on the tail of a closing connection (Linux's {@code shutdown/shutdown-rdwr-*}):
 * after our FIN the tail is probed like any other, a FIN that went alone is probed alone, and with
 * the Linux profile's timeout the probe follows 2 SRTT by 2 ms (else 2 SRTT is at least 2 ms).
 */
class ClosingTailProbeTest extends ScriptedConversation {
    ClosingTailProbeTest() {
        super(512);
    }

    /** A 1 ms round trip (the handshake's), so SRTT is 1 ms. */
    private void establishWithRtt1(boolean linuxProbeTimeout) {
        t = new TcpScript(memory, TcpScript.plain().sack(true).linuxProbeTimeout(linuxProbeTimeout)
            .congestionControl(() -> new FixedWindow(10_000)).build());
        t.establishWithSack(MS, 30_000);
    }

    @Test
    void aFinThatWentAloneIsProbedAlone() {
        establishWithRtt1(false);
        t.appSend(3000);
        t.drain();
        t.advanceTo(2 * MS);
        t.conn.shutdown(t.nowNs);
        t.expect(seg(ACK | FIN).seq(L + 3000).len(0));
        t.expectNothing(4 * MS - 1); // 2 SRTT (1 ms), at least 2 ms
        t.advanceTo(4 * MS);
        t.expect(seg(ACK | FIN).seq(L + 3000).len(0));
        t.recv(ack().seq(R).ack(L + 3001).win(30_000));
        assertThat(t.conn.state()).isEqualTo(TcpState.FIN_WAIT_2);
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
    }

    @Test
    void linuxsProbeTimeoutIsTwoRoundTripsPlusTwoMilliseconds() {
        establishWithRtt1(true);
        t.appSend(3000);
        t.expect(seg(ACK).seq(L).len(1000));
        t.expect(seg(ACK).seq(L + 1000).len(1000));
        t.expect(seg(ACK | PSH).seq(L + 2000).len(1000));
        t.conn.shutdown(t.nowNs); // FIN_WAIT_1 with data in flight: still a tail to probe
        t.expect(seg(ACK | FIN).seq(L + 3000).len(0));
        t.expectNothing(t.nowNs + 4 * MS - 1);
        t.advanceTo(t.nowNs + 1);
        t.expect(seg(ACK | FIN).seq(L + 3000).len(0));
        t.recv(ack().seq(R).ack(L + 3001).win(30_000));
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
    }
}
