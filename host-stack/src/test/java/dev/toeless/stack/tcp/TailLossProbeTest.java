package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8985 section 7 tail loss probes: when the ACK of a window's tail is lost, a probe after
 * two round trips (at least 2 ms) draws the ACK instead of waiting for the 200 ms RTO.
 */
class TailLossProbeTest extends SackConversation {
    @Override
    LossDetection lossDetection() {
        return LossDetection.RFC6675;
    }

    @Test
    void theLastSegmentIsProbedWhenTheAckOfTheTailIsLost() {
        establishWithSack();
        sendFourSegments();
        t.advanceTo(1 * MS);
        t.recv(ack().seq(R).ack(L + 2000).win(30_000));
        // the ACK of the last two segments is lost; two round trips (SRTT 125 us: the floor, 2 ms) later:
        t.expectNothing(3 * MS - 1);
        t.advanceTo(3 * MS);
        t.expect(seg(ACK | PSH).seq(L + 3000).len(1000));
        t.expectNothing(200 * MS); // one probe per tail; the RTO stays armed behind it
        t.recv(ack().seq(R).ack(L + 4000).win(30_000).sack(L + 3000, L + 4000)); // D-SACK: it had it
        t.expectNothing(2000 * MS);
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(cc.timeouts).isZero();
        assertThat(t.conn.sendQueuedBytes()).isZero();
    }

    /** Probes off (Linux's {@code tcp_early_retrans=0}): the lost tail waits for the RTO. */
    @Test
    void withProbesOffTheTailWaitsForTheRetransmissionTimeout() {
        t.finish();
        t = new TcpScript(memory, TcpScript.plain().sack(true).congestionControl(() -> cc)
            .lossDetection(LossDetection.RACK_TLP).tailLossProbes(false).build());
        establishWithSack();
        sendFourSegments();
        t.advanceTo(1 * MS);
        t.recv(ack().seq(R).ack(L + 2000).win(30_000));
        t.expectNothing(t.conn.rtoNs());
        t.advanceTo(1 * MS + t.conn.rtoNs());
        t.expect(seg(ACK).seq(L + 2000).len(1000));
        assertThat(t.conn.counters().lossProbes()).isZero();
        assertThat(t.conn.counters().rtoTimeouts()).isEqualTo(1);
        t.recv(ack().seq(R).ack(L + 4000).win(30_000));
    }

    @Test
    void aCongestionLimitedSenderProbesWithOneNewSegment() {
        establishWithSack();
        congestionLimitedTailProbedWithNewData(); // new data, beyond cwnd by one segment
        t.expectNothing();
        t.recv(ack().seq(R).ack(L + 17_000).win(30_000));
        t.expect(seg(ACK).seq(L + 17_000).len(1000));
        t.expect(seg(ACK).seq(L + 18_000).len(1000));
        t.expect(seg(ACK | PSH).seq(L + 19_000).len(1000));
        t.recv(ack().seq(R).ack(L + 20_000).win(30_000));
        t.expectNothing(2000 * MS);
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(t.conn.counters().retransmittedSegments()).isZero();
    }

    @Test
    void noProbeWhileTheScoreboardHoldsSackedData() {
        establishWithSack();
        sendFourSegments();
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 2000, L + 3000));
        t.expectNothing(199 * MS); // SACK information: the RTO (or recovery) decides, not a probe
        t.advanceTo(200 * MS);
        t.expect(seg(ACK).seq(L).len(1000));
        t.recv(ack().seq(R).ack(L + 4000).win(30_000));
        assertThat(t.conn.counters().lossProbes()).isZero();
    }
}
