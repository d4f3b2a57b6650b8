package dev.toeless.accum;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The test's receiver: puts the bytes of each segment's fragments back at their stream offset,
 * checks that a byte delivered twice is the same byte, and records how many bytes each page
 * received. It keeps the references of the last {@code holdFragments} fragments (all of them, to
 * keep pfns unique and measure per-page fill) and reads each kept fragment again before
 * releasing it: a byte the NIC overwrote after delivering it is caught.
 */
final class StreamReceiver {
    private final CpuTouch touch;
    private final int firstSeq;
    private final byte[] stream;
    private final boolean[] covered;
    private final int holdFragments;
    private long delivered;
    private final Map<Integer, Integer> bytesPerPage = new HashMap<>();
    private final ArrayDeque<int[]> kept = new ArrayDeque<>();
    private final byte[] scratch = new byte[HostMemory.PAGE_SIZE];

    StreamReceiver(CpuTouch touch, int firstSeq, int streamLength, int holdFragments) {
        this.touch = touch;
        this.firstSeq = firstSeq;
        this.stream = new byte[streamLength];
        this.covered = new boolean[streamLength];
        this.holdFragments = holdFragments;
    }

    /** Takes the fragments of one segment whose first payload byte is {@code seq}; empties the list. */
    void take(int seq, FragList frags) {
        int at = seq - firstSeq;
        for (int i = 0; i < frags.count(); i++) {
            final int pfn = frags.pfn(i);
            final int len = frags.length(i);
            touch.copyOut(pfn, frags.offset(i), len, scratch, 0);
            for (int b = 0; b < len; b++) {
                final int pos = at + b;
                if (covered[pos] && stream[pos] != scratch[b]) {
                    throw new AssertionError("byte " + pos + " delivered twice with different values");
                }
                stream[pos] = scratch[b];
                covered[pos] = true;
            }
            at += len;
            delivered += len;
            bytesPerPage.merge(pfn, len, Integer::sum);
            kept.addLast(new int[] {pfn, frags.offset(i), len, at - len});
            while (kept.size() > holdFragments) {
                recheckAndRelease(kept.pollFirst());
            }
        }
        frags.clear();
    }

    /** Bytes taken so far (duplicates counted twice): for an in-order stream, the next offset. */
    int deliveredBytes() {
        return (int) delivered;
    }

    byte[] stream() {
        return stream;
    }

    boolean complete() {
        for (boolean c : covered) {
            if (!c) {
                return false;
            }
        }
        return true;
    }

    /** Pages that received exactly 4096 bytes, over all pages (meaningful with kept pages). */
    double fullPageShare() {
        final long full = bytesPerPage.values().stream().filter(v -> v == HostMemory.PAGE_SIZE).count();
        return (double) full / bytesPerPage.size();
    }

    int pages() {
        return bytesPerPage.size();
    }

    /** Reads every kept fragment again, then gives its reference back. */
    void releaseKept() {
        while (!kept.isEmpty()) {
            recheckAndRelease(kept.pollFirst());
        }
    }

    private void recheckAndRelease(int[] frag) {
        final int pfn = frag[0];
        final int len = frag[2];
        touch.copyOut(pfn, frag[1], len, scratch, 0);
        for (int b = 0; b < len; b++) {
            if (scratch[b] != stream[frag[3] + b]) {
                throw new AssertionError("byte " + (frag[3] + b) + " changed in its page after delivery");
            }
        }
        touch.memory().release(pfn);
    }
}
