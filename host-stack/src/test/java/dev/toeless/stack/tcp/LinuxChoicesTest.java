package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.cc.Cubic;
import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static dev.toeless.stack.tcp.TcpScript.LOCAL_ISS;
import static dev.toeless.stack.tcp.TcpScript.REMOTE_ISS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where Linux's choices differ from what the engine does by default, found by Linux's packetdrill
 * scripts, as conversations of our own: each a {@link TcpConfig} setting the Linux profile turns
 * on, shown with it and without.
 */
class LinuxChoicesTest extends ScriptedConversation {
    LinuxChoicesTest() {
        super(512);
    }

    private TcpScript reorderingSender(boolean deliveredGrowth, boolean sack) {
        final TcpScript s = new TcpScript(memory, TcpScript.plain().sendBufferBytes(65_536).sack(sack)
            .cwndLimitedGrowth(true).deliveredGrowth(deliveredGrowth)
            .congestionControl(() -> new Cubic(10, true, 0)).build());
        s.conn.connect(s.nowNs, LOCAL_ISS);
        s.expect(Seg.syn().seq(LOCAL_ISS));
        s.advanceTo(100 * MS);
        final Seg synAck = Seg.synAck().seq(REMOTE_ISS).ack(L).mss(1000).win(60_000);
        s.recv(sack ? synAck.sackOk() : synAck);
        s.expect(ack().seq(L).ack(R));
        s.appSend(15_000);
        for (int i = 0; i < 10; i++) {
            s.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        s.expectNothing(210 * MS);
        return s;
    }

    /**
     * limited_transmit/limited-transmit-no-sack: two duplicate ACKs send two new segments (RFC
     * 3042), then the cumulative ACK shows reordering. It acknowledges three segments, but two of
     * them the duplicate ACKs already counted: one is newly delivered, so slow start grows the
     * window from 10 to 11 segments, and with 9 in flight two go out, not three.
     */
    @Test
    void afterReorderingTheWindowGrowsByWhatTheCumulativeAckNewlyDelivers() {
        t = reorderingSender(true, false);
        t.recv(ack().seq(R).ack(L).win(60_000));
        t.expect(seg(ACK).seq(L + 10_000).len(1000));
        t.recv(ack().seq(R).ack(L).win(60_000));
        t.expect(seg(ACK).seq(L + 11_000).len(1000));
        t.recv(ack().seq(R).ack(L + 3000).win(60_000));
        assertThat(t.conn.cwndBytes()).isEqualTo(11_000);
        t.expect(seg(ACK).seq(L + 12_000).len(1000));
        t.expect(seg(ACK).seq(L + 13_000).len(1000));
        t.expectNothing();
        t.recv(ack().seq(R).ack(L + 15_000).win(60_000));
    }

    /** limited_transmit/limited-transmit-sack: the same with SACK; SACKed bytes are not counted twice. */
    @Test
    void sackedDataIsNotCountedAgainWhenTheCumulativeAckCoversIt() {
        t = reorderingSender(true, true);
        t.recv(ack().seq(R).ack(L).win(60_000).sack(L + 1000, L + 2000));
        t.expect(seg(ACK).seq(L + 10_000).len(1000));
        t.recv(ack().seq(R).ack(L).win(60_000).sack(L + 1000, L + 3000));
        t.expect(seg(ACK).seq(L + 11_000).len(1000));
        t.recv(ack().seq(R).ack(L + 3000).win(60_000));
        assertThat(t.conn.cwndBytes()).isEqualTo(11_000);
        assertThat(t.drain()).hasSize(2);
        t.recv(ack().seq(R).ack(L + 15_000).win(60_000));
    }

    @Test
    void byDefaultTheWindowGrowsByAllThatSndUnaMoved() {
        t = reorderingSender(false, false);
        t.recv(ack().seq(R).ack(L).win(60_000));
        t.recv(ack().seq(R).ack(L).win(60_000));
        assertThat(t.drain()).hasSize(2);
        t.recv(ack().seq(R).ack(L + 3000).win(60_000));
        assertThat(t.conn.cwndBytes()).isEqualTo(13_000);
        t.expect(seg(ACK).seq(L + 12_000).len(1000)); // the rest of the queue: 3 segments
        t.expect(seg(ACK).seq(L + 13_000).len(1000));
        t.expect(seg(ACK | PSH).seq(L + 14_000).len(1000));
        t.recv(ack().seq(R).ack(L + 15_000).win(60_000));
    }

    /**
     * ts_recent/invalid_ack: an ACK of data never sent is dropped. RFC 9293 (3.10.7.4) answers it
     * with an ACK; Linux drops it silently. Either way nothing of it counts, its FIN included.
     */
    @Test
    void anAckOfUnsentDataIsDroppedSilentlyWhenSoConfigured() {
        t = new TcpScript(memory, TcpScript.plain().dropAckOfUnsentData(true).build());
        t.establishPassive();
        t.recv(seg(ACK | TcpFlags.FIN).seq(R).ack(L + 9999));
        t.expectNothing();
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
        t.recv(seg(ACK).seq(R).ack(L).len(100));
        t.advanceTo(40 * MS);
        t.expect(ack().seq(L).ack(R + 100));
        assertThat(t.appRead(1000)).isEqualTo(100);
    }

    @Test
    void byDefaultAnAckOfUnsentDataDrawsAnAck() {
        t = new TcpScript(memory, TcpScript.plain().build());
        t.establishPassive();
        t.recv(seg(ACK | TcpFlags.FIN).seq(R).ack(L + 9999));
        t.expect(ack().seq(L).ack(R));
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    /**
     * ts_recent/reset_tsval: a close with unread data resets the connection (RFC 2525). Linux's
     * RST carries the ACK of what arrived and the timestamps, its TSval the clock of now.
     */
    @Test
    void theResetOfACloseWithUnreadDataCarriesTheAckAndTheTimestampsWhenSoConfigured() {
        t = new TcpScript(memory, TcpScript.plain().timestamps(true).resetWithAck(true).build());
        t.conn.listen(LOCAL_ISS);
        t.recv(Seg.syn().seq(REMOTE_ISS).mss(1000).win(8192).ts(100, 0));
        t.expect(Seg.synAck().seq(LOCAL_ISS).ack(R));
        t.recv(ack().seq(R).ack(L).win(8192).ts(200, 0));
        t.recv(seg(ACK).seq(R).ack(L).len(1000).ts(201, 0));
        t.advanceTo(40 * MS);
        final TcpSegment acked = t.expect(ack().seq(L).ack(R + 1000));
        t.advanceTo(1040 * MS);
        t.conn.close(t.nowNs);
        final TcpSegment rst = t.expect(seg(TcpFlags.RST | ACK).seq(L).ack(R + 1000).tsEcr(201));
        assertThat(rst.tsVal() - acked.tsVal()).as("one second of the timestamp clock").isEqualTo(1000);
    }

    @Test
    void byDefaultTheResetOfACloseWithUnreadDataIsBare() {
        t = new TcpScript(memory, TcpScript.plain().timestamps(true).build());
        t.establishPassive();
        t.recv(seg(ACK).seq(R).ack(L).len(1000));
        t.advanceTo(40 * MS);
        t.expect(ack().seq(L).ack(R + 1000));
        t.conn.close(t.nowNs);
        final TcpSegment rst = t.expect(Seg.rst().seq(L));
        assertThat(rst.hasTimestamps()).isFalse();
    }
}
