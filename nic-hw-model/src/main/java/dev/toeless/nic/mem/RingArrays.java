package dev.toeless.nic.mem;

/**
 * Growing the parallel arrays of a fragment ring (page, offset, length per entry, as in
 * {@link FragList} and the TCP send and receive queues): each array is copied in ring order into
 * a larger one, so the oldest entry lands at index 0. Allocates: call it only when a ring is full.
 */
public final class RingArrays {
    private RingArrays() {
    }

    /** {@code count} entries of {@code ring} from {@code head} (power-of-two length), in order, in a new array of {@code capacity}. */
    public static int[] unwrap(int[] ring, int head, int count, int capacity) {
        final int[] out = new int[capacity];
        final int first = Math.min(count, ring.length - head);
        System.arraycopy(ring, head, out, 0, first);
        System.arraycopy(ring, 0, out, first, count - first);
        return out;
    }

    /** As {@link #unwrap(int[], int, int, int)}, for a column of {@code long}s. */
    public static long[] unwrap(long[] ring, int head, int count, int capacity) {
        final long[] out = new long[capacity];
        final int first = Math.min(count, ring.length - head);
        System.arraycopy(ring, head, out, 0, first);
        System.arraycopy(ring, 0, out, first, count - first);
        return out;
    }
}
