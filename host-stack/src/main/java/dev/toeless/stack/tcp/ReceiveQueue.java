package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.RingArrays;

import java.util.ArrayList;
import java.util.List;

/**
 * The receive side's data, as page references only: the in-order queue (bytes the application
 * may read, in a ring of fragments) and the out-of-order queue (disjoint, sorted runs of
 * segments beyond a hole). It also keeps what RFC 2018 needs to report SACK blocks: the runs in
 * the order they were last touched, most recent first, and a pending D-SACK block (RFC 2883).
 *
 * <p>Ownership: every fragment held here is one page reference owned by the queue. Appending
 * takes the segment's references; {@link #read} hands them to the consumer; {@link #releaseAll}
 * gives them back.
 */
final class ReceiveQueue {
    /** Result of an out-of-order insert. */
    enum Insert { QUEUED, DUPLICATE }

    private final HostMemory memory;
    /** Queues start empty and get their arrays on first use: an idle connection holds none. */
    private static final int INITIAL_ENTRIES = 4;
    private static final int[] NO_INTS = new int[0];
    private int[] pfn = NO_INTS;
    private int[] offset = NO_INTS;
    private int[] length = NO_INTS;
    private int head;
    private int count;
    private long readableBytes;

    private final List<TcpSegment> ooo = new ArrayList<>();
    private long oooBytes;
    /** Sequence numbers inside recently changed out-of-order runs, most recent first. */
    private int[] recent = NO_INTS;
    private int recentCount;
    private boolean dsackPending;
    private int dsackLeft;
    private int dsackRight;

    ReceiveQueue(HostMemory memory) {
        this.memory = memory;
    }

    long readableBytes() {
        return readableBytes;
    }

    long outOfOrderBytes() {
        return oooBytes;
    }

    boolean hasOutOfOrder() {
        return !ooo.isEmpty();
    }

    /** Moves the segment's fragments to the tail of the in-order queue (takes the references). */
    void appendInOrder(TcpSegment seg) {
        for (int f = 0; f < seg.fragmentCount(); f++) {
            if (count == pfn.length) {
                grow();
            }
            final int i = (head + count) & (pfn.length - 1);
            pfn[i] = seg.fragmentPfn(f);
            offset[i] = seg.fragmentOffset(f);
            length[i] = seg.fragmentLength(f);
            count++;
        }
        readableBytes += seg.payloadBytes();
        seg.forgetFragments();
    }

    /**
     * Queues a segment that starts beyond {@code rcvNxt}. Overlaps are settled as Linux settles them:
     * a segment wholly inside a queued run is a duplicate; a run that starts before it keeps the
     * bytes they share; runs it covers are replaced; a run it overlaps from before loses its front.
     * Takes the segment's references (releasing duplicated bytes).
     */
    Insert insertOutOfOrder(TcpSegment seg) {
        int s = seg.seq();
        int e = SeqNum.add(s, seg.payloadBytes());
        int i = 0;
        while (i < ooo.size() && SeqNum.le(end(ooo.get(i)), s)) {
            i++;
        }
        if (i < ooo.size()) {
            final TcpSegment cur = ooo.get(i);
            if (SeqNum.le(cur.seq(), s) && SeqNum.ge(end(cur), e)) {
                noteDuplicate(s, e);
                seg.releaseFragments(memory);
                noteRecent(s);
                return Insert.DUPLICATE;
            }
        }
        if (i < ooo.size() && SeqNum.lt(ooo.get(i).seq(), s)) {
            seg.trimFront(SeqNum.distance(s, end(ooo.get(i))), memory);
            s = seg.seq();
            i++;
        }
        while (i < ooo.size() && SeqNum.le(end(ooo.get(i)), e)) {
            final TcpSegment covered = ooo.remove(i);
            oooBytes -= covered.payloadBytes();
            covered.releaseFragments(memory);
        }
        if (i < ooo.size() && SeqNum.lt(ooo.get(i).seq(), e)) {
            // as Linux (tcp_data_queue_ofo, then tcp_ofo_queue): of two overlapping runs the one that
            // starts first keeps the overlap, so the later run loses its front, not this one its back
            final TcpSegment later = ooo.get(i);
            final long cut = SeqNum.distance(later.seq(), e);
            later.trimFront(cut, memory);
            oooBytes -= cut;
        }
        final TcpSegment copy = new TcpSegment();
        seg.copyTo(copy);
        seg.forgetFragments();
        ooo.add(i, copy);
        oooBytes += copy.payloadBytes();
        noteRecent(s);
        return Insert.QUEUED;
    }

    /**
     * Moves out-of-order runs that now continue the stream at {@code rcvNxt} into the in-order
     * queue, dropping runs wholly below it. Returns the new {@code rcvNxt}.
     */
    int drain(int rcvNxt) {
        while (!ooo.isEmpty()) {
            final TcpSegment first = ooo.getFirst();
            if (SeqNum.gt(first.seq(), rcvNxt)) {
                break;
            }
            ooo.removeFirst();
            oooBytes -= first.payloadBytes();
            if (SeqNum.le(end(first), rcvNxt)) {
                first.releaseFragments(memory);
                continue;
            }
            first.trimFront(SeqNum.distance(first.seq(), rcvNxt), memory);
            rcvNxt = end(first);
            appendInOrder(first);
        }
        return rcvNxt;
    }

    /** Records a duplicate range to report as the first SACK block of the next ACK (RFC 2883). */
    void noteDuplicate(int left, int right) {
        dsackPending = true;
        dsackLeft = left;
        dsackRight = right;
    }

    /**
     * Writes up to {@code maxBlocks} SACK blocks into {@code out}: a pending D-SACK block first
     * (then forgotten), then the run holding the most recently received segment, then the other
     * recently reported runs (RFC 2018 section 4).
     */
    void writeSackBlocks(TcpSegment out, int maxBlocks, int rcvNxt) {
        out.clearSackBlocks();
        if (dsackPending) {
            out.addSackBlock(dsackLeft, dsackRight);
            dsackPending = false;
        }
        int kept = 0;
        for (int r = 0; r < recentCount; r++) {
            final int run = runContaining(recent[r]);
            if (run < 0) {
                continue;
            }
            final int left = ooo.get(run).seq();
            int dup = 0;
            for (int k = 0; k < kept; k++) {
                if (recent[k] == left) {
                    dup = 1;
                }
            }
            if (dup == 0) {
                recent[kept++] = left;
            }
        }
        recentCount = kept;
        for (int r = 0; r < recentCount && out.sackBlockCount() < maxBlocks; r++) {
            final int run = runContaining(recent[r]);
            int last = run;
            while (last + 1 < ooo.size() && end(ooo.get(last)) == ooo.get(last + 1).seq()) {
                last++;
            }
            out.addSackBlock(ooo.get(run).seq(), end(ooo.get(last)));
        }
    }

    /**
     * Hands up to {@code maxBytes} in-order bytes to {@code consumer}, one reference per fragment
     * (a split fragment gets an extra reference). Returns the bytes handed over.
     */
    long read(FragmentConsumer consumer, long maxBytes) {
        long done = 0;
        while (count > 0 && done < maxBytes) {
            final int len = length[head];
            final long want = maxBytes - done;
            if (len <= want) {
                consumer.accept(pfn[head], offset[head], len);
                done += len;
                head = (head + 1) & (pfn.length - 1);
                count--;
            } else {
                memory.retain(pfn[head]);
                consumer.accept(pfn[head], offset[head], (int) want);
                offset[head] += (int) want;
                length[head] = len - (int) want;
                done += want;
            }
        }
        readableBytes -= done;
        return done;
    }

    /**
     * Hands every held fragment, with its reference, over: in-order ones to {@code inOrder} as
     * (pfn, offset, length), out-of-order ones to {@code outOfOrder} as (seq, pfn, offset, length).
     * The queue is empty afterwards.
     */
    void handOver(org.agrona.collections.IntArrayList inOrder, org.agrona.collections.IntArrayList outOfOrder) {
        while (count > 0) {
            inOrder.addInt(pfn[head]);
            inOrder.addInt(offset[head]);
            inOrder.addInt(length[head]);
            head = (head + 1) & (pfn.length - 1);
            count--;
        }
        readableBytes = 0;
        for (TcpSegment s : ooo) {
            int seq = s.seq();
            for (int f = 0; f < s.fragmentCount(); f++) {
                outOfOrder.addInt(seq);
                outOfOrder.addInt(s.fragmentPfn(f));
                outOfOrder.addInt(s.fragmentOffset(f));
                outOfOrder.addInt(s.fragmentLength(f));
                seq = SeqNum.add(seq, s.fragmentLength(f));
            }
            s.forgetFragments();
        }
        ooo.clear();
        oooBytes = 0;
        recentCount = 0;
        dsackPending = false;
    }

    /** Releases every held reference, in order and out of order. */
    void releaseAll() {
        while (count > 0) {
            memory.release(pfn[head]);
            head = (head + 1) & (pfn.length - 1);
            count--;
        }
        readableBytes = 0;
        for (TcpSegment s : ooo) {
            s.releaseFragments(memory);
        }
        ooo.clear();
        oooBytes = 0;
        recentCount = 0;
        dsackPending = false;
    }

    private void noteRecent(int seq) {
        if (recent.length == 0) {
            recent = new int[TcpSegment.MAX_SACK_BLOCKS];
        }
        final int n = Math.min(recentCount, recent.length - 1);
        System.arraycopy(recent, 0, recent, 1, n);
        recent[0] = seq;
        recentCount = n + 1;
    }

    /** Index of the first run of the contiguous group of runs holding {@code seq}, or -1. */
    private int runContaining(int seq) {
        for (int i = 0; i < ooo.size(); i++) {
            final TcpSegment s = ooo.get(i);
            if (SeqNum.le(s.seq(), seq) && SeqNum.lt(seq, end(s))) {
                int first = i;
                while (first > 0 && end(ooo.get(first - 1)) == ooo.get(first).seq()) {
                    first--;
                }
                return first;
            }
        }
        return -1;
    }

    private static int end(TcpSegment s) {
        return SeqNum.add(s.seq(), s.payloadBytes());
    }

    private void grow() {
        final int n = Math.max(INITIAL_ENTRIES, pfn.length * 2);
        pfn = RingArrays.unwrap(pfn, head, count, n);
        offset = RingArrays.unwrap(offset, head, count, n);
        length = RingArrays.unwrap(length, head, count, n);
        head = 0;
    }
}
