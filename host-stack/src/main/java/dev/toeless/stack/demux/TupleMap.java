package dev.toeless.stack.demux;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Open-addressing hash map from a fixed-width key of {@code long}s (a connection's tuple) to an
 * object: linear probing, power-of-two capacity, at most 5/8 full, deletion by backward shift (no
 * tombstones). Each slot's key is {@code width} adjacent {@code long}s in one array, the last of them
 * the ports word with its occupied bit ({@link #ports}), so a probe run is read from one array and
 * the value array is touched only on a match. An IPv4 tuple is two words ({@link #addrs}, then the
 * ports); an IPv6 tuple five (local high, local low, remote high, remote low, then the ports).
 *
 * <p>The caller writes the key it asks about into the map's own {@link #key()} array and then calls
 * {@link #get}, {@link #put} or {@link #remove}: no key object, nothing allocated except when the
 * table grows. The hash is seeded so that a peer choosing its addresses and ports cannot aim them
 * at one probe run without knowing the seed. Lookups compare the whole key. Single-threaded.
 */
final class TupleMap<T> {
    /** Key width of an IPv4 tuple: the addresses word, the ports word. */
    static final int V4_WIDTH = 2;
    /** Key width of an IPv6 tuple: two words per address, the ports word. */
    static final int V6_WIDTH = 5;
    private static final long OCCUPIED = 1L << 32;
    private static final long ODD = 0x9E37_79B9_7F4A_7C15L;
    private static final long EVEN = 0xC2B2_AE3D_27D4_EB4FL;

    private final int width;
    private final int last;
    private final long seed;
    private final long[] key;
    private long[] keys;
    private Object[] values;
    private int mask;
    private int shift;
    private int size;
    private int resizeAt;

    TupleMap(int width, int expectedSize, long seed) {
        if (width < 2) {
            throw new IllegalArgumentException("a tuple key has an address word and a ports word: " + width);
        }
        this.width = width;
        this.last = width - 1;
        this.seed = seed;
        this.key = new long[width];
        allocate(DemuxHashing.capacityFor(expectedSize));
    }

    private void allocate(int capacity) {
        keys = new long[capacity * width];
        values = new Object[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        resizeAt = DemuxHashing.resizeAt(capacity);
    }

    /** The IPv4 addresses word: local address high, remote address low. */
    static long addrs(int localIp, int remoteIp) {
        return ((long) localIp << 32) | (remoteIp & 0xFFFF_FFFFL);
    }

    /** The ports word of a key, occupied bit included (never zero). */
    static long ports(int localPort, int remotePort) {
        return OCCUPIED | (localPort & 0xFFFFL) << 16 | (remotePort & 0xFFFFL);
    }

    /** The key that the next {@link #get}, {@link #put} or {@link #remove} asks about; write all of it. */
    long[] key() {
        return key;
    }

    /** Fills {@link #key()} with an IPv4 tuple (a map of width 2). */
    TupleMap<T> v4(int localIp, int localPort, int remoteIp, int remotePort) {
        key[0] = addrs(localIp, remoteIp);
        key[1] = ports(localPort, remotePort);
        return this;
    }

    /** Fills {@link #key()} with an IPv6 tuple (a map of width 5). */
    TupleMap<T> v6(long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort) {
        key[0] = localHi;
        key[1] = localLo;
        key[2] = remoteHi;
        key[3] = remoteLo;
        key[4] = ports(localPort, remotePort);
        return this;
    }

    /** The home slot of the key in {@code words} starting at {@code at}. */
    private int home(long[] words, int at) {
        long h = (words[at] ^ seed) * ODD;
        for (int w = 1; w < width; w++) {
            h = (h ^ (h >>> 29) ^ words[at + w]) * ((w & 1) == 0 ? ODD : EVEN);
        }
        return (int) ((h ^ seed) >>> shift) & mask;
    }

    /** The home slot of {@link #key()}. */
    int home() {
        return home(key, 0);
    }

    private boolean matches(int slot) {
        final int b = slot * width;
        if (keys[b + last] != key[last]) {
            return false;
        }
        for (int w = 0; w < last; w++) {
            if (keys[b + w] != key[w]) {
                return false;
            }
        }
        return true;
    }

    private boolean occupied(int slot) {
        return keys[slot * width + last] != 0;
    }

    int size() {
        return size;
    }

    /** The value for {@link #key()}, or null. */
    @SuppressWarnings("unchecked")
    T get() {
        for (int i = home(); occupied(i); i = (i + 1) & mask) {
            if (matches(i)) {
                return (T) values[i];
            }
        }
        return null;
    }

    /** Adds or replaces the value for {@link #key()}; returns the one replaced, or null. */
    @SuppressWarnings("unchecked")
    T put(T value) {
        int i = home();
        for (; occupied(i); i = (i + 1) & mask) {
            if (matches(i)) {
                final T previous = (T) values[i];
                values[i] = value;
                return previous;
            }
        }
        System.arraycopy(key, 0, keys, i * width, width);
        values[i] = value;
        if (++size > resizeAt) {
            grow();
        }
        return null;
    }

    /** Removes the value for {@link #key()}; returns it, or null if there was none. */
    @SuppressWarnings("unchecked")
    T remove() {
        for (int i = home(); occupied(i); i = (i + 1) & mask) {
            if (matches(i)) {
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
            if (!occupied(j)) {
                break;
            }
            if (DemuxHashing.stays(hole, j, home(keys, j * width))) {
                continue;
            }
            System.arraycopy(keys, j * width, keys, hole * width, width);
            values[hole] = values[j];
            hole = j;
        }
        Arrays.fill(keys, hole * width, hole * width + width, 0L);
        values[hole] = null;
    }

    private void grow() {
        final long[] oldKeys = keys;
        final Object[] oldValues = values;
        allocate(oldValues.length * 2);
        for (int s = 0; s < oldValues.length; s++) {
            final int b = s * width;
            if (oldKeys[b + last] != 0) {
                int i = home(oldKeys, b);
                while (occupied(i)) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(oldKeys, b, keys, i * width, width);
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
