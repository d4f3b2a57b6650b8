package dev.toeless.stack.route;

import java.util.Arrays;

/**
 * Path MTUs learned from ICMP, per destination, for one family: RFC 1191 (IPv4 "fragmentation
 * needed") and RFC 8201 (ICMPv6 "packet too big"). A report only ever lowers the estimate below
 * what is in use (a larger value is ignored, as both RFCs require); the estimate is clamped to the
 * family's floor (IPv4: Linux's min_pmtu of 552 by default; IPv6: 1280); an IPv4 report of 0 from
 * an old router is replaced by the next plateau below the original datagram's length (RFC 1191
 * section 7). An estimate expires {@code expiryNs} after it was learned (10 minutes by default,
 * Linux's mtu_expires), and the route's MTU applies again.
 *
 * <p>Keys are {@code (hi, lo)} as elsewhere in the stack (IPv4 in the low 32 bits of lo). Storage is
 * an open-addressing table of primitive arrays; lookups allocate nothing. When full, the entry
 * closest to expiry makes room. One owner, one thread.
 */
public final class PathMtuCache {
    /** RFC 1191 table 7-1 plateaus, descending. */
    private static final int[] PLATEAUS = {65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68};
    private static final long TEN_MINUTES_NS = 600_000_000_000L;

    private final int family;
    private final long expiryNs;
    private final int floorMtu;
    private final int maxEntries;
    private final long[] keyHi;
    private final long[] keyLo;
    private final int[] mtu;
    private final long[] expiresNs;
    private final boolean[] used;
    private final int mask;
    private int size;

    private long reports;
    private long lowered;
    private long ignored;
    private long clamped;
    private long plateauGuesses;
    private long expired;
    private long evicted;

    public PathMtuCache(int family, long expiryNs, int floorMtu, int maxEntries) {
        if (family != 4 && family != 6) {
            throw new IllegalArgumentException("family must be 4 or 6");
        }
        if (expiryNs <= 0 || floorMtu < (family == 4 ? 68 : 1280) || maxEntries < 1 || maxEntries > 1 << 20) {
            throw new IllegalArgumentException("bad path-MTU cache settings: expiry " + expiryNs + " floor "
                + floorMtu + " entries " + maxEntries);
        }
        this.family = family;
        this.expiryNs = expiryNs;
        this.floorMtu = floorMtu;
        this.maxEntries = maxEntries;
        final int capacity = Integer.highestOneBit(maxEntries * 2 - 1) << 1;
        this.keyHi = new long[capacity];
        this.keyLo = new long[capacity];
        this.mtu = new int[capacity];
        this.expiresNs = new long[capacity];
        this.used = new boolean[capacity];
        this.mask = capacity - 1;
    }

    /** IPv4 with Linux defaults: 10 minutes, floor 552, 1024 destinations. */
    public static PathMtuCache v4() {
        return new PathMtuCache(4, TEN_MINUTES_NS, 552, 1024);
    }

    /** IPv6 with Linux defaults: 10 minutes, floor 1280, 1024 destinations. */
    public static PathMtuCache v6() {
        return new PathMtuCache(6, TEN_MINUTES_NS, 1280, 1024);
    }

    public int family() {
        return family;
    }

    /** The MTU to use toward {@code (hi, lo)} now, given the route's MTU. */
    public int pathMtu(long nowNs, long hi, long lo, int routeMtu) {
        final int slot = slotOf(hi, lo);
        if (slot < 0) {
            return routeMtu;
        }
        if (expiresNs[slot] - nowNs <= 0) {
            expired++;
            remove(slot);
            return routeMtu;
        }
        return Math.min(mtu[slot], routeMtu);
    }

    /**
     * A "too big" report for a packet to {@code (hi, lo)}: {@code reportedMtu} from the ICMP message
     * (0 from routers predating RFC 1191), {@code originalLengthBytes} the total length of the
     * datagram quoted in it (used only for the plateau guess). Returns the MTU to use from now on.
     */
    public int onTooBig(long nowNs, long hi, long lo, int reportedMtu, int originalLengthBytes, int routeMtu) {
        reports++;
        final int current = pathMtu(nowNs, hi, lo, routeMtu);
        int proposed = reportedMtu;
        if (family == 4 && reportedMtu == 0) {
            plateauGuesses++;
            proposed = plateauBelow(originalLengthBytes > 0 ? originalLengthBytes : current);
        }
        if (proposed < floorMtu) {
            clamped++;
            proposed = floorMtu;
        }
        if (proposed >= current) {
            ignored++;
            return current;
        }
        lowered++;
        store(hi, lo, proposed, nowNs + expiryNs);
        return proposed;
    }

    /** The largest RFC 1191 plateau below {@code length}. */
    static int plateauBelow(int length) {
        for (int p : PLATEAUS) {
            if (p < length) {
                return p;
            }
        }
        return 68;
    }

    /** Forgets every learned estimate. */
    public void clear() {
        Arrays.fill(used, false);
        size = 0;
    }

    public int size() {
        return size;
    }

    /** Reports received. */
    public long reports() {
        return reports;
    }

    /** Reports that lowered an estimate. */
    public long lowered() {
        return lowered;
    }

    /** Reports that would not lower the estimate and were ignored. */
    public long ignored() {
        return ignored;
    }

    /** Reports below the floor, raised to it. */
    public long clamped() {
        return clamped;
    }

    /** IPv4 reports of 0 answered with a plateau guess. */
    public long plateauGuesses() {
        return plateauGuesses;
    }

    /** Estimates that expired. */
    public long expired() {
        return expired;
    }

    /** Estimates pushed out by a full table. */
    public long evicted() {
        return evicted;
    }

    private void store(long hi, long lo, int value, long expiry) {
        int slot = slotOf(hi, lo);
        if (slot < 0) {
            if (size == maxEntries) {
                evictSoonest();
            }
            slot = hash(hi, lo) & mask;
            while (used[slot]) {
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            keyHi[slot] = hi;
            keyLo[slot] = lo;
            size++;
        }
        mtu[slot] = value;
        expiresNs[slot] = expiry;
    }

    private void evictSoonest() {
        int victim = -1;
        for (int i = 0; i < used.length; i++) {
            if (used[i] && (victim < 0 || expiresNs[i] - expiresNs[victim] < 0)) {
                victim = i;
            }
        }
        evicted++;
        remove(victim);
    }

    private static int hash(long hi, long lo) {
        long h = (hi * 0x9E3779B97F4A7C15L) ^ lo;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    private int slotOf(long hi, long lo) {
        if (size == 0) {
            return -1;
        }
        for (int i = hash(hi, lo) & mask; used[i]; i = (i + 1) & mask) {
            if (keyHi[i] == hi && keyLo[i] == lo) {
                return i;
            }
        }
        return -1;
    }

    private void remove(int slot) {
        used[slot] = false;
        size--;
        int hole = slot;
        for (int i = (slot + 1) & mask; used[i]; i = (i + 1) & mask) {
            final int home = hash(keyHi[i], keyLo[i]) & mask;
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keyHi[hole] = keyHi[i];
                keyLo[hole] = keyLo[i];
                mtu[hole] = mtu[i];
                expiresNs[hole] = expiresNs[i];
                used[hole] = true;
                used[i] = false;
                hole = i;
            }
        }
    }
}
