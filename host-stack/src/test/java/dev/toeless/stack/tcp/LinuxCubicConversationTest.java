package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.cc.LinuxCubic;
import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.TcpScript.LOCAL_ISS;
import static dev.toeless.stack.tcp.TcpScript.REMOTE_ISS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linux's CUBIC ({@link LinuxCubic}) inside the engine, as conversations: the sender hands it
 * every transmission and every ACK that moves SND.UNA, so HyStart sees Linux's per-ACK RTT
 * samples, and a timeout takes ssthresh from the window. Found by the {@code cubic/} packetdrill
 * scripts ({@code cubic-hystart-delay-rtt-jumps-upward}, {@code cubic-rto-ss-ca-cwnd-bump}).
 */
class LinuxCubicConversationTest extends ScriptedConversation {
    static final long INFINITE = Long.MAX_VALUE;

    LinuxCubicConversationTest() {
        super(512);
    }

    private void open(long rttMs) {
        t = new TcpScript(memory, TcpScript.plain().sendBufferBytes(256 * 1024).receiveBufferBytes(65_535)
            .cwndLimitedGrowth(true).deliveredGrowth(true).minRtoNs(200 * MS).rtoFloorOnVariance(true)
            .congestionControl(LinuxCubic::new).build());
        t.conn.connect(t.nowNs, LOCAL_ISS);
        t.expect(Seg.syn().seq(LOCAL_ISS));
        t.advanceTo(rttMs * MS);
        t.recv(Seg.synAck().seq(REMOTE_ISS).ack(L).mss(1000).win(60_000));
        t.expect(ack().seq(L).ack(R));
    }

    private long cwnd() {
        return t.conn.cwndBytes() / 1000;
    }

    private long ssthresh() {
        final long s = t.conn.ssthreshBytes();
        return s == INFINITE ? INFINITE : s / 1000;
    }

    /**
     * Slow start at a 200 ms RTT; the second round's ACKs come 240 ms after their data left: from
     * the ninth sample of the round HyStart's delay detector sees RTTs above 200 + 16 ms and ends
     * slow start at the window it has, 36 segments.
     */
    @Test
    void hystartEndsSlowStartWhenTheRttRises() {
        open(200);
        t.appSend(30_000);
        t.advanceTo(400 * MS);
        t.recv(ack().seq(R).ack(L + 10_000).win(60_000));
        assertThat(cwnd()).isEqualTo(20);
        t.drain();
        t.advanceTo(640 * MS);
        for (int a = 12_000; a <= 26_000; a += 2000) {
            t.recv(ack().seq(R).ack(L + a).win(60_000));
            assertThat(ssthresh()).as("after the ACK of %d", a).isEqualTo(INFINITE);
            t.advanceTo(t.nowNs + MS);
        }
        assertThat(cwnd()).isEqualTo(36);
        t.recv(ack().seq(R).ack(L + 28_000).win(60_000));
        assertThat(ssthresh()).isEqualTo(36);
        assertThat(cwnd()).isEqualTo(36);
        t.drain();
        t.recv(ack().seq(R).ack(L + 30_000).win(60_000));
    }

    /**
     * A timeout with one segment in flight and a window of 10: ssthresh is 7 (the window times
     * 717/1024, Linux's {@code cubictcp_recalc_ssthresh}), not 2 (from the flight); the ACK of the
     * retransmission grows the window from 1 to 2 in slow start.
     */
    @Test
    void aTimeoutTakesSsthreshFromTheWindow() {
        open(100);
        t.appSend(1000);
        t.expect(Seg.seg(TcpFlags.ACK | TcpFlags.PSH).seq(L).len(1000));
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L + 1000).win(60_000));
        assertThat(cwnd()).isEqualTo(10);
        t.appSend(1000);
        t.expect(Seg.seg(TcpFlags.ACK | TcpFlags.PSH).seq(L + 1000).len(1000));
        t.advanceTo(t.nowNs + 2000 * MS);
        t.expect(Seg.seg(TcpFlags.ACK | TcpFlags.PSH).seq(L + 1000).len(1000));
        assertThat(ssthresh()).isEqualTo(7);
        assertThat(cwnd()).isEqualTo(1);
        t.drain();
        t.recv(ack().seq(R).ack(L + 2000).win(60_000));
        assertThat(cwnd()).isEqualTo(2);
        assertThat(ssthresh()).isEqualTo(7);
    }
}
