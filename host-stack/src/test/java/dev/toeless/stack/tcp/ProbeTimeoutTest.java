package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When RACK-TLP's probe timer fires (RFC 8985 7.2): PTO = 2 SRTT, plus the worst delayed ACK
 * (WCDelAckT, 200 ms) when one segment is in flight, never after the RTO. With
 * {@link TcpConfig#linuxProbeTimeout()} as Linux's {@code tcp_schedule_loss_probe} (2 SRTT +
 * {@code TCP_TIMEOUT_MIN}, 2 ms, with more than one segment in flight; + {@code TCP_RTO_MIN},
 * 200 ms, with one); without it 2 SRTT is at least 2 ms ({@code TCP_TIMEOUT_MIN} as a floor where
 * Linux adds it; the TLP draft's floor was 10 ms). The handshake's
 * round trip is the one RTT sample: SRTT = 100 us.
 */
class ProbeTimeoutTest extends ScriptedConversation {
    private static final long US = 1_000L;

    ProbeTimeoutTest() {
        super(512);
    }

    /** SYN at 0, SYN-ACK 100 us later: SRTT 100 us, RTTVAR 50 us, so the RTO is the minimum RTO. */
    private void establish(boolean linuxProbeTimeout, long minRtoNs) {
        t = new TcpScript(memory, TcpScript.plain().sack(true).linuxProbeTimeout(linuxProbeTimeout)
            .minRtoNs(minRtoNs).congestionControl(() -> new FixedWindow(10_000)).build());
        t.establishWithSack(100 * US, 30_000);
    }

    /** Four segments leave at {@code t.nowNs}; the tail's ACKs are all lost; returns the probe's time. */
    private long probeTimeOfFourSegments() {
        final long sentAt = t.nowNs;
        t.appSend(4000);
        for (int i = 0; i < 4; i++) {
            t.expect(seg(i == 3 ? ACK | PSH : ACK).seq(L + i * 1000).len(1000));
        }
        return sentAt;
    }

    @Test
    void severalSegmentsInFlightAreProbedTwoRoundTripsPlusTwoMillisecondsLater() {
        establish(true, 200 * MS);
        final long sentAt = probeTimeOfFourSegments();
        final long pto = 2 * 100 * US + 2 * MS;
        t.expectNothing(sentAt + pto - 1);
        t.advanceTo(sentAt + pto);
        t.expect(seg(ACK | PSH).seq(L + 3000).len(1000)); // nothing new to send: the last segment again
        t.expectNothing();
        t.recv(ack().seq(R).ack(L + 4000).win(30_000).sack(L + 3000, L + 4000));
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
    }

    @Test
    void withoutLinuxsTimeoutTwoRoundTripsAreAtLeastTwoMilliseconds() {
        establish(false, 200 * MS);
        final long sentAt = probeTimeOfFourSegments();
        t.expectNothing(sentAt + 2 * MS - 1);
        t.advanceTo(sentAt + 2 * MS);
        t.expect(seg(ACK | PSH).seq(L + 3000).len(1000));
        t.recv(ack().seq(R).ack(L + 4000).win(30_000).sack(L + 3000, L + 4000));
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
    }

    /** One segment: the peer may hold its ACK for its delayed-ACK timer, so 200 ms more (the RTO is 1 s here). */
    @Test
    void oneSegmentInFlightWaitsTheWorstDelayedAckToo() {
        for (boolean linux : new boolean[] {true, false}) {
            establish(linux, 1000 * MS);
            final long sentAt = t.nowNs;
            t.appSend(1000);
            t.expect(seg(ACK | PSH).seq(L).len(1000));
            final long pto = (linux ? 2 * 100 * US + 200 * MS : 2 * MS + 200 * MS);
            t.expectNothing(sentAt + pto - 1);
            t.advanceTo(sentAt + pto);
            t.expect(seg(ACK | PSH).seq(L).len(1000));
            t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L, L + 1000));
            assertThat(t.conn.counters().lossProbes()).as("linux %s", linux).isEqualTo(1);
            assertThat(t.conn.counters().rtoTimeouts()).as("linux %s", linux).isZero();
            t.finish();
        }
    }

    /**
     * One segment with the 200 ms minimum RTO: 2 SRTT + 200 ms would come after the RTO, so the probe
     * goes at the RTO's time instead (RFC 8985 7.2, Linux's {@code rto_delta_us}); a probe, not a timeout.
     */
    @Test
    void theProbeNeverWaitsPastTheRetransmissionTimeout() {
        establish(true, 200 * MS);
        final long sentAt = t.nowNs;
        t.appSend(1000);
        t.expect(seg(ACK | PSH).seq(L).len(1000));
        final long rto = t.conn.rtoNs();
        assertThat(rto).isEqualTo(200 * MS);
        t.expectNothing(sentAt + rto - 1);
        t.advanceTo(sentAt + rto);
        t.expect(seg(ACK | PSH).seq(L).len(1000));
        assertThat(t.conn.counters().lossProbes()).isEqualTo(1);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        t.recv(ack().seq(R).ack(L + 1000).win(30_000).sack(L, L + 1000));
    }
}
