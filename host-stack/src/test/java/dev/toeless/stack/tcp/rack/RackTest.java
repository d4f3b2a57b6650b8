package dev.toeless.stack.tcp.rack;

import dev.toeless.stack.tcp.sack.SackScoreboard;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RACK's state and the sent-segment record, one rule of RFC 8985 section 6.2 at a time. */
class RackTest {
    private static final long MS = 1_000_000L;
    private static final int BASE = 1_000_000;

    @Test
    void theReorderingWindowIsAQuarterOfTheLowestRttAtMostSrtt() {
        final Rack rack = new Rack();
        rack.onDelivered(BASE + 1000, 0, false, 100 * MS);
        assertThat(rack.minRttNs()).isEqualTo(100 * MS);
        assertThat(rack.reoWndNs(false, 1, 120 * MS)).isEqualTo(25 * MS);
        assertThat(rack.reoWndNs(false, 1, 10 * MS)).isEqualTo(10 * MS);
    }

    @Test
    void withoutReorderingTheWindowIsZeroInRecoveryOrWithThreeSackedSegments() {
        final Rack rack = new Rack();
        rack.onDelivered(BASE + 1000, 0, false, 100 * MS);
        assertThat(rack.reoWndNs(true, 0, 100 * MS)).isZero();
        assertThat(rack.reoWndNs(false, Rack.DUP_THRESH, 100 * MS)).isZero();
        rack.onDelivered(BASE + 3000, 0, false, 100 * MS);
        rack.onDelivered(BASE + 2000, 0, false, 101 * MS); // delivered below the highest: reordering
        assertThat(rack.reorderingSeen()).isTrue();
        assertThat(rack.reoWndNs(true, 5, 100 * MS)).isEqualTo(25 * MS);
    }

    @Test
    void aDsackWidensTheWindowOncePerRoundTripAndSixteenRecoveriesNarrowIt() {
        final Rack rack = new Rack();
        rack.onDelivered(BASE + 1000, 0, false, 40 * MS);
        rack.onDsack(BASE, BASE + 10_000);
        rack.onDsack(BASE + 5000, BASE + 12_000); // same round trip: SND.UNA below the last SND.NXT
        assertThat(rack.reoWndMult()).isEqualTo(2);
        assertThat(rack.reoWndNs(false, 0, 100 * MS)).isEqualTo(20 * MS);
        rack.onDsack(BASE + 10_000, BASE + 20_000);
        assertThat(rack.reoWndMult()).isEqualTo(3);
        for (int i = 0; i < 15; i++) {
            rack.onRecoveryEnd();
        }
        assertThat(rack.reoWndMult()).isEqualTo(3);
        rack.onRecoveryEnd();
        assertThat(rack.reoWndMult()).isEqualTo(1);
    }

    @Test
    void aRetransmissionAcknowledgedSoonerThanTheLowestRttGivesNoSample() {
        final Rack rack = new Rack();
        rack.onDelivered(BASE + 1000, 60 * MS, false, 160 * MS);
        rack.onDelivered(BASE + 2000, 150 * MS, true, 160 * MS); // 10 ms: the first copy's ACK
        assertThat(rack.rttNs()).isEqualTo(100 * MS);
        assertThat(rack.remainingNs(50 * MS, BASE + 3000, 0, 200 * MS)).isEqualTo(-50 * MS);
    }

    @Test
    void onlySegmentsSentBeforeTheLatestDeliveredOneAreJudged() {
        final Rack rack = new Rack();
        rack.onDelivered(BASE + 2000, 10 * MS, false, 110 * MS);
        assertThat(rack.remainingNs(20 * MS, BASE + 3000, 0, 110 * MS)).isEqualTo(Rack.NOT_YET);
        assertThat(rack.remainingNs(10 * MS, BASE + 3000, 0, 110 * MS)).isEqualTo(Rack.NOT_YET); // same time, later end
        assertThat(rack.remainingNs(10 * MS, BASE + 1000, 5 * MS, 110 * MS)).isEqualTo(5 * MS);
    }

    @Test
    void sentSegmentsSplitAtSackBlocksMergeSackedRangesAndCountThePipe() {
        final SentSegments sent = new SentSegments();
        final Rack rack = new Rack();
        sent.onSend(BASE, BASE + 10_000, 0); // one TSO super-segment
        assertThat(sent.count()).isEqualTo(1);
        final SackScoreboard sb = new SackScoreboard(4);
        sb.reset(BASE, 1000);
        sb.update(BASE, BASE + 10_000, new int[] {BASE + 2000, BASE + 4000, BASE + 6000, BASE + 7000}, 2);
        sent.markSacked(sb, rack, 100 * MS);
        assertThat(sent.count()).isEqualTo(5);
        assertThat(sent.pipe()).isEqualTo(7000);
        assertThat(sent.detectLoss(rack, 0, 100 * MS)).isZero();
        assertThat(sent.lostBytes()).isEqualTo(2000 + 2000); // below the highest SACKed range's end, sent at the same time
        assertThat(sent.pipe()).isEqualTo(3000);
        sent.onSend(BASE, BASE + 1000, 100 * MS); // retransmit one segment of the first hole
        assertThat(sent.lostBytes()).isEqualTo(3000);
        assertThat(sent.pipe()).isEqualTo(4000);
        assertThat(sent.start(sent.firstLost())).isEqualTo(BASE + 1000);
        sb.update(BASE, BASE + 10_000, new int[] {BASE + 1000, BASE + 7000}, 1);
        sent.markSacked(sb, rack, 150 * MS);
        assertThat(sent.count()).isEqualTo(3); // [0,1000) resent, [1000,7000) SACKed, [7000,10000)
        sent.acknowledgeTo(BASE + 7000, rack, 200 * MS);
        assertThat(sent.count()).isEqualTo(1);
        assertThat(sent.lostBytes()).isZero();
        assertThat(sent.pipe()).isEqualTo(3000);
    }
}
