package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;

import java.util.Arrays;

/**
 * The retransmissions a SACK sender has not yet heard back about: each one's sequence range and
 * SND.MAX at the moment it left, in sequence order. Data SACKed above that SND.MAX was sent after
 * the retransmission and arrived, so when enough of it has (RFC 6675's DupThresh, the time order
 * of RACK, RFC 8985) the retransmission itself was lost and goes again instead of waiting for the
 * timer. Created on a connection's first retransmission; a handful of entries at a time.
 */
final class RetransmitLog {
    private int[] start = new int[4];
    private int[] end = new int[4];
    private int[] sndMaxAtSend = new int[4];
    private int count;

    int count() {
        return count;
    }

    int start(int i) {
        return start[i];
    }

    int end(int i) {
        return end[i];
    }

    /** SND.MAX when entry {@code i} was (last) sent: data above it left later. */
    int sndMaxAtSend(int i) {
        return sndMaxAtSend[i];
    }

    /** [seq, endSeq) left again with SND.MAX at {@code sndMax}: a new entry, or the same one sent again. */
    void record(int seq, int endSeq, int sndMax) {
        int i = 0;
        while (i < count && SeqNum.lt(start[i], seq)) {
            i++;
        }
        if (i < count && start[i] == seq) {
            end[i] = SeqNum.max(end[i], endSeq);
            sndMaxAtSend[i] = sndMax;
            return;
        }
        if (count == start.length) {
            start = Arrays.copyOf(start, count * 2);
            end = Arrays.copyOf(end, count * 2);
            sndMaxAtSend = Arrays.copyOf(sndMaxAtSend, count * 2);
        }
        System.arraycopy(start, i, start, i + 1, count - i);
        System.arraycopy(end, i, end, i + 1, count - i);
        System.arraycopy(sndMaxAtSend, i, sndMaxAtSend, i + 1, count - i);
        start[i] = seq;
        end[i] = endSeq;
        sndMaxAtSend[i] = sndMax;
        count++;
    }

    /** Forgets the entries SND.UNA has passed: they were acknowledged. */
    void acknowledgedTo(int una) {
        int keep = 0;
        while (keep < count && SeqNum.le(end[keep], una)) {
            keep++;
        }
        if (keep > 0) {
            System.arraycopy(start, keep, start, 0, count - keep);
            System.arraycopy(end, keep, end, 0, count - keep);
            System.arraycopy(sndMaxAtSend, keep, sndMaxAtSend, 0, count - keep);
            count -= keep;
        }
    }

    /** Whether {@code seq} lies in a retransmission still unanswered. */
    boolean covers(int seq) {
        for (int i = 0; i < count; i++) {
            if (SeqNum.le(start[i], seq) && SeqNum.lt(seq, end[i])) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        count = 0;
    }
}
