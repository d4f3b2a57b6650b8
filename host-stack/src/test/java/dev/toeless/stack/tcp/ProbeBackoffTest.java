package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TcpConfig#probeBackoff()} ({@link ProbeBackoff#ON} unless named) as a conversation (RFC 9002 6.2's probe timeout backoff on RACK-TLP):
 * four segments of 1000 bytes leave at 0, the peer acknowledges two at 1 ms, and every later ACK is
 * lost. The probe goes two round trips later (the 2 ms floor: 3 ms) and, there being no new data, is a
 * copy of the last segment, which any receiver acknowledges at once. When nothing answers it, the copy
 * goes again after twice the probe timeout (4 ms: at 7 ms), then four times (8 ms: at 15 ms), ... as long
 * as that comes before the RTO the first probe armed (at 3 ms + 200 ms), which then fires as before.
 */
class ProbeBackoffTest extends SackConversation {
    private static final int LAST = L + 3000;

    private void startOver(ProbeBackoff backoff) {
        t.finish();
        t = new TcpScript(memory, TcpScript.plain().sack(true).congestionControl(() -> cc)
            .lossDetection(LossDetection.RACK_TLP).probeBackoff(backoff).build());
        establishWithSack();
        sendFourSegments();
        t.advanceTo(1 * MS);
        t.recv(ack().seq(R).ack(L + 2000).win(30_000));
    }

    /** The copy of the last segment goes at {@code atNs}, alone. */
    private void copyAt(long atNs) {
        t.expectNothing(atNs - 1);
        t.advanceTo(atNs);
        t.expect(seg(ACK | PSH).seq(LAST).len(1000));
        t.expectNothing();
    }

    /** Nothing more until the RTO the first probe armed (3 ms + 200 ms): go-back-N from SND.UNA. */
    private void rtoAt203() {
        t.expectNothing(203 * MS - 1);
        t.advanceTo(203 * MS);
        t.expect(seg(ACK).seq(L + 2000).len(1000));
    }

    /** The retransmission's ACK: the peer held everything. */
    private void allAcknowledgedAt204() {
        t.advanceTo(204 * MS);
        t.recv(ack().seq(R).ack(L + 4000).win(30_000));
    }

    @Test
    void anUnansweredCopyIsSentAgainAfterTwiceTheProbeTimeout() {
        startOver(ProbeBackoff.ON);
        copyAt(3 * MS); // the probe: 2 ms after the last ACK
        copyAt(7 * MS); // its ACK was lost: again after 2 x 2 ms
        t.advanceTo(8 * MS);
        t.recv(ack().seq(R).ack(L + 4000).win(30_000).sack(LAST, L + 4000)); // it had it all: a D-SACK
        t.expectNothing(2000 * MS);
        assertThat(t.conn.counters().lossProbes()).isEqualTo(2);
        assertThat(t.conn.counters().lossProbeRepeats()).isEqualTo(1);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(cc.timeouts).isZero(); // no probe touched the window
        assertThat(t.conn.sendQueuedBytes()).isZero();
    }

    /**
     * Nothing answers: the copies go at 3, 7, 15, 31, 63 and 127 ms (each wait twice the one before);
     * the next would be at 255 ms, after the RTO (203 ms), which fires then as it would without them.
     */
    @Test
    void theRepeatsStopBeforeTheRtoWhichFiresWhenItWouldHave() {
        startOver(ProbeBackoff.ON);
        copyAt(3 * MS);
        assertThat(t.conn.rtoNs()).isEqualTo(200 * MS);
        for (long at : new long[] {7, 15, 31, 63, 127}) {
            copyAt(at * MS);
        }
        rtoAt203();
        assertThat(t.conn.counters().lossProbes()).isEqualTo(6);
        assertThat(t.conn.counters().lossProbeRepeats()).isEqualTo(5);
        assertThat(t.conn.counters().rtoTimeouts()).isEqualTo(1);
        assertThat(cc.timeouts).isEqualTo(1);
        allAcknowledgedAt204();
    }

    /**
     * {@link ProbeBackoff#LEARNED} (the default): this peer was never seen to delay its ACK (the copy is
     * a copy only because no new data waits), so the copy is not repeated.
     */
    @Test
    void learnedRepeatsNothingForAPeerNotSeenToDelay() {
        startOver(ProbeBackoff.LEARNED);
        copyAt(3 * MS);
        rtoAt203();
        assertThat(t.conn.counters().lossProbeRepeats()).isZero();
        allAcknowledgedAt204();
    }

    /** Off (RFC 8985 7.3 and Linux): one probe per tail, then the RTO at the same 203 ms. */
    @Test
    void withTheOptionOffOneProbeThenTheRto() {
        startOver(ProbeBackoff.OFF);
        copyAt(3 * MS);
        rtoAt203();
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
        assertThat(t.conn.counters().lossProbeRepeats()).isZero();
        allAcknowledgedAt204();
    }

    /**
     * A probe of new data is not repeated: a peer that holds everything may be holding its ACK of one
     * new in-order segment for its delayed-ACK timer (40 ms at Linux, up to 500 ms by RFC 1122), and no
     * ACK after twice the probe timeout says nothing of loss.
     */
    @Test
    void aNewDataProbeIsNotRepeated() {
        t.finish();
        t = new TcpScript(memory, TcpScript.plain().sack(true).congestionControl(() -> cc)
            .lossDetection(LossDetection.RACK_TLP).probeBackoff(ProbeBackoff.ON).build());
        establishWithSack();
        congestionLimitedTailProbedWithNewData(); // the probe: one new segment, beyond cwnd
        t.expectNothing(203 * MS - 1); // not again at 7 ms: the RTO is next
        t.advanceTo(203 * MS);
        t.expect(seg(ACK).seq(L + 6000).len(1000));
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
        assertThat(t.conn.counters().lossProbeRepeats()).isZero();
        assertThat(t.conn.counters().rtoTimeouts()).isEqualTo(1);
        t.advanceTo(204 * MS);
        t.recv(ack().seq(R).ack(L + 17_000).win(30_000));
    }
}
