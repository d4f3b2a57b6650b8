package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TcpConfig#adaptiveProbes()} as a conversation: a path of 1 ms round trip, segments of 1000
 * bytes, a fixed 10,000-byte window, more data waiting than it holds. Every ACK of a window's tail
 * is lost, so each tail ends in a tail loss probe; how the peer answers the probe decides what the
 * next one carries. A peer that holds every byte answers one new in-order segment when its
 * delayed-ACK timer fires (Linux: 40 ms), a copy at once.
 */
class AdaptiveProbeTest extends SackConversation {
    /** Where the next window starts. */
    private int next = L;

    private void startOver(boolean adaptive) {
        startOver(adaptive, ProbeBackoff.LEARNED);
    }

    private void startOver(boolean adaptive, ProbeBackoff backoff) {
        t.finish();
        t = new TcpScript(memory, TcpScript.plain().sack(true).congestionControl(() -> cc)
            .lossDetection(LossDetection.RACK_TLP).adaptiveProbes(adaptive).probeBackoff(backoff).build());
        t.establishWithSack(1 * MS, 60_000);
        t.appSend(60_000);
        window();
    }

    /** Ten segments leave from {@link #next}. */
    private void window() {
        for (int i = 0; i < 10; i++) {
            t.expect(seg(ACK).seq(next).len(1000));
            next += 1000;
        }
        t.expectNothing();
    }

    /** Every ACK of the window is lost: the probe goes at its timeout, alone. Returns when. */
    private long probe(int seq) {
        final long at = t.conn.nextDeadlineNs();
        assertThat(at - t.nowNs).isLessThan(t.conn.rtoNs()); // a probe, not the RTO
        t.advanceTo(at);
        t.expect(seg(ACK).seq(seq).len(1000));
        t.expectNothing();
        return at;
    }

    /** The peer acknowledges everything {@code afterNs} after the probe sent at {@code probeAt}. */
    private void ackAll(long probeAt, long afterNs, int end, boolean dsack) {
        t.advanceTo(probeAt + afterNs);
        t.recv(dsack ? ack().seq(R).ack(end).win(60_000).sack(end - 1000, end) : ack().seq(R).ack(end).win(60_000));
    }

    /** The first window's ACKs arrive 1 ms after it left; the second window leaves. */
    private void secondWindow() {
        t.advanceTo(2 * MS);
        t.recv(ack().seq(R).ack(next).win(60_000));
        window();
    }

    /**
     * The peer holds everything and answers the new-data probe 40 ms late (its delayed-ACK timer,
     * where the path allows max(2 SRTT, SRTT + 20 ms), 21 ms): the next tail's probe sends the
     * highest segment again, which the peer answers at once, with a D-SACK.
     */
    @Test
    void aPeerThatDelaysTheAckOfALoneSegmentTeachesTheSenderToResend() {
        startOver(true);
        secondWindow();
        final long first = probe(next); // new data, as RFC 8985 7.3
        next += 1000;
        ackAll(first, 40 * MS, next, false);
        window();
        final long second = probe(next - 1000); // the last segment again, not new data
        ackAll(second, 1 * MS, next, true);
        window(); // new data after the prompt ACK
        probe(next - 1000); // still resending
        assertThat(t.conn.counters().lossProbes()).isEqualTo(3);
        assertThat(t.conn.counters().lossProbeCopies()).isEqualTo(2);
        assertThat(t.conn.counters().delayedAckLearned()).isEqualTo(1);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        t.drain();
    }

    /** A peer that answers the new-data probe within the round trip (1 ms) never teaches it. */
    @Test
    void aPeerThatAcknowledgesAtOnceKeepsNewDataProbes() {
        startOver(true);
        secondWindow();
        for (int round = 0; round < 3; round++) {
            final long at = probe(next);
            next += 1000;
            ackAll(at, 1 * MS, next, false);
            window();
        }
        assertThat(t.conn.counters().lossProbes()).isEqualTo(3);
        assertThat(t.conn.counters().delayedAckLearned()).isZero();
        t.drain();
    }

    /** 15 ms is later than two round trips but within SRTT + 20 ms: a path's or host's hold, not a timer. */
    @Test
    void anAckLessThanSrttPlus20MsLateDoesNotTeach() {
        startOver(true);
        secondWindow();
        final long at = probe(next);
        next += 1000;
        ackAll(at, 15 * MS, next, false);
        window();
        probe(next); // new data again
        t.drain();
    }

    /** Without the option (the RFC's and Linux's probe) the same 40 ms late ACK changes nothing. */
    @Test
    void withTheOptionOffALateAckChangesNothing() {
        startOver(false);
        secondWindow();
        final long at = probe(next);
        next += 1000;
        ackAll(at, 40 * MS, next, false);
        window();
        probe(next);
        t.drain();
    }

    /**
     * The probe's ACK is lost too: the RTO sends the first unacknowledged segment again, and the ACK
     * that follows, however late after the probe, answers the retransmission: nothing is learned.
     */
    @Test
    void anAckAfterTheRtoDoesNotTeach() {
        startOver(true);
        secondWindow();
        final long at = probe(next);
        next += 1000;
        final long rtoAt = t.conn.nextDeadlineNs();
        assertThat(rtoAt - at).isEqualTo(t.conn.rtoNs());
        t.advanceTo(rtoAt);
        t.expect(seg(ACK).seq(next - 11_000).len(1000)); // the RTO: go-back-N from SND.UNA
        t.drain();
        t.advanceTo(rtoAt + 1 * MS);
        t.recv(ack().seq(R).ack(next).win(60_000)); // it held everything: 201 ms after the probe
        window();
        probe(next); // new data: the late ACK answered the retransmission, not the probe
        assertThat(t.conn.counters().rtoTimeouts()).isEqualTo(1);
        t.drain();
    }

    /**
     * {@link TcpConfig#probeBackoff()} as by default ({@link ProbeBackoff#LEARNED}): once the peer was seen
     * to delay, a copy it does not answer (the copy or its ACK was lost) goes again after twice the probe
     * timeout, not at the RTO: a duplicate is acknowledged at once.
     */
    @Test
    void anUnansweredCopyToAPeerSeenToDelayGoesAgainAfterTwiceTheProbeTimeout() {
        startOver(true);
        secondWindow();
        final long first = probe(next);
        next += 1000;
        ackAll(first, 40 * MS, next, false);
        final long sentAt = t.nowNs;
        window();
        final long copy = probe(next - 1000);
        final long ptoNs = copy - sentAt;
        t.expectNothing(copy + 2 * ptoNs - 1); // its ACK is lost
        t.advanceTo(copy + 2 * ptoNs);
        t.expect(seg(ACK).seq(next - 1000).len(1000)); // the copy again
        t.expectNothing();
        ackAll(copy + 2 * ptoNs, 1 * MS, next, true);
        window();
        assertThat(t.conn.counters().lossProbeRepeats()).isEqualTo(1);
        assertThat(t.conn.counters().lossProbeCopies()).isEqualTo(2);
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        t.drain();
    }

    /**
     * Unlearning: once resending, two probes in a row whose copy is also answered late (a peer that
     * delays even a duplicate: the copy bought nothing) turn the probes back to new data. (Without
     * {@link TcpConfig#probeBackoff()}, whose repeats would go before the late answer.)
     */
    @Test
    void twoLateAnswersToCopiesTurnItBack() {
        startOver(true, ProbeBackoff.OFF);
        secondWindow();
        final long first = probe(next);
        next += 1000;
        ackAll(first, 40 * MS, next, false);
        window();
        for (int copies = 0; copies < 2; copies++) {
            final long at = probe(next - 1000); // a copy
            ackAll(at, 60 * MS, next, true);
            window();
        }
        probe(next); // new data again
        assertThat(t.conn.counters().lossProbes()).isEqualTo(4);
        assertThat(t.conn.counters().delayedAckUnlearned()).isEqualTo(1);
        t.drain();
    }
}
