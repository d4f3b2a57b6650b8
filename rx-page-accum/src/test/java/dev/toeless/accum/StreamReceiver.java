package dev.toeless.accum;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;

import java.util.HashMap;
import java.util.Map;

/**
 * The test's receiver: puts the bytes of each segment's fragments back at their stream offset,
 * checks that a byte delivered twice is the same byte, and records how many bytes each page
 * received. It either releases fragment references at once or keeps them (so pfns stay unique
 * and per-page fill can be measured).
 */
final class StreamReceiver {
    private final CpuTouch touch;
    private final int firstSeq;
    private final byte[] stream;
    private final boolean[] covered;
    private final boolean keepPages;
    private final Map<Integer, Integer> bytesPerPage = new HashMap<>();
    private final Map<Integer, Integer> refsKept = new HashMap<>();
    private final byte[] scratch = new byte[HostMemory.PAGE_SIZE];

    StreamReceiver(CpuTouch touch, int firstSeq, int streamLength, boolean keepPages) {
        this.touch = touch;
        this.firstSeq = firstSeq;
        this.stream = new byte[streamLength];
        this.covered = new boolean[streamLength];
        this.keepPages = keepPages;
    }

    /** Takes the fragments of one segment whose first payload byte is {@code seq}; empties the list. */
    void take(int seq, FragmentList frags) {
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
            bytesPerPage.merge(pfn, len, Integer::sum);
            if (keepPages) {
                refsKept.merge(pfn, 1, Integer::sum);
            } else {
                touch.memory().release(pfn);
            }
        }
        frags.clear();
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

    void releaseKept() {
        refsKept.forEach((pfn, refs) -> {
            for (int i = 0; i < refs; i++) {
                touch.memory().release(pfn);
            }
        });
        refsKept.clear();
    }
}
