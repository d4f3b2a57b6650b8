package dev.toeless.stack.demux;

import java.util.function.Consumer;

/**
 * The IPv6 counterpart of {@link V4Map}: each slot's key is five adjacent {@code long}s (local
 * high, local low, remote high, remote low, then the ports word with its occupied bit from
 * {@link V4Map#ports}), the value in a separate array. Same probing, load and deletion rules.
 */
final class V6Map<T> {
    private static final int STRIDE = 5;
    private static final int PORTS = 4;
    private final long seed;
    private long[] keys;
    private Object[] values;
    private int mask;
    private int shift;
    private int size;
    private int resizeAt;

    V6Map(int expectedSize, long seed) {
        this.seed = seed;
        allocate(DemuxHashing.capacityFor(expectedSize));
    }

    private void allocate(int capacity) {
        keys = new long[capacity * STRIDE];
        values = new Object[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        resizeAt = DemuxHashing.resizeAt(capacity);
    }

    private int home(long lh, long ll, long rh, long rl, long p) {
        long h = (lh ^ seed) * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ (h >>> 29) ^ ll) * 0xC2B2_AE3D_27D4_EB4FL;
        h = (h ^ (h >>> 29) ^ rh) * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ (h >>> 29) ^ rl) * 0xC2B2_AE3D_27D4_EB4FL;
        h = (h ^ (h >>> 29) ^ p) * 0x9E37_79B9_7F4A_7C15L;
        return (int) ((h ^ seed) >>> shift) & mask;
    }

    private boolean matches(int i, long lh, long ll, long rh, long rl, long p) {
        final int b = i * STRIDE;
        return keys[b + PORTS] == p && keys[b] == lh && keys[b + 1] == ll && keys[b + 2] == rh && keys[b + 3] == rl;
    }

    private boolean occupied(int i) {
        return keys[i * STRIDE + PORTS] != 0;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    T get(long lh, long ll, long rh, long rl, long p) {
        for (int i = home(lh, ll, rh, rl, p); occupied(i); i = (i + 1) & mask) {
            if (matches(i, lh, ll, rh, rl, p)) {
                return (T) values[i];
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    T put(long lh, long ll, long rh, long rl, long p, T value) {
        int i = home(lh, ll, rh, rl, p);
        for (; occupied(i); i = (i + 1) & mask) {
            if (matches(i, lh, ll, rh, rl, p)) {
                final T previous = (T) values[i];
                values[i] = value;
                return previous;
            }
        }
        store(i, lh, ll, rh, rl, p, value);
        if (++size > resizeAt) {
            grow();
        }
        return null;
    }

    private void store(int i, long lh, long ll, long rh, long rl, long p, Object value) {
        final int b = i * STRIDE;
        keys[b] = lh;
        keys[b + 1] = ll;
        keys[b + 2] = rh;
        keys[b + 3] = rl;
        keys[b + PORTS] = p;
        values[i] = value;
    }

    @SuppressWarnings("unchecked")
    T remove(long lh, long ll, long rh, long rl, long p) {
        int i = home(lh, ll, rh, rl, p);
        for (; occupied(i); i = (i + 1) & mask) {
            if (matches(i, lh, ll, rh, rl, p)) {
                final T previous = (T) values[i];
                shiftBack(i);
                size--;
                return previous;
            }
        }
        return null;
    }

    private void shiftBack(int hole) {
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (!occupied(j)) {
                break;
            }
            final int b = j * STRIDE;
            final int k = home(keys[b], keys[b + 1], keys[b + 2], keys[b + 3], keys[b + PORTS]);
            if (DemuxHashing.stays(hole, j, k)) {
                continue;
            }
            store(hole, keys[b], keys[b + 1], keys[b + 2], keys[b + 3], keys[b + PORTS], values[j]);
            hole = j;
        }
        store(hole, 0, 0, 0, 0, 0, null);
    }

    private void grow() {
        final long[] old = keys;
        final Object[] oldValues = values;
        allocate(oldValues.length * 2);
        for (int s = 0; s < oldValues.length; s++) {
            final int b = s * STRIDE;
            if (old[b + PORTS] != 0) {
                int i = home(old[b], old[b + 1], old[b + 2], old[b + 3], old[b + PORTS]);
                while (occupied(i)) {
                    i = (i + 1) & mask;
                }
                store(i, old[b], old[b + 1], old[b + 2], old[b + 3], old[b + PORTS], oldValues[s]);
            }
        }
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<? super T> action) {
        for (Object v : values) {
            if (v != null) {
                action.accept((T) v);
            }
        }
    }
}
