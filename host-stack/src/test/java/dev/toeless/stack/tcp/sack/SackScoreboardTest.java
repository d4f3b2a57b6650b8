package dev.toeless.stack.tcp.sack;

import dev.toeless.stack.tcp.sack.SackScoreboard.Next;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenarios in segments of 100 bytes starting at sequence number 1000. */
class SackScoreboardTest {
    private static final int MSS = 100;
    private static final int ISS = 1000;
    private static final int SND_NXT = seg(10);

    private final SackScoreboard sb = new SackScoreboard(8);

    private static int seg(int i) {
        return ISS + i * MSS;
    }

    private long ack(int una, int... blocks) {
        return sb.update(una, SND_NXT, blocks, blocks.length / 2);
    }

    @Test
    void recordsAndMergesSackedRanges() {
        sb.reset(ISS, MSS);
        assertThat(ack(seg(0), seg(2), seg(3))).isEqualTo(100);
        assertThat(ack(seg(0), seg(4), seg(5), seg(2), seg(3))).isEqualTo(100);
        assertThat(sb.rangeCount()).isEqualTo(2);
        assertThat(ack(seg(0), seg(3), seg(4), seg(2), seg(5))).isEqualTo(100);
        assertThat(sb.rangeCount()).isEqualTo(1);
        assertThat(sb.rangeStart(0)).isEqualTo(seg(2));
        assertThat(sb.rangeEnd(0)).isEqualTo(seg(5));
        assertThat(sb.sackedBytes()).isEqualTo(300);
        assertThat(sb.highestSacked()).isEqualTo(seg(5));
        assertThat(sb.isSacked(seg(2))).isTrue();
        assertThat(sb.isSacked(seg(5))).isFalse();
    }

    @Test
    void cumulativeAckTrimsAndDropsRanges() {
        sb.reset(ISS, MSS);
        ack(seg(0), seg(2), seg(4), seg(6), seg(7));
        ack(seg(3));
        assertThat(sb.rangeStart(0)).isEqualTo(seg(3));
        assertThat(sb.sackedBytes()).isEqualTo(100 + 100);
        ack(seg(6));
        assertThat(sb.rangeCount()).isEqualTo(1);
        assertThat(sb.sackedBytes()).isEqualTo(100);
        ack(seg(7));
        assertThat(sb.rangeCount()).isZero();
        assertThat(sb.highestSacked()).isEqualTo(seg(7));
    }

    @Test
    void lossNeedsThreeSegmentsSackedAbove() {
        sb.reset(ISS, MSS);
        ack(seg(0), seg(1), seg(3));
        assertThat(sb.isLost(seg(0))).isFalse();        // 200 bytes above: not > 2 * SMSS
        ack(seg(0), seg(4), seg(5), seg(1), seg(3));
        assertThat(sb.isLost(seg(0))).isTrue();         // 300 bytes above
        assertThat(sb.isLost(seg(3))).isFalse();        // only 100 above
        assertThat(sb.isLost(seg(1))).isFalse();        // SACKed
    }

    @Test
    void threeDiscontiguousSmallRangesMeanLoss() {
        sb.reset(ISS, MSS);
        ack(seg(0), seg(1), seg(1) + 10, seg(2), seg(2) + 10);
        assertThat(sb.isLost(seg(0))).isFalse();
        ack(seg(0), seg(3), seg(3) + 10);
        assertThat(sb.sackedBytes()).isEqualTo(30);
        assertThat(sb.isLost(seg(0))).isTrue();
    }

    @Test
    void pipeCountsUnlostAndRetransmittedBytes() {
        sb.reset(ISS, MSS);
        // Segments 0 and 2 lost-looking, 1 and 3..5 SACKed, 6..9 still in flight.
        ack(seg(0), seg(3), seg(6), seg(1), seg(2));
        // 0 is lost (4 segments SACKed above), 2 is lost (3 above), 6..9 are not: 400 bytes.
        assertThat(sb.pipe(SND_NXT, seg(0))).isEqualTo(400);
        // After retransmitting segment 0 it counts again.
        assertThat(sb.pipe(SND_NXT, seg(1))).isEqualTo(500);
        assertThat(sb.pipe(SND_NXT, seg(3))).isEqualTo(600);
    }

    @Test
    void nextSegFollowsRules1To3() {
        sb.reset(ISS, MSS);
        ack(seg(0), seg(3), seg(6), seg(1), seg(2));
        assertThat(sb.nextSeg(SND_NXT, seg(0), true)).isEqualTo(Next.RETRANSMIT_LOST);
        assertThat(sb.nextSeq()).isEqualTo(seg(0));
        assertThat(sb.nextLengthBytes()).isEqualTo(MSS);
        assertThat(sb.nextSeg(SND_NXT, seg(1), true)).isEqualTo(Next.RETRANSMIT_LOST);
        assertThat(sb.nextSeq()).isEqualTo(seg(2));
        assertThat(sb.nextSeg(SND_NXT, seg(3), true)).isEqualTo(Next.NEW_DATA);
        assertThat(sb.nextSeq()).isEqualTo(SND_NXT);
        assertThat(sb.nextSeg(SND_NXT, seg(3), false)).isEqualTo(Next.NONE);

        sb.reset(ISS, MSS);
        ack(seg(0), seg(1), seg(2));                    // one SACKed segment: 0 is not yet lost
        assertThat(sb.nextSeg(SND_NXT, seg(0), true)).isEqualTo(Next.NEW_DATA);
        assertThat(sb.nextSeg(SND_NXT, seg(0), false)).isEqualTo(Next.RETRANSMIT);
        assertThat(sb.nextSeq()).isEqualTo(seg(0));
    }

    @Test
    void rescueRetransmissionIsTheLastUnsackedSegment() {
        sb.reset(ISS, MSS);
        ack(seg(0), seg(8), seg(10));
        assertThat(sb.rescueSeg(SND_NXT)).isTrue();
        assertThat(sb.nextSeq()).isEqualTo(seg(7));
        assertThat(sb.nextLengthBytes()).isEqualTo(MSS);
        ack(seg(0), seg(0) + 50, seg(10));
        assertThat(sb.rescueSeg(SND_NXT)).isTrue();
        assertThat(sb.nextSeq()).isEqualTo(seg(0));
        assertThat(sb.nextLengthBytes()).isEqualTo(50);
    }

    @Test
    void dsackBelowTheCumulativeAckIsReportedNotRecorded() {
        sb.reset(ISS, MSS);
        ack(seg(2), seg(1), seg(2));
        assertThat(sb.dsackReported()).isTrue();
        assertThat(sb.dsackStart()).isEqualTo(seg(1));
        assertThat(sb.rangeCount()).isZero();
        ack(seg(2));
        assertThat(sb.dsackReported()).isFalse();
        assertThat(sb.dsackCount()).isEqualTo(1);
    }

    @Test
    void dsackInsideTheSecondBlockIsReportedAndTheSecondRecorded() {
        sb.reset(ISS, MSS);
        ack(seg(0), seg(4), seg(5), seg(3), seg(6));
        assertThat(sb.dsackReported()).isTrue();
        assertThat(sb.rangeCount()).isEqualTo(1);
        assertThat(sb.sackedBytes()).isEqualTo(300);
    }

    @Test
    void malformedBlocksAreCountedAndIgnored() {
        sb.reset(ISS, MSS);
        ack(seg(0), seg(3), seg(2), seg(4), seg(4), seg(9), seg(12));
        assertThat(sb.invalidBlocks()).isEqualTo(3);
        assertThat(sb.rangeCount()).isZero();
    }

    @Test
    void aFullScoreboardForgetsTheHighestRange() {
        final SackScoreboard small = new SackScoreboard(4);
        small.reset(0, 10);
        final int[] blocks = {20, 30, 40, 50, 60, 70, 80, 90};
        small.update(0, 200, blocks, 4);
        small.update(0, 200, new int[] {100, 110}, 1);
        assertThat(small.rangesDropped()).isEqualTo(1);
        assertThat(small.highestSacked()).isEqualTo(90);
        small.update(0, 200, new int[] {0, 5}, 1);
        assertThat(small.rangeCount()).isEqualTo(4);
        assertThat(small.highestSacked()).isEqualTo(70);
        assertThat(small.sackedBytes()).isEqualTo(35);
    }

    @Test
    void worksAcrossTheWrap() {
        final int iss = -250;                            // 0xFFFFFF06
        sb.reset(iss, MSS);
        final int nxt = iss + 1000;
        sb.update(iss, nxt, new int[] {iss + 300, iss + 600}, 1);
        assertThat(sb.sackedBytes()).isEqualTo(300);
        assertThat(sb.isLost(iss)).isTrue();
        assertThat(sb.isSacked(50)).isTrue();
        assertThat(sb.pipe(nxt, iss)).isEqualTo(400);
        sb.update(iss + 400, nxt, new int[0], 0);
        assertThat(sb.rangeStart(0)).isEqualTo(iss + 400);
        assertThat(sb.sackedBytes()).isEqualTo(200);
    }
}
