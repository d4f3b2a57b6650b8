package dev.toeless.stack.demux;

import java.util.function.Consumer;

/**
 * Open-addressing hash map from an IPv4 4-tuple to an object: linear probing over three parallel
 * arrays (addresses packed in a {@code long}, ports in an {@code int}, values), power-of-two
 * capacity, at most 5/8 full, deletion by backward shift (no tombstones). The hash is seeded so
 * that a peer choosing its addresses and ports cannot aim them at one probe chain without knowing
 * the seed. Lookups compare the whole key; nothing is allocated except when the table grows.
 */
final class V4Map<T> {
    private final long seed;
    private long[] addrs;
    private int[] ports;
    private Object[] values;
    private int mask;
    private int shift;
    private int size;
    private int resizeAt;

    V4Map(int expectedSize, long seed) {
        this.seed = seed;
        allocate(DemuxHashing.capacityFor(expectedSize));
    }

    private void allocate(int capacity) {
        addrs = new long[capacity];
        ports = new int[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        resizeAt = DemuxHashing.resizeAt(capacity);
    }

    static long addrs(int localIp, int remoteIp) {
        return ((long) localIp << 32) | (remoteIp & 0xFFFF_FFFFL);
    }

    static int ports(int localPort, int remotePort) {
        return (localPort << 16) | (remotePort & 0xFFFF);
    }

    private int home(long a, int p) {
        long h = (a ^ seed) * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ (h >>> 29) ^ (p & 0xFFFF_FFFFL)) * 0xC2B2_AE3D_27D4_EB4FL;
        return (int) ((h ^ seed) >>> shift) & mask;
    }

    int size() {
        return size;
    }

    int capacity() {
        return values.length;
    }

    @SuppressWarnings("unchecked")
    T get(long a, int p) {
        for (int i = home(a, p); ; i = (i + 1) & mask) {
            final Object v = values[i];
            if (v == null) {
                return null;
            }
            if (addrs[i] == a && ports[i] == p) {
                return (T) v;
            }
        }
    }

    @SuppressWarnings("unchecked")
    T put(long a, int p, T value) {
        int i = home(a, p);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (addrs[i] == a && ports[i] == p) {
                final T previous = (T) values[i];
                values[i] = value;
                return previous;
            }
        }
        addrs[i] = a;
        ports[i] = p;
        values[i] = value;
        if (++size > resizeAt) {
            grow();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    T remove(long a, int p) {
        int i = home(a, p);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (addrs[i] == a && ports[i] == p) {
                final T previous = (T) values[i];
                shiftBack(i);
                size--;
                return previous;
            }
        }
        return null;
    }

    /** Closes the gap at {@code hole} by moving later members of the probe run back into it. */
    private void shiftBack(int hole) {
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == null) {
                break;
            }
            final int k = home(addrs[j], ports[j]);
            if (DemuxHashing.stays(hole, j, k)) {
                continue;
            }
            addrs[hole] = addrs[j];
            ports[hole] = ports[j];
            values[hole] = values[j];
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
                int i = home(oldAddrs[s], oldPorts[s]);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                addrs[i] = oldAddrs[s];
                ports[i] = oldPorts[s];
                values[i] = oldValues[s];
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
