package dev.toeless.stack.tcp.rack;

import dev.toeless.stack.tcp.sack.SackScoreboard;
import dev.toeless.stack.tcp.seq.SeqNum;

import java.util.Arrays;

/**
 * The sender's record of what is outstanding, for RACK (RFC 8985): contiguous, sorted ranges
 * {@code [start, end)} of sequence space from SND.UNA to SND.MAX, each with the virtual time it
 * was last sent and whether it is SACKed, deemed lost (and not yet sent again) or was ever
 * retransmitted. A range is split where a SACK block or a retransmission begins or ends (as
 * Linux splits its skbs); SACKed neighbours merge again. A TSO super-segment is one range
 * until something splits it.
 *
 * <p>The ranges live in parallel arrays between {@code head} and {@code tail}; acknowledged ones
 * leave at the head without copying. Grows by doubling, a few hundred ranges at most; no
 * allocation otherwise. All comparisons use {@link SeqNum}.
 */
public final class SentSegments {
    /** Deemed lost and not sent again since. */
    public static final int LOST = 1;
    /** Sent more than once. */
    public static final int RETRANSMITTED = 2;
    /** Reported by a SACK block. */
    public static final int SACKED = 4;
    /** Deemed lost at some time, sent again or not (Linux's {@code TCPCB_LOST}, which a retransmission keeps). */
    public static final int MARKED_LOST = 8;

    /**
     * Room for a short connection's few ranges (SYN, a request or two, FIN); a bulk sender doubles
     * it a few times at its start.
     */
    private static final int INITIAL_RANGES = 4;

    private int[] start = new int[INITIAL_RANGES];
    private int[] end = new int[INITIAL_RANGES];
    private long[] xmitNs = new long[INITIAL_RANGES];
    private byte[] flags = new byte[INITIAL_RANGES];
    private int head;
    private int tail;
    private long lostBytes;
    /**
     * The lowest start of what the last {@link #acknowledgeTo} or {@link #markSacked} delivered for
     * the first time and was never retransmitted.
     */
    private int lowestDeliveredOriginal;
    private boolean deliveredOriginal;

    /** Forgets everything. */
    public void clear() {
        head = 0;
        tail = 0;
        lostBytes = 0;
    }

    public int count() {
        return tail - head;
    }

    public int start(int i) {
        return start[head + i];
    }

    public int end(int i) {
        return end[head + i];
    }

    public long xmitNs(int i) {
        return xmitNs[head + i];
    }

    public boolean has(int i, int flag) {
        return (flags[head + i] & flag) != 0;
    }

    /** Bytes deemed lost and not sent again. */
    public long lostBytes() {
        return lostBytes;
    }

    /**
     * {@code [seq, endSeq)} left at {@code nowNs}: what lies above the highest recorded byte is
     * appended as a new range; what lies below is a retransmission (sent time renewed, no longer
     * lost, marked retransmitted; SACKed ranges stay as they are).
     */
    public void onSend(int seq, int endSeq, long nowNs) {
        if (!SeqNum.lt(seq, endSeq)) {
            return;
        }
        if (tail == head || !SeqNum.lt(seq, end[tail - 1])) {
            append(seq, endSeq, nowNs);
            return;
        }
        final int top = end[tail - 1];
        final int from = SeqNum.max(seq, start[head]);
        final int to = SeqNum.min(endSeq, top);
        if (SeqNum.lt(from, to)) {
            splitAt(from);
            splitAt(to);
            for (int i = find(from); i < tail && SeqNum.le(end[i], to); i++) {
                if ((flags[i] & SACKED) != 0) {
                    continue;
                }
                if ((flags[i] & LOST) != 0) {
                    lostBytes -= SeqNum.distance(start[i], end[i]);
                }
                flags[i] = (byte) ((flags[i] & ~LOST) | RETRANSMITTED);
                xmitNs[i] = nowNs;
            }
        }
        if (SeqNum.gt(endSeq, top)) {
            append(top, endSeq, nowNs);
        }
    }

    private void append(int seq, int endSeq, long nowNs) {
        if (tail == start.length) {
            compactOrGrow();
        }
        start[tail] = seq;
        end[tail] = endSeq;
        xmitNs[tail] = nowNs;
        flags[tail] = 0;
        tail++;
    }

    private void compactOrGrow() {
        final int n = tail - head;
        if (head > 0 && n < start.length / 2) {
            System.arraycopy(start, head, start, 0, n);
            System.arraycopy(end, head, end, 0, n);
            System.arraycopy(xmitNs, head, xmitNs, 0, n);
            System.arraycopy(flags, head, flags, 0, n);
        } else {
            final int size = start.length * 2;
            start = Arrays.copyOfRange(start, head, head + size);
            end = Arrays.copyOfRange(end, head, head + size);
            xmitNs = Arrays.copyOfRange(xmitNs, head, head + size);
            flags = Arrays.copyOfRange(flags, head, head + size);
        }
        head = 0;
        tail = n;
    }

    /** The index of the range holding {@code seq} (binary search), or {@code tail}. */
    private int find(int seq) {
        int lo = head;
        int hi = tail - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            if (SeqNum.le(end[mid], seq)) {
                lo = mid + 1;
            } else if (SeqNum.gt(start[mid], seq)) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return tail;
    }

    /** Makes {@code seq} the start of a range when it falls strictly inside one. */
    private void splitAt(int seq) {
        final int i = find(seq);
        if (i == tail || start[i] == seq) {
            return;
        }
        if (tail == start.length) {
            compactOrGrow();
            splitAt(seq);
            return;
        }
        System.arraycopy(start, i + 1, start, i + 2, tail - i - 1);
        System.arraycopy(end, i + 1, end, i + 2, tail - i - 1);
        System.arraycopy(xmitNs, i + 1, xmitNs, i + 2, tail - i - 1);
        System.arraycopy(flags, i + 1, flags, i + 2, tail - i - 1);
        tail++;
        start[i + 1] = seq;
        end[i + 1] = end[i];
        xmitNs[i + 1] = xmitNs[i];
        flags[i + 1] = flags[i];
        end[i] = seq;
    }

    /**
     * SND.UNA moved to {@code una}: the ranges below it leave; those not SACKed before are
     * delivered now and told to {@code rack}.
     */
    public void acknowledgeTo(int una, Rack rack, long nowNs) {
        deliveredOriginal = false;
        while (head < tail && SeqNum.le(end[head], una)) {
            deliverAcked(head, end[head], rack, nowNs);
            head++;
        }
        if (head < tail && SeqNum.lt(start[head], una)) {
            deliverAcked(head, una, rack, nowNs);
            start[head] = una;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    private void deliverAcked(int i, int upTo, Rack rack, long nowNs) {
        if ((flags[i] & SACKED) != 0) {
            return;
        }
        if ((flags[i] & LOST) != 0) {
            lostBytes -= SeqNum.distance(start[i], upTo);
        }
        if ((flags[i] & RETRANSMITTED) == 0) {
            noteDeliveredOriginal(start[i]);
        }
        rack.onDelivered(upTo, xmitNs[i], (flags[i] & RETRANSMITTED) != 0, nowNs);
    }

    /** Marks what the scoreboard holds as SACKed; ranges SACKed for the first time are told to {@code rack}. */
    public void markSacked(SackScoreboard scoreboard, Rack rack, long nowNs) {
        deliveredOriginal = false;
        if (head == tail) {
            return;
        }
        for (int r = 0; r < scoreboard.rangeCount(); r++) {
            final int from = SeqNum.max(scoreboard.rangeStart(r), start[head]);
            final int to = SeqNum.min(scoreboard.rangeEnd(r), end[tail - 1]);
            if (!SeqNum.lt(from, to)) {
                continue;
            }
            splitAt(from);
            splitAt(to);
            final int first = find(from);
            int i = first;
            for (; i < tail && SeqNum.le(end[i], to); i++) {
                if ((flags[i] & SACKED) != 0) {
                    continue;
                }
                if ((flags[i] & LOST) != 0) {
                    lostBytes -= SeqNum.distance(start[i], end[i]);
                }
                if ((flags[i] & RETRANSMITTED) == 0) {
                    noteDeliveredOriginal(start[i]);
                }
                flags[i] = (byte) ((flags[i] & ~LOST) | SACKED);
                rack.onDelivered(end[i], xmitNs[i], (flags[i] & RETRANSMITTED) != 0, nowNs);
            }
            mergeSacked(first, i);
        }
    }

    /** Ranges {@code [first, last)} are all SACKed now: they become one. */
    private void mergeSacked(int first, int last) {
        final int removed = last - first - 1;
        if (removed <= 0) {
            return;
        }
        end[first] = end[last - 1];
        System.arraycopy(start, last, start, first + 1, tail - last);
        System.arraycopy(end, last, end, first + 1, tail - last);
        System.arraycopy(xmitNs, last, xmitNs, first + 1, tail - last);
        System.arraycopy(flags, last, flags, first + 1, tail - last);
        tail -= removed;
    }

    /** The peer may have reneged (RFC 2018 section 8): nothing counts as SACKed any more. */
    public void forgetSacks() {
        for (int i = head; i < tail; i++) {
            flags[i] &= ~SACKED;
        }
    }

    /** A retransmission timeout: everything neither acknowledged nor SACKed is lost (RFC 8985 6.3). */
    public void markAllLost() {
        for (int i = head; i < tail; i++) {
            if ((flags[i] & (SACKED | LOST)) == 0) {
                flags[i] |= LOST | MARKED_LOST;
                lostBytes += SeqNum.distance(start[i], end[i]);
            }
        }
    }

    /**
     * RFC 8985 6.2 step 5, RACK_detect_loss: marks lost every range that {@code rack} judges
     * lost. Returns the time until the next range would be (the reordering timer), or 0 when no
     * range waits on the window.
     */
    public long detectLoss(Rack rack, long reoWndNs, long nowNs) {
        long timeoutNs = 0;
        for (int i = head; i < tail; i++) {
            if ((flags[i] & (SACKED | LOST)) != 0) {
                continue;
            }
            final long remaining = rack.remainingNs(xmitNs[i], end[i], reoWndNs, nowNs);
            if (remaining == Rack.NOT_YET) {
                continue;
            }
            if (remaining <= 0) {
                flags[i] |= LOST | MARKED_LOST;
                lostBytes += SeqNum.distance(start[i], end[i]);
            } else {
                timeoutNs = Math.max(timeoutNs, remaining);
            }
        }
        return timeoutNs;
    }

    private void noteDeliveredOriginal(int seq) {
        if (!deliveredOriginal || SeqNum.lt(seq, lowestDeliveredOriginal)) {
            lowestDeliveredOriginal = seq;
            deliveredOriginal = true;
        }
    }

    /**
     * Whether the last {@link #acknowledgeTo} or {@link #markSacked} delivered, for the first time,
     * data never retransmitted; {@link #lowestDeliveredOriginal()} is then where the lowest such
     * range starts (reordering, when it lies below data SACKed before).
     */
    public boolean deliveredOriginal() {
        return deliveredOriginal;
    }

    public int lowestDeliveredOriginal() {
        return lowestDeliveredOriginal;
    }

    /** Bytes of the ranges that have every flag of {@code all} and none of {@code none}. */
    public long bytesWith(int all, int none) {
        long bytes = 0;
        for (int i = head; i < tail; i++) {
            if ((flags[i] & all) == all && (flags[i] & none) == 0) {
                bytes += SeqNum.distance(start[i], end[i]);
            }
        }
        return bytes;
    }

    /** The index of the highest range not SACKed that starts below {@code limit}, or -1. */
    public int highestUnsacked(int limit) {
        for (int i = tail - 1; i >= head; i--) {
            if ((flags[i] & SACKED) == 0 && SeqNum.lt(start[i], limit)) {
                return i - head;
            }
        }
        return -1;
    }

    /** The index of the lowest range deemed lost, or -1. */
    public int firstLost() {
        if (lostBytes == 0) {
            return -1;
        }
        for (int i = head; i < tail; i++) {
            if ((flags[i] & LOST) != 0) {
                return i - head;
            }
        }
        return -1;
    }

    /**
     * The bytes in the network as RACK counts them (Linux's {@code tcp_packets_in_flight}):
     * every range neither SACKed nor lost-and-not-yet-resent.
     */
    public long pipe() {
        long bytes = 0;
        for (int i = head; i < tail; i++) {
            if ((flags[i] & (SACKED | LOST)) == 0) {
                bytes += SeqNum.distance(start[i], end[i]);
            }
        }
        return bytes;
    }
}
