package dev.toeless.stack.demux;

import java.util.function.Consumer;

/**
 * Open-addressing hash map from an IPv4 4-tuple to an object: linear probing, power-of-two
 * capacity, at most 5/8 full, deletion by backward shift (no tombstones). Each slot's key is two
 * adjacent {@code long}s, the addresses ({@code localIp << 32 | remoteIp}) and the ports with an
 * occupied bit ({@code OCCUPIED | localPort << 16 | remotePort}), so a probe run is read from one
 * array and the value array is touched only on a match. The hash is seeded so that a peer choosing
 * its addresses and ports cannot aim them at one probe run without knowing the seed. Lookups compare
 * the whole key; nothing is allocated except when the table grows.
 */
final class V4Map<T> {
    private static final long OCCUPIED = 1L << 32;
    private final long seed;
    private long[] keys;
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
        keys = new long[2 * capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        resizeAt = DemuxHashing.resizeAt(capacity);
    }

    static long addrs(int localIp, int remoteIp) {
        return ((long) localIp << 32) | (remoteIp & 0xFFFF_FFFFL);
    }

    /** The ports word of a key, occupied bit included. */
    static long ports(int localPort, int remotePort) {
        return OCCUPIED | (localPort & 0xFFFFL) << 16 | (remotePort & 0xFFFFL);
    }

    int home(long a, long p) {
        long h = (a ^ seed) * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ (h >>> 29) ^ p) * 0xC2B2_AE3D_27D4_EB4FL;
        return (int) ((h ^ seed) >>> shift) & mask;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    T get(long a, long p) {
        final long[] k = keys;
        for (int i = home(a, p); ; i = (i + 1) & mask) {
            final long slotPorts = k[2 * i + 1];
            if (slotPorts == p && k[2 * i] == a) {
                return (T) values[i];
            }
            if (slotPorts == 0) {
                return null;
            }
        }
    }

    @SuppressWarnings("unchecked")
    T put(long a, long p, T value) {
        int i = home(a, p);
        for (; keys[2 * i + 1] != 0; i = (i + 1) & mask) {
            if (keys[2 * i + 1] == p && keys[2 * i] == a) {
                final T previous = (T) values[i];
                values[i] = value;
                return previous;
            }
        }
        keys[2 * i] = a;
        keys[2 * i + 1] = p;
        values[i] = value;
        if (++size > resizeAt) {
            grow();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    T remove(long a, long p) {
        int i = home(a, p);
        for (; keys[2 * i + 1] != 0; i = (i + 1) & mask) {
            if (keys[2 * i + 1] == p && keys[2 * i] == a) {
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
            if (keys[2 * j + 1] == 0) {
                break;
            }
            final int k = home(keys[2 * j], keys[2 * j + 1]);
            if (DemuxHashing.stays(hole, j, k)) {
                continue;
            }
            keys[2 * hole] = keys[2 * j];
            keys[2 * hole + 1] = keys[2 * j + 1];
            values[hole] = values[j];
            hole = j;
        }
        keys[2 * hole] = 0;
        keys[2 * hole + 1] = 0;
        values[hole] = null;
    }

    private void grow() {
        final long[] oldKeys = keys;
        final Object[] oldValues = values;
        allocate(oldValues.length * 2);
        for (int s = 0; s < oldValues.length; s++) {
            final long p = oldKeys[2 * s + 1];
            if (p != 0) {
                int i = home(oldKeys[2 * s], p);
                while (keys[2 * i + 1] != 0) {
                    i = (i + 1) & mask;
                }
                keys[2 * i] = oldKeys[2 * s];
                keys[2 * i + 1] = p;
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
