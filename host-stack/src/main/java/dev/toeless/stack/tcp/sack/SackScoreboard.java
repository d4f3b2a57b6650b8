package dev.toeless.stack.tcp.sack;

import dev.toeless.stack.tcp.seq.SeqNum;

/**
 * The data sender's SACK scoreboard of RFC 6675: which bytes above SND.UNA the receiver has
 * reported in SACK blocks (RFC 2018), and the loss-recovery questions asked of it: IsLost, the
 * pipe estimate (SetPipe) and which segment to send next (NextSeg).
 *
 * <p>SACKed data is kept as sorted, disjoint, non-adjacent sequence-space ranges
 * {@code [start, end)} above SND.UNA, in one {@code int} array sized for {@code maxRanges} and made
 * when the first range is recorded (most connections never see a SACK block). When it is
 * full and a new, lower range arrives, the highest range is forgotten ({@link #rangesDropped()}):
 * forgetting a SACK can only cause an unnecessary retransmission, never a missing one. All
 * comparisons use {@link SeqNum}, so the scoreboard works across the 2^32 wrap as long as the
 * outstanding window stays below 2^31 bytes.
 *
 * <p>A first block below the cumulative ACK, or inside the second block (RFC 2883), is a D-SACK:
 * it is reported ({@link #dsackReported()}) and counted, never recorded. Malformed blocks (empty,
 * reversed, above SND.NXT) are counted in {@link #invalidBlocks()} and ignored.
 *
 * <p>One instance per connection, owned by its send side; single-threaded; no allocation after
 * the first recorded range. {@link #reset(int, int)} must be called before use (at establishment, with the send
 * MSS).
 */
public final class SackScoreboard {
    /** RFC 6675 DupThresh. */
    public static final int DUP_THRESH = 3;

    /** What {@link #nextSeg(int, int, boolean)} chose (RFC 6675 section 4, NextSeg rules 1 to 3). */
    public enum Next {
        /** Rule 1: retransmit the lost segment at {@link #nextSeq()}. */
        RETRANSMIT_LOST,
        /** Rule 2: send new data from SND.NXT. */
        NEW_DATA,
        /** Rule 3: retransmit the not-yet-lost segment at {@link #nextSeq()}. */
        RETRANSMIT,
        /** Nothing may be sent. */
        NONE
    }

    private final int maxRanges;
    private static final int[] NO_RANGES = new int[0];
    /** start0, end0, start1, end1, ... sorted upward from SND.UNA; empty until the first range. */
    private int[] ranges = NO_RANGES;
    private int count;
    private int sndUna;
    private int smssBytes = 1;
    private long sackedBytes;

    private boolean dsack;
    private int dsackStart;
    private int dsackEnd;
    private long dsackCount;
    private long invalidBlocks;
    private long rangesDropped;

    private int nextSeq;
    private int nextLengthBytes;

    /** @param maxRanges how many disjoint SACKed ranges to remember (at least 4) */
    public SackScoreboard(int maxRanges) {
        if (maxRanges < 4) {
            throw new IllegalArgumentException("maxRanges must be >= 4: " + maxRanges);
        }
        this.maxRanges = maxRanges;
    }

    /** Forget everything: SND.UNA is {@code sndUna}, segments are {@code smssBytes} long. */
    public void reset(int sndUna, int smssBytes) {
        if (smssBytes <= 0) {
            throw new IllegalArgumentException("SMSS must be positive: " + smssBytes);
        }
        this.sndUna = sndUna;
        this.smssBytes = smssBytes;
        clear();
    }

    /** Forget all SACKed ranges (e.g. after a retransmission timeout, RFC 2018 section 8). */
    public void clear() {
        count = 0;
        sackedBytes = 0;
        dsack = false;
    }

    /**
     * Takes in one ACK: a cumulative acknowledgment and its SACK blocks.
     *
     * @param sndUna     the cumulative ACK (SND.UNA after this ACK); older values are ignored
     * @param sndNxt     SND.NXT; blocks ending above it are invalid
     * @param blocks     SACK blocks as {@code start, end} pairs in the order they were received;
     *                   borrowed for the call
     * @param blockCount number of blocks (pairs) in {@code blocks}
     * @return bytes newly SACKed by this ACK (not counting the advance of the cumulative ACK)
     */
    public long update(int sndUna, int sndNxt, int[] blocks, int blockCount) {
        dsack = false;
        advance(sndUna);
        long newlySacked = 0;
        for (int i = 0; i < blockCount; i++) {
            final int start = blocks[2 * i];
            final int end = blocks[2 * i + 1];
            if (!SeqNum.lt(start, end) || SeqNum.gt(end, sndNxt)) {
                invalidBlocks++;
                continue;
            }
            if (i == 0 && isDsack(start, end, blocks, blockCount)) {
                dsack = true;
                dsackStart = start;
                dsackEnd = end;
                dsackCount++;
                continue;
            }
            if (SeqNum.le(end, this.sndUna)) {
                continue;
            }
            newlySacked += insert(SeqNum.max(start, this.sndUna), end);
        }
        return newlySacked;
    }

    private boolean isDsack(int start, int end, int[] blocks, int blockCount) {
        if (SeqNum.lt(start, sndUna)) {
            return true;
        }
        return blockCount > 1 && SeqNum.ge(start, blocks[2]) && SeqNum.le(end, blocks[3]);
    }

    private void advance(int newUna) {
        if (!SeqNum.gt(newUna, sndUna)) {
            return;
        }
        sndUna = newUna;
        int drop = 0;
        while (drop < count && SeqNum.le(ranges[2 * drop + 1], newUna)) {
            sackedBytes -= SeqNum.distance(ranges[2 * drop], ranges[2 * drop + 1]);
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(ranges, 2 * drop, ranges, 0, 2 * (count - drop));
            count -= drop;
        }
        if (count > 0 && SeqNum.lt(ranges[0], newUna)) {
            sackedBytes -= SeqNum.distance(ranges[0], newUna);
            ranges[0] = newUna;
        }
    }

    /** Merges {@code [start, end)} (above SND.UNA) in; returns the bytes it added. */
    private long insert(int start, int end) {
        int first = 0;
        while (first < count && SeqNum.lt(ranges[2 * first + 1], start)) {
            first++;
        }
        int last = first - 1;
        while (last + 1 < count && SeqNum.le(ranges[2 * (last + 1)], end)) {
            last++;
        }
        if (last >= first) {
            final int mergedStart = SeqNum.min(start, ranges[2 * first]);
            final int mergedEnd = SeqNum.max(end, ranges[2 * last + 1]);
            long before = 0;
            for (int r = first; r <= last; r++) {
                before += SeqNum.distance(ranges[2 * r], ranges[2 * r + 1]);
            }
            ranges[2 * first] = mergedStart;
            ranges[2 * first + 1] = mergedEnd;
            final int removed = last - first;
            if (removed > 0) {
                System.arraycopy(ranges, 2 * (last + 1), ranges, 2 * (first + 1), 2 * (count - last - 1));
                count -= removed;
            }
            final long added = SeqNum.distance(mergedStart, mergedEnd) - before;
            sackedBytes += added;
            return added;
        }
        if (count == maxRanges) {
            rangesDropped++;
            if (first == count) {
                return 0;
            }
            count--;
            sackedBytes -= SeqNum.distance(ranges[2 * count], ranges[2 * count + 1]);
        }
        if (ranges.length == 0) {
            ranges = new int[2 * maxRanges];
        }
        System.arraycopy(ranges, 2 * first, ranges, 2 * (first + 1), 2 * (count - first));
        ranges[2 * first] = start;
        ranges[2 * first + 1] = end;
        count++;
        final long added = SeqNum.distance(start, end);
        sackedBytes += added;
        return added;
    }

    /** Whether byte {@code seq} has been SACKed (false at or below SND.UNA: it is acknowledged). */
    public boolean isSacked(int seq) {
        for (int r = 0; r < count; r++) {
            if (SeqNum.lt(seq, ranges[2 * r])) {
                return false;
            }
            if (SeqNum.lt(seq, ranges[2 * r + 1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 6675 IsLost: whether the unSACKed byte {@code seq} is deemed lost, because
     * {@link #DUP_THRESH} discontiguous SACKed ranges lie above it, or more than
     * {@code (DupThresh - 1) * SMSS} bytes above it have been SACKed. False for SACKed bytes and
     * for bytes below SND.UNA.
     */
    public boolean isLost(int seq) {
        if (SeqNum.lt(seq, sndUna) || isSacked(seq)) {
            return false;
        }
        long bytesAbove = 0;
        for (int r = count - 1; r >= 0 && SeqNum.gt(ranges[2 * r], seq); r--) {
            bytesAbove += SeqNum.distance(ranges[2 * r], ranges[2 * r + 1]);
            if (holeLost(r, bytesAbove)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the hole just below range {@code r} (or above the last range for {@code r == count}) is lost. */
    private boolean holeLost(int r, long sackedAbove) {
        return count - r >= DUP_THRESH || sackedAbove > (long) (DUP_THRESH - 1) * smssBytes;
    }

    /**
     * RFC 6675 SetPipe: the sender's estimate of bytes in the network. Every unSACKed byte from
     * SND.UNA to {@code sndNxt} counts once if it is not lost, and once more if it was
     * retransmitted in this recovery (below {@code highRxt}). O(ranges).
     *
     * @param sndNxt  SND.NXT (HighData + 1)
     * @param highRxt one past the highest byte retransmitted in this recovery; SND.UNA if none
     */
    public long pipe(int sndNxt, int highRxt) {
        final int rxtEnd = SeqNum.min(SeqNum.max(highRxt, sndUna), sndNxt);
        long pipe = 0;
        long sackedAbove = sackedBytes;
        int holeStart = sndUna;
        for (int r = 0; r <= count; r++) {
            final int holeEnd = r < count ? ranges[2 * r] : sndNxt;
            if (SeqNum.lt(holeStart, holeEnd)) {
                if (!holeLost(r, sackedAbove)) {
                    pipe += SeqNum.distance(holeStart, holeEnd);
                }
                if (SeqNum.lt(holeStart, rxtEnd)) {
                    pipe += SeqNum.distance(holeStart, SeqNum.min(holeEnd, rxtEnd));
                }
            }
            if (r < count) {
                sackedAbove -= SeqNum.distance(ranges[2 * r], ranges[2 * r + 1]);
                holeStart = ranges[2 * r + 1];
            }
        }
        return pipe;
    }

    /**
     * RFC 6675 NextSeg, rules 1 to 3. On {@link Next#RETRANSMIT_LOST} and {@link Next#RETRANSMIT}
     * the segment is {@link #nextSeq()} / {@link #nextLengthBytes()} (at most one SMSS, never
     * overlapping SACKed data); on {@link Next#NEW_DATA} it is SND.NXT and one SMSS, which the
     * caller trims to what it has and the peer's window.
     *
     * @param sndNxt          SND.NXT
     * @param highRxt         one past the highest byte retransmitted in this recovery; SND.UNA if none
     * @param newDataAllowed  whether unsent data exists and the receive window admits it (rule 2)
     */
    public Next nextSeg(int sndNxt, int highRxt, boolean newDataAllowed) {
        final int from = SeqNum.max(highRxt, sndUna);
        final int highest = highestSacked();
        long sackedAbove = sackedBytes;
        int holeStart = sndUna;
        for (int r = 0; r < count; r++) {
            final int holeEnd = ranges[2 * r];
            final int candidate = SeqNum.max(holeStart, from);
            if (SeqNum.lt(candidate, holeEnd) && SeqNum.lt(candidate, highest)) {
                nextSeq = candidate;
                nextLengthBytes = (int) Math.min(smssBytes, SeqNum.distance(candidate, holeEnd));
                if (holeLost(r, sackedAbove)) {
                    return Next.RETRANSMIT_LOST;
                }
                return newDataAllowed ? newData(sndNxt) : Next.RETRANSMIT;
            }
            sackedAbove -= SeqNum.distance(ranges[2 * r], ranges[2 * r + 1]);
            holeStart = ranges[2 * r + 1];
        }
        return newDataAllowed ? newData(sndNxt) : Next.NONE;
    }

    private Next newData(int sndNxt) {
        nextSeq = sndNxt;
        nextLengthBytes = smssBytes;
        return Next.NEW_DATA;
    }

    /**
     * RFC 6675 NextSeg rule 4 (rescue retransmission), for the caller to use when rules 1 to 3
     * gave {@link Next#NONE} and its RescueRxt allows: the last at most one SMSS of unSACKed data
     * below {@code sndNxt}, in {@link #nextSeq()} / {@link #nextLengthBytes()}.
     *
     * @return false when everything between SND.UNA and SND.NXT is SACKed
     */
    public boolean rescueSeg(int sndNxt) {
        int holeEnd = sndNxt;
        for (int r = count - 1; r >= -1; r--) {
            final int holeStart = r >= 0 ? ranges[2 * r + 1] : sndUna;
            if (SeqNum.lt(holeStart, holeEnd)) {
                final long length = Math.min(smssBytes, SeqNum.distance(holeStart, holeEnd));
                nextSeq = SeqNum.add(holeEnd, -length);
                nextLengthBytes = (int) length;
                return true;
            }
            if (r >= 0) {
                holeEnd = ranges[2 * r];
            }
        }
        return false;
    }

    /** Sequence number of the segment chosen by the last {@link #nextSeg} or {@link #rescueSeg}. */
    public int nextSeq() {
        return nextSeq;
    }

    /** Length of the segment chosen by the last {@link #nextSeg} or {@link #rescueSeg}. */
    public int nextLengthBytes() {
        return nextLengthBytes;
    }

    /** SND.UNA as last seen. */
    public int sndUna() {
        return sndUna;
    }

    /** Bytes above SND.UNA that are SACKed. */
    public long sackedBytes() {
        return sackedBytes;
    }

    /** One past the highest SACKed byte, or SND.UNA when nothing is SACKed. */
    public int highestSacked() {
        return count == 0 ? sndUna : ranges[2 * count - 1];
    }

    /** Number of disjoint SACKed ranges. */
    public int rangeCount() {
        return count;
    }

    /** Start of SACKed range {@code i} (0 is the lowest). */
    public int rangeStart(int i) {
        return ranges[2 * i];
    }

    /** End (exclusive) of SACKed range {@code i}. */
    public int rangeEnd(int i) {
        return ranges[2 * i + 1];
    }

    /** Whether the last {@link #update} carried a D-SACK block. */
    public boolean dsackReported() {
        return dsack;
    }

    /** Start of the last D-SACK block. */
    public int dsackStart() {
        return dsackStart;
    }

    /** End (exclusive) of the last D-SACK block. */
    public int dsackEnd() {
        return dsackEnd;
    }

    /** D-SACK blocks seen. */
    public long dsackCount() {
        return dsackCount;
    }

    /** Malformed blocks ignored. */
    public long invalidBlocks() {
        return invalidBlocks;
    }

    /** Ranges forgotten because the scoreboard was full. */
    public long rangesDropped() {
        return rangesDropped;
    }
}
