package dev.toeless.accum;

import dev.toeless.nic.mem.HostMemory;

import java.util.Arrays;

/**
 * The NIC's bounded flow cache: a fixed number of entries, keyed by a TCP flow's 4-tuple, each
 * holding only soft state (the open page, its fill offset, the next expected sequence number,
 * an optional alignment hint, when the page was opened). Losing an entry costs page fill, never
 * bytes: see {@link PageAccumulator}.
 *
 * <p>Layout: structure-of-arrays indexed by slot, nothing allocated after construction. A chained
 * hash index ({@code bucketHead} / {@code bucketNext}, buckets a power of two at least twice the
 * capacity) finds a slot from the tuple's 64-bit hash; the full tuple is compared, so two flows
 * whose hashes collide stay apart.
 *
 * <p>Eviction policy: LRU with probationary insertion, over an intrusive doubly linked list
 * ({@code lruPrev} / {@code lruNext}). A lookup hit moves the entry to the most-recent end;
 * inserting into a full cache evicts the least recently used entry. A new entry, though, starts
 * at the least-recent end and is promoted only when its flow's next segment hits (every
 * {@value #HOT_INSERT_EVERY}th insertion, and an entry the driver created with a hint, start at
 * the most-recent end instead). This is LRU with bimodal insertion (Qureshi et al., ISCA 2007):
 * <ul>
 *   <li>a bulk flow touches its entry every segment and stays resident, as with plain LRU;</li>
 *   <li>a churn of short or one-segment flows evicts its own newcomers, not the established bulk
 *       flows;</li>
 *   <li>segments cycling round-robin over more active flows than entries, where plain LRU misses
 *       every time (no page ever accumulates), keep most entries resident, so fill degrades
 *       gracefully instead of falling off a cliff (8 bulk flows over 7 entries: about half the
 *       pages full rather than none).</li>
 * </ul>
 * Before a slot is evicted or cleared, the {@link EvictionListener} is told so the owner of the
 * open page can give its reference back.
 *
 * <p>Single-threaded: one RX queue owns one cache.
 */
public final class FlowCache {
    /** "No slot", returned by lookups that miss. */
    public static final int NONE = -1;
    /** One insertion in this many starts at the most-recent end (the bimodal part). */
    public static final int HOT_INSERT_EVERY = 32;

    /** Told about an entry that is about to disappear (eviction or {@link #clear()}). */
    @FunctionalInterface
    public interface EvictionListener {
        /** The slot's state is still readable during the call. */
        void onEvict(int slot);
    }

    private final int capacity;
    private final int bucketMask;
    private final int[] bucketHead;
    private final int[] bucketNext;
    private final int[] lruPrev;
    private final int[] lruNext;
    private final long[] keyHash;
    private final long[] srcHi;
    private final long[] srcLo;
    private final long[] dstHi;
    private final long[] dstLo;
    private final int[] ports;
    private final boolean[] live;
    private EvictionListener listener = slot -> { };
    private int lruHead = NONE; // most recently used
    private int lruTail = NONE; // least recently used
    private int freeHead;
    private int size;
    private long evictions;
    private long insertions;

    // Soft state, read and written by the accumulator of this package.
    final int[] openPfn;
    final int[] fillOffset;
    final int[] nextSeq;
    final int[] hintSeq;
    final boolean[] hinted;
    final long[] pageOpenedNs;
    /** End of the last old-data segment, when {@code oldRun}: detects a stream that went back. */
    final int[] oldRunEnd;
    final boolean[] oldRun;

    public FlowCache(int capacity) {
        if (capacity <= 0 || capacity > (1 << 28)) {
            throw new IllegalArgumentException("flow cache capacity must be 1..2^28: " + capacity);
        }
        this.capacity = capacity;
        final int buckets = Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1;
        this.bucketMask = buckets - 1;
        this.bucketHead = new int[buckets];
        this.bucketNext = new int[capacity];
        this.lruPrev = new int[capacity];
        this.lruNext = new int[capacity];
        this.keyHash = new long[capacity];
        this.srcHi = new long[capacity];
        this.srcLo = new long[capacity];
        this.dstHi = new long[capacity];
        this.dstLo = new long[capacity];
        this.ports = new int[capacity];
        this.live = new boolean[capacity];
        this.openPfn = new int[capacity];
        this.fillOffset = new int[capacity];
        this.nextSeq = new int[capacity];
        this.hintSeq = new int[capacity];
        this.hinted = new boolean[capacity];
        this.pageOpenedNs = new long[capacity];
        this.oldRunEnd = new int[capacity];
        this.oldRun = new boolean[capacity];
        reset();
    }

    /** Sets who hears about evictions (the accumulator, which holds the open pages). */
    public void evictionListener(EvictionListener listener) {
        this.listener = listener;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public long evictions() {
        return evictions;
    }

    /** The slot holding {@code flow}, moved to most recently used, or {@link #NONE}. */
    public int find(FlowKey flow) {
        final int slot = peek(flow);
        if (slot != NONE && slot != lruHead) {
            unlinkLru(slot);
            pushLruHead(slot);
        }
        return slot;
    }

    /** The slot holding {@code flow} without touching the LRU order, or {@link #NONE}. */
    public int peek(FlowKey flow) {
        final long h = flow.hash();
        for (int s = bucketHead[(int) h & bucketMask]; s != NONE; s = bucketNext[s]) {
            if (keyHash[s] == h && srcLo[s] == flow.srcLo() && dstLo[s] == flow.dstLo() && ports[s] == flow.ports()
                && srcHi[s] == flow.srcHi() && dstHi[s] == flow.dstHi()) {
                return s;
            }
        }
        return NONE;
    }

    /**
     * Adds an entry for {@code flow}, which must not be present, on probation (at the
     * least-recent end), evicting the least recently used entry when the cache is full. The new
     * entry has no open page, no hint, and expects {@code nextSeq}. Returns its slot.
     */
    public int insert(FlowKey flow, int nextSeq) {
        return insert(flow, nextSeq, false);
    }

    /**
     * As {@link #insert(FlowKey, int)}; {@code hot} puts the entry at the most-recent end (a
     * flow the driver vouched for, e.g. with an alignment hint).
     */
    public int insert(FlowKey flow, int nextSeq, boolean hot) {
        if (freeHead == NONE) {
            final int victim = lruTail;
            evictions++;
            listener.onEvict(victim);
            remove(victim);
        }
        final int slot = freeHead;
        freeHead = lruNext[slot];
        final long h = flow.hash();
        keyHash[slot] = h;
        srcHi[slot] = flow.srcHi();
        srcLo[slot] = flow.srcLo();
        dstHi[slot] = flow.dstHi();
        dstLo[slot] = flow.dstLo();
        ports[slot] = flow.ports();
        live[slot] = true;
        final int bucket = (int) h & bucketMask;
        bucketNext[slot] = bucketHead[bucket];
        bucketHead[bucket] = slot;
        if (hot || ++insertions % HOT_INSERT_EVERY == 0) {
            pushLruHead(slot);
        } else {
            pushLruTail(slot);
        }
        size++;
        openPfn[slot] = HostMemory.NO_PAGE;
        fillOffset[slot] = 0;
        this.nextSeq[slot] = nextSeq;
        hinted[slot] = false;
        hintSeq[slot] = 0;
        pageOpenedNs[slot] = 0;
        oldRun[slot] = false;
        return slot;
    }

    /**
     * Frees a slot. The caller has dealt with its open page already; the listener is not told.
     */
    public void remove(int slot) {
        if (!live[slot]) {
            return;
        }
        final int bucket = (int) keyHash[slot] & bucketMask;
        if (bucketHead[bucket] == slot) {
            bucketHead[bucket] = bucketNext[slot];
        } else {
            int s = bucketHead[bucket];
            while (bucketNext[s] != slot) {
                s = bucketNext[s];
            }
            bucketNext[s] = bucketNext[slot];
        }
        unlinkLru(slot);
        live[slot] = false;
        openPfn[slot] = HostMemory.NO_PAGE;
        lruNext[slot] = freeHead;
        freeHead = slot;
        size--;
    }

    /** Drops every entry, telling the listener about each first (soft state lost at once). */
    public void clear() {
        for (int s = lruHead; s != NONE; s = lruNext[s]) {
            listener.onEvict(s);
        }
        reset();
    }

    /** True when the slot holds a flow. */
    public boolean isLive(int slot) {
        return live[slot];
    }

    /** The least recently used live slot, or {@link #NONE}; walk on with {@link #moreRecent(int)}. */
    public int leastRecent() {
        return lruTail;
    }

    /** The next more recently used slot after {@code slot}, or {@link #NONE}. */
    public int moreRecent(int slot) {
        return lruPrev[slot];
    }

    /** The open page of a slot, or {@link HostMemory#NO_PAGE}. The cache holds no reference itself. */
    public int openPage(int slot) {
        return openPfn[slot];
    }

    public int fillOffset(int slot) {
        return fillOffset[slot];
    }

    public int nextSeq(int slot) {
        return nextSeq[slot];
    }

    public boolean hasHint(int slot) {
        return hinted[slot];
    }

    public int hintSeq(int slot) {
        return hintSeq[slot];
    }

    private void reset() {
        Arrays.fill(bucketHead, NONE);
        Arrays.fill(live, false);
        Arrays.fill(openPfn, HostMemory.NO_PAGE);
        for (int i = 0; i < capacity; i++) {
            lruNext[i] = i + 1 < capacity ? i + 1 : NONE;
            lruPrev[i] = NONE;
        }
        freeHead = 0;
        lruHead = NONE;
        lruTail = NONE;
        size = 0;
    }

    private void pushLruHead(int slot) {
        lruPrev[slot] = NONE;
        lruNext[slot] = lruHead;
        if (lruHead != NONE) {
            lruPrev[lruHead] = slot;
        }
        lruHead = slot;
        if (lruTail == NONE) {
            lruTail = slot;
        }
    }

    private void pushLruTail(int slot) {
        lruNext[slot] = NONE;
        lruPrev[slot] = lruTail;
        if (lruTail != NONE) {
            lruNext[lruTail] = slot;
        }
        lruTail = slot;
        if (lruHead == NONE) {
            lruHead = slot;
        }
    }

    private void unlinkLru(int slot) {
        final int p = lruPrev[slot];
        final int n = lruNext[slot];
        if (p != NONE) {
            lruNext[p] = n;
        } else {
            lruHead = n;
        }
        if (n != NONE) {
            lruPrev[n] = p;
        } else {
            lruTail = p;
        }
    }
}
