package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.cc.Cubic;
import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linux's {@code sack/sack-shift-sacked-7-3-4-8-9-fack} and {@code -2-6-8-3-9-nofack} as our own
 * conversations, with CUBIC (which cuts the window, so PRR paces the recovery): ten segments of
 * 1000 bytes in one super-segment, a 100 ms round trip. What {@code tcp_info} counts of the
 * outstanding data (lost, SACKed, retransmitted, the reordering degree) follows each ACK, and
 * PRR (RFC 9937) adds its extra segment only on an ACK that moves SND.UNA without showing loss.
 */
class RackReorderingTest extends ScriptedConversation {
    RackReorderingTest() {
        super(512);
        t = new TcpScript(memory, TcpScript.plain().sack(true).tsoMaxBytes(65_535)
            .congestionControl(() -> new Cubic(10, true, 0)).build());
    }

    private void tenSegmentsOutAt100Ms() {
        t.establishWithSack(100 * MS, 30_000);
        for (int left = 10_000; left > 0; left -= 4096) {
            assertThat(t.conn.queue(memory.allocate(), 0, Math.min(left, 4096))).isTrue();
        }
        t.conn.push(t.nowNs);
        t.expect(seg(ACK | TcpFlags.PSH).seq(L).len(10_000));
    }

    private SendQueueCounts counts() {
        return t.conn.sendQueueCounts();
    }

    @Test
    void theReorderingTimerStartsRecoveryAndItsFirstRetransmissionGoesOut() {
        tenSegmentsOutAt100Ms();
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 7000, L + 8000));
        t.expectNothing(224 * MS); // one SACKed segment: wait RACK.rtt plus a quarter of it
        t.advanceTo(225 * MS);
        t.expect(seg(ACK).seq(L).len(1000));
        t.expectNothing();
        assertThat(t.conn.inFastRecovery()).isTrue();
        assertThat(counts().lost()).as("1:7001 lost, the first sent again").isEqualTo(7);
        assertThat(counts().retrans()).isEqualTo(1);
        assertThat(counts().reordering()).isEqualTo(3);

        // 3001:4001 arrives: below what was SACKed, never sent again: reordering of 5 segments
        t.advanceTo(227 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 3000, L + 4000).sack(L + 7000, L + 8000));
        t.expect(seg(ACK).seq(L + 1000).len(1000));
        t.expectNothing();
        assertThat(counts().lost()).isEqualTo(6);
        assertThat(counts().sacked()).isEqualTo(2);
        assertThat(counts().reordering()).isEqualTo(5);
        assertThat(counts().reorderingSeen()).isEqualTo(1);

        t.advanceTo(330 * MS);
        t.recv(ack().seq(R).ack(L + 10_000).win(30_000));
        // the holes from 2001 up, never sent again, arrived after all: reordering of 8 segments
        assertThat(counts()).isEqualTo(new SendQueueCounts(0, 0, 0, 0, 8, 2));
        assertThat(t.conn.inFastRecovery()).isFalse();
        assertThat(t.conn.cwndBytes()).as("PRR's recovery ends at ssthresh, nothing in flight or not")
            .isEqualTo(t.conn.ssthreshBytes()).isEqualTo(7000);
    }

    @Test
    void anAckThatOnlySacksSendsWhatItDeliveredAndNoExtraSegment() {
        tenSegmentsOutAt100Ms();
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 2000, L + 3000));
        t.advanceTo(201 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 2000, L + 3000).sack(L + 6000, L + 7000));
        t.advanceTo(202 * MS);
        // a third SACKed segment: everything sent before it and not SACKed is lost at once (6 segments);
        // the pipe (1) is far below ssthresh (7), yet the ACK moved nothing: one segment, not two
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 2000, L + 3000).sack(L + 6000, L + 7000)
            .sack(L + 8000, L + 9000));
        t.expect(seg(ACK).seq(L).len(1000));
        t.expectNothing();
        assertThat(counts().lost()).isEqualTo(6);
        t.recv(ack().seq(R).ack(L + 10_000).win(30_000));
    }

    /**
     * cubic/cubic-rack-reo-*: two SACKs show reordering (the second below the first), then the
     * cumulative ACK fills the holes below: data never retransmitted arriving ten segments below
     * the highest SACKed byte is reordering of degree ten, the second case seen.
     */
    @Test
    void aCumulativeAckThatFillsHolesNeverRetransmittedMeasuresReorderingToo() {
        tenSegmentsOutAt100Ms();
        t.advanceTo(120 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 9000, L + 10_000));
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 3000, L + 4000).sack(L + 9000, L + 10_000));
        assertThat(counts().sacked()).isEqualTo(2);
        assertThat(counts().reordering()).isEqualTo(7);
        t.recv(ack().seq(R).ack(L + 10_000).win(30_000));
        assertThat(counts().sacked()).isZero();
        assertThat(counts().reordering()).isEqualTo(10);
        assertThat(counts().reorderingSeen()).isEqualTo(2);
    }

    /**
     * fast_recovery/prr-ss-ack-below-snd_una-cubic: data the application writes during a PRR
     * recovery waits for the next ACK's share; the window left beside the pipe does not send it.
     */
    @Test
    void dataWrittenDuringAPrrRecoveryWaitsForTheNextAcksShare() {
        tenSegmentsOutAt100Ms();
        t.advanceTo(200 * MS);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 1000, L + 2000).sack(L + 3000, L + 4000)
            .sack(L + 5000, L + 6000));
        assertThat(t.conn.inFastRecovery()).isTrue();
        t.drain();
        t.appSend(1000);
        t.expectNothing();
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 1000, L + 2000).sack(L + 3000, L + 4000)
            .sack(L + 5000, L + 7000));
        assertThat(t.drain()).isNotEmpty();
        t.recv(ack().seq(R).ack(L + 10_000).win(30_000));
        t.drain();
        t.recv(ack().seq(R).ack(L + 11_000).win(30_000));
    }
}
