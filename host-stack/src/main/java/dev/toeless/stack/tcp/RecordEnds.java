package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;

import java.util.ArrayDeque;

/**
 * The ends of records (sends with MSG_EOR) not yet acknowledged: no new segment, nor a
 * retransmission from SND.UNA, is cut across one, and a record's small tail goes out (it is not the queue's tail). Holds nothing
 * (the deque is made on the first record) unless the application marks records.
 */
final class RecordEnds {
    private ArrayDeque<Integer> ends;

    void mark(int endSeq) {
        if (ends == null) {
            ends = new ArrayDeque<>(4);
        }
        if (ends.isEmpty() || ends.peekLast() != endSeq) {
            ends.addLast(endSeq);
        }
    }

    /** {@code len} bytes from {@code seq}, cut at the first record end inside them. */
    long cap(int seq, long len) {
        if (ends == null || ends.isEmpty()) {
            return len;
        }
        for (int end : ends) {
            if (SeqNum.gt(end, seq)) {
                return Math.min(len, SeqNum.distance(seq, end));
            }
        }
        return len;
    }

    /** Whether a segment ending at {@code seq} completes a record other than the queue's last data. */
    boolean endsRecord(int seq, int queueEndSeq) {
        return ends != null && !ends.isEmpty() && seq != queueEndSeq && ends.contains(seq);
    }

    /** Forgets the records acknowledged up to {@code una}. */
    void ackTo(int una) {
        while (ends != null && !ends.isEmpty() && SeqNum.le(ends.peekFirst(), una)) {
            ends.pollFirst();
        }
    }
}
