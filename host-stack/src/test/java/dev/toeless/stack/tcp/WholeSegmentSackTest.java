package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.stack.tcp.cc.Cubic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
 * Linux's {@code fast_retransmit/fr-4pkt-fack-last-byte} as our own conversation: four segments of
 * 1000 bytes leave as one super-segment, a 100 ms round trip, and the peer SACKs only part of a
 * segment. A SACK block counts for the whole segments it covers, cut from the super-segment in
 * MSS steps as they were sent (as Linux's {@code tcp_match_skb_to_sack}); the part of a segment
 * it covers is not SACKed, so RACK does not take it as evidence that the segments before it
 * were lost.
 */
@ExtendWith(PageLeakCheck.class)
class WholeSegmentSackTest {
    static final long MS = 1_000_000L;
    static final int L = LOCAL_ISS + 1;
    static final int R = REMOTE_ISS + 1;

    final HostMemory memory = new HostMemory(256);
    final TcpScript t = new TcpScript(memory, TcpScript.plain().sack(true).tsoMaxBytes(65_535)
        .congestionControl(() -> new Cubic(10, true, 0)).build());

    @AfterEach
    void tearDown() {
        t.finish();
    }

    private void fourSegmentsOutAt100Ms() {
        t.conn.connect(0, LOCAL_ISS);
        t.expect(syn().sackOk());
        t.advanceTo(100 * MS);
        t.recv(synAck().seq(REMOTE_ISS).ack(L).mss(1000).sackOk().win(30_000));
        t.expect(ack().ack(R));
        t.appSend(4000);
        t.expect(seg(ACK | PSH).seq(L).len(4000));
    }

    @Test
    void aSackOfTheLastByteSacksNothingAndTheTailIsProbed() {
        fourSegmentsOutAt100Ms();
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 3999, L + 4000));
        assertThat(t.conn.sendQueueCounts().sacked()).isZero();
        // no reordering timer (nothing is SACKed): the tail loss probe resends the last segment
        t.expectNothing(299 * MS);
        t.advanceTo(300 * MS);
        t.expect(seg(ACK | PSH).seq(L + 3000).len(1000));
        t.expectNothing();
        assertThat(t.conn.inFastRecovery()).isFalse();
    }

    @Test
    void aBlockOfASegmentAndAHalfSacksTheWholeSegmentOnly() {
        fourSegmentsOutAt100Ms();
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 2500, L + 4000));
        assertThat(t.conn.sendQueueCounts().sacked()).isEqualTo(1);
        // the SACKed segment starts RACK's reordering timer: a quarter of the round trip later
        // the segments before it are deemed lost, and the first goes again
        t.expectNothing(224 * MS);
        t.advanceTo(225 * MS);
        t.expect(seg(ACK).seq(L).len(1000));
        assertThat(t.conn.sendQueueCounts().lost()).isEqualTo(3);
    }
}
