package dev.toeless.stack.demux;

import java.util.function.Consumer;

/**
 * The IPv6 counterpart of {@link V4Map}: each slot holds four {@code long}s of addresses
 * (local high, local low, remote high, remote low) in one array, the ports packed in an
 * {@code int}, and the value. Same probing, load and deletion rules.
 */
final class V6Map<T> {
    private static final int STRIDE = 4;
    private final long seed;
    private long[] addrs;
    private int[] ports;
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
        addrs = new long[capacity * STRIDE];
        ports = new int[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        resizeAt = DemuxHashing.resizeAt(capacity);
    }

    private int home(long lh, long ll, long rh, long rl, int p) {
        long h = (lh ^ seed) * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ (h >>> 29) ^ ll) * 0xC2B2_AE3D_27D4_EB4FL;
        h = (h ^ (h >>> 29) ^ rh) * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ (h >>> 29) ^ rl) * 0xC2B2_AE3D_27D4_EB4FL;
        h = (h ^ (h >>> 29) ^ (p & 0xFFFF_FFFFL)) * 0x9E37_79B9_7F4A_7C15L;
        return (int) ((h ^ seed) >>> shift) & mask;
    }

    private boolean matches(int i, long lh, long ll, long rh, long rl, int p) {
        final int b = i * STRIDE;
        return ports[i] == p && addrs[b] == lh && addrs[b + 1] == ll && addrs[b + 2] == rh && addrs[b + 3] == rl;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    T get(long lh, long ll, long rh, long rl, int p) {
        for (int i = home(lh, ll, rh, rl, p); ; i = (i + 1) & mask) {
            final Object v = values[i];
            if (v == null) {
                return null;
            }
            if (matches(i, lh, ll, rh, rl, p)) {
                return (T) v;
            }
        }
    }

    @SuppressWarnings("unchecked")
    T put(long lh, long ll, long rh, long rl, int p, T value) {
        int i = home(lh, ll, rh, rl, p);
        for (; values[i] != null; i = (i + 1) & mask) {
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

    private void store(int i, long lh, long ll, long rh, long rl, int p, Object value) {
        final int b = i * STRIDE;
        addrs[b] = lh;
        addrs[b + 1] = ll;
        addrs[b + 2] = rh;
        addrs[b + 3] = rl;
        ports[i] = p;
        values[i] = value;
    }

    @SuppressWarnings("unchecked")
    T remove(long lh, long ll, long rh, long rl, int p) {
        int i = home(lh, ll, rh, rl, p);
        for (; values[i] != null; i = (i + 1) & mask) {
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
            if (values[j] == null) {
                break;
            }
            final int b = j * STRIDE;
            final int k = home(addrs[b], addrs[b + 1], addrs[b + 2], addrs[b + 3], ports[j]);
            if (DemuxHashing.stays(hole, j, k)) {
                continue;
            }
            store(hole, addrs[b], addrs[b + 1], addrs[b + 2], addrs[b + 3], ports[j], values[j]);
            hole = j;
        }
        values[hole] = null;
    }

    private void grow() {
        final long[] oldAddrs = addrs;
        final int[] oldPorts = ports;
        final Object[] oldValues = values;
        allocate(oldValues.length * 2);
        for (int s = 0; s < oldValues.length; s++) {
            if (oldValues[s] != null) {
                final int b = s * STRIDE;
                int i = home(oldAddrs[b], oldAddrs[b + 1], oldAddrs[b + 2], oldAddrs[b + 3], oldPorts[s]);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                store(i, oldAddrs[b], oldAddrs[b + 1], oldAddrs[b + 2], oldAddrs[b + 3], oldPorts[s], oldValues[s]);
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
