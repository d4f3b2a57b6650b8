package dev.toeless.stack.demux;

/** Sizing and probe-run rules shared by the open-addressing maps. */
final class DemuxHashing {
    static final int MIN_CAPACITY = 16;
    static final int MAX_CAPACITY = 1 << 30;

    private DemuxHashing() {
    }

    /** The power of two that holds {@code expectedSize} entries below the 5/8 load limit. */
    static int capacityFor(int expectedSize) {
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expectedSize must be >= 0: " + expectedSize);
        }
        final long needed = Math.max(MIN_CAPACITY, (long) expectedSize * 8 / 5 + 1);
        if (needed > MAX_CAPACITY) {
            throw new IllegalArgumentException("too many entries: " + expectedSize);
        }
        return Integer.highestOneBit((int) needed - 1) << 1;
    }

    static int resizeAt(int capacity) {
        if (capacity >= MAX_CAPACITY) {
            return capacity - 1;
        }
        return (int) ((long) capacity * 5 / 8);
    }

    /**
     * Whether the entry in slot {@code j}, whose home slot is {@code k}, must stay put when slot
     * {@code hole} (before {@code j} in the run) is emptied: it stays if its home lies cyclically in
     * {@code (hole, j]}.
     */
    static boolean stays(int hole, int j, int k) {
        return hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
    }
}
