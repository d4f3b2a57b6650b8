package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.RingArrays;

import java.util.Arrays;

/**
 * The send side's data: references to the pages the application handed over (sendfile-like),
 * in stream order, from the oldest unacknowledged byte to the last byte queued. Nothing is
 * copied: an emitted segment gets its own reference to each page it covers, and the queue drops
 * its reference when the bytes are acknowledged.
 *
 * <p>A ring of fragments, each with its stream offset (a 64-bit count from the first data byte,
 * so it never wraps); sequence numbers map to offsets through the head.
 */
final class SendQueue {
    private final HostMemory memory;
    /** Queues start empty and get their arrays on first use: an idle connection holds none. */
    private static final int INITIAL_ENTRIES = 4;
    private static final int[] NO_INTS = new int[0];
    private int[] pfn = NO_INTS;
    private int[] offset = NO_INTS;
    private int[] length = NO_INTS;
    private static final long[] NO_LONGS = new long[0];
    private long[] start = NO_LONGS;
    private int head;
    private int count;
    /** Stream offset of the first byte still held (the oldest unacknowledged data byte). */
    private long headOffset;
    /** Sequence number of the byte at {@link #headOffset}. */
    private int headSeq;
    private long bytes;
    /** Lookup cache: the ring index of the last fragment an emit touched. */
    private int cursor;

    SendQueue(HostMemory memory) {
        this.memory = memory;
    }

    /** Sets the sequence number of the first data byte (ISS + 1). */
    void start(int firstSeq) {
        headSeq = firstSeq;
    }

    long bytes() {
        return bytes;
    }

    int headSeq() {
        return headSeq;
    }

    /** Sequence number just past the last queued byte. */
    int endSeq() {
        return SeqNum.add(headSeq, bytes);
    }

    /** Appends a fragment; takes the caller's reference to {@code pagePfn}. */
    void append(int pagePfn, int pageOffset, int lengthBytes) {
        if (count == pfn.length) {
            grow();
        }
        final int i = (head + count) & (pfn.length - 1);
        pfn[i] = pagePfn;
        offset[i] = pageOffset;
        length[i] = lengthBytes;
        start[i] = headOffset + bytes;
        count++;
        bytes += lengthBytes;
    }

    /** Drops (and releases) every byte before {@code seq}, which must lie within the queue. */
    void ackTo(int seq) {
        long n = Math.min(SeqNum.distance(headSeq, seq), bytes);
        headSeq = SeqNum.add(headSeq, n);
        headOffset += n;
        bytes -= n;
        while (n > 0) {
            final int len = length[head];
            if (len <= n) {
                memory.release(pfn[head]);
                n -= len;
                head = (head + 1) & (pfn.length - 1);
                count--;
            } else {
                offset[head] += (int) n;
                length[head] = len - (int) n;
                start[head] += n;
                n = 0;
            }
        }
        cursor = head;
    }

    /**
     * Adds to {@code out} fragments covering {@code lengthBytes} bytes from {@code seq}, taking a
     * new reference to each page for the segment.
     */
    void emit(int seq, long lengthBytes, TcpSegment out) {
        final long from = headOffset + SeqNum.distance(headSeq, seq);
        int i = find(from);
        long pos = from;
        long left = lengthBytes;
        while (left > 0) {
            final int skip = (int) (pos - start[i]);
            final int take = (int) Math.min(length[i] - skip, left);
            memory.retain(pfn[i]);
            out.addFragment(pfn[i], offset[i] + skip, take);
            left -= take;
            pos += take;
            cursor = i;
            i = (i + 1) & (pfn.length - 1);
        }
    }

    /**
     * How many of the {@code lengthBytes} bytes from {@code seq} lie in the first
     * {@code maxFragments} fragments that cover them: all of them unless they span more.
     */
    long bytesWithinFragments(int seq, long lengthBytes, int maxFragments) {
        if (count <= maxFragments) {
            return lengthBytes;
        }
        final long from = headOffset + SeqNum.distance(headSeq, seq);
        int i = find(from);
        long pos = from;
        long left = lengthBytes;
        for (int n = 0; left > 0 && n < maxFragments; n++) {
            final long take = Math.min(start[i] + length[i] - pos, left);
            left -= take;
            pos += take;
            i = (i + 1) & (pfn.length - 1);
        }
        return lengthBytes - left;
    }

    /** Hands every queued fragment, with its reference, to {@code out} as (pfn, offset, length); the queue is empty afterwards. */
    void handOver(org.agrona.collections.IntArrayList out) {
        for (int k = 0; k < count; k++) {
            final int i = (head + k) & (pfn.length - 1);
            out.addInt(pfn[i]);
            out.addInt(offset[i]);
            out.addInt(length[i]);
        }
        headSeq = SeqNum.add(headSeq, bytes);
        headOffset += bytes;
        bytes = 0;
        count = 0;
        cursor = head;
    }

    /** Releases every reference; the queue is empty afterwards. */
    void releaseAll() {
        for (int k = 0; k < count; k++) {
            memory.release(pfn[(head + k) & (pfn.length - 1)]);
        }
        headSeq = SeqNum.add(headSeq, bytes);
        headOffset += bytes;
        bytes = 0;
        count = 0;
        cursor = head;
    }

    private int find(long streamOffset) {
        final int mask = pfn.length - 1;
        int k = (cursor - head) & mask;
        if (k >= count || start[(head + k) & mask] > streamOffset) {
            k = 0;
        }
        while (k < count) {
            final int i = (head + k) & mask;
            if (streamOffset < start[i] + length[i]) {
                return i;
            }
            k++;
        }
        throw new IllegalStateException("offset " + streamOffset + " beyond the send queue");
    }

    private void grow() {
        final int n = Math.max(INITIAL_ENTRIES, pfn.length * 2);
        cursor = (cursor - head) & (pfn.length - 1);
        pfn = RingArrays.unwrap(pfn, head, count, n);
        offset = RingArrays.unwrap(offset, head, count, n);
        length = RingArrays.unwrap(length, head, count, n);
        start = RingArrays.unwrap(start, head, count, n);
        head = 0;
    }

    @Override
    public String toString() {
        return "SendQueue{head=" + SeqNum.unsigned(headSeq) + " bytes=" + bytes + " frags=" + count
            + " lens=" + Arrays.toString(Arrays.copyOf(length, Math.min(count, 8))) + '}';
    }
}
