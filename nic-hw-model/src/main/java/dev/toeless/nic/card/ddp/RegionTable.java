package dev.toeless.nic.card.ddp;

import dev.toeless.nic.mem.HostMemory;
import org.agrona.collections.IntArrayQueue;

import java.util.Arrays;

/**
 * The card's registered-region table: a fixed number of slots, each a region of host pages with
 * its steering tag (STag), tagged-offset base, length, access rights and protection domain, and
 * the translation entries (one per page, in {@link TranslationMemory}) that map it to host pages.
 *
 * <p>STag layout, as Linux's {@code siw} and most RNICs cut it: the upper 24 bits index the table
 * (index 0 is never used, so STag 0 is never valid), the low 8 bits are a key that changes each
 * time a slot is reused, so a stale STag of a freed region does not name its successor.
 *
 * <p>Lifecycle: {@link #register} makes a valid region; {@link #invalidate} turns its STag off (a
 * check then finds an invalid STag) but keeps its pages pinned; {@link #deregister} frees the slot,
 * its translation entries and its page references.
 *
 * <p>Ownership: a registered region holds one reference to each of its pages (the pin) from
 * {@link #register} until {@link #deregister}; the caller keeps its own. Single-threaded.
 */
public final class RegionTable {
    /** Never a registered region's STag. */
    public static final int NO_STAG = 0;
    /** The most slots a table can have: 24 bits of index, less index 0. */
    public static final int MAX_SLOTS = (1 << 24) - 1;

    private final HostMemory memory;
    private final TranslationMemory translation;
    private final int slots;
    private final byte[] key;
    private final boolean[] inUse;
    private final boolean[] valid;
    private final long[] base;
    private final long[] length;
    private final int[] rights;
    private final int[] pd;
    private final int[] firstOffset;
    private final int[][] pages;
    private final IntArrayQueue freeIndex;
    private int regions;
    private long registered;
    private long refusedNoSlot;
    private long refusedBadArguments;

    public RegionTable(HostMemory memory, TranslationMemory translation, int slots) {
        if (slots <= 0 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be 1.." + MAX_SLOTS + ": " + slots);
        }
        this.memory = memory;
        this.translation = translation;
        this.slots = slots;
        final int n = slots + 1;
        this.key = new byte[n];
        this.inUse = new boolean[n];
        this.valid = new boolean[n];
        this.base = new long[n];
        this.length = new long[n];
        this.rights = new int[n];
        this.pd = new int[n];
        this.firstOffset = new int[n];
        this.pages = new int[n][];
        this.freeIndex = new IntArrayQueue(Math.max(slots, IntArrayQueue.MIN_CAPACITY), IntArrayQueue.DEFAULT_NULL_VALUE);
        for (int i = 1; i <= slots; i++) {
            freeIndex.addInt(i);
        }
    }

    /** Pages a region of {@code lengthBytes} starting at {@code firstPageOffset} of its first page spans. */
    public static int pagesSpanned(int firstPageOffset, long lengthBytes) {
        return (int) ((firstPageOffset + lengthBytes + HostMemory.PAGE_SIZE - 1) >>> HostMemory.PAGE_SHIFT);
    }

    /**
     * Registers the region {@code [baseTo, baseTo + lengthBytes)} of tagged offsets, laid over
     * {@code pfns[0..pageCount)} from byte {@code firstPageOffset} of the first page. Pins each page
     * (takes one reference of its own) and takes one translation entry per page. Returns its STag,
     * or {@link #NO_STAG} (counted) when no slot or translation memory is free or the arguments are
     * not a region (a page not in use, too few pages, rights undefined, an end past 2^64).
     */
    public int register(int[] pfns, int pageCount, int firstPageOffset, long lengthBytes, long baseTo,
                        int accessRights, int protectionDomain) {
        if (!validArguments(pfns, pageCount, firstPageOffset, lengthBytes, baseTo, accessRights)) {
            refusedBadArguments++;
            return NO_STAG;
        }
        if (freeIndex.isEmpty()) {
            refusedNoSlot++;
            return NO_STAG;
        }
        if (!translation.take(pageCount)) {
            return NO_STAG;
        }
        final int index = freeIndex.pollInt();
        final int[] held = Arrays.copyOf(pfns, pageCount);
        for (int pfn : held) {
            memory.retain(pfn);
        }
        inUse[index] = true;
        valid[index] = true;
        base[index] = baseTo;
        length[index] = lengthBytes;
        rights[index] = accessRights;
        pd[index] = protectionDomain;
        firstOffset[index] = firstPageOffset;
        pages[index] = held;
        regions++;
        registered++;
        return (index << 8) | (key[index] & 0xFF);
    }

    private boolean validArguments(int[] pfns, int pageCount, int firstPageOffset, long lengthBytes, long baseTo,
                                   int accessRights) {
        if (pfns == null || pageCount <= 0 || pageCount > pfns.length || firstPageOffset < 0
            || firstPageOffset >= HostMemory.PAGE_SIZE || lengthBytes <= 0 || !AccessRights.isValid(accessRights)) {
            return false;
        }
        if (Long.compareUnsigned(baseTo + lengthBytes, baseTo) < 0) {
            return false; // the region's end would wrap past 2^64
        }
        if (pagesSpanned(firstPageOffset, lengthBytes) != pageCount) {
            return false;
        }
        for (int i = 0; i < pageCount; i++) {
            if (!memory.isPage(pfns[i]) || memory.refCount(pfns[i]) <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Turns a region's STag off when {@code protectionDomain} owns it (as {@code siw_invalidate_stag}:
     * an unknown STag or another domain's is refused; one already invalid stays so). Returns true
     * when the STag is now invalid.
     */
    public boolean invalidate(int stag, int protectionDomain) {
        final int index = liveIndex(stag);
        if (index == 0 || pd[index] != protectionDomain) {
            return false;
        }
        valid[index] = false;
        return true;
    }

    /**
     * Frees a region: its slot (the key moves on), its translation entries and its page
     * references. Returns false for an STag that names no region.
     */
    public boolean deregister(int stag) {
        final int index = liveIndex(stag);
        if (index == 0) {
            return false;
        }
        for (int pfn : pages[index]) {
            memory.release(pfn);
        }
        translation.give(pages[index].length);
        pages[index] = null;
        inUse[index] = false;
        valid[index] = false;
        key[index]++;
        freeIndex.addInt(index);
        regions--;
        return true;
    }

    /** The slot index of a registered region with this STag (its key matching), or 0. */
    int liveIndex(int stag) {
        final int index = stag >>> 8;
        if (index == 0 || index > slots || !inUse[index] || (key[index] & 0xFF) != (stag & 0xFF)) {
            return 0;
        }
        return index;
    }

    boolean valid(int index) {
        return valid[index];
    }

    long base(int index) {
        return base[index];
    }

    long length(int index) {
        return length[index];
    }

    int rights(int index) {
        return rights[index];
    }

    int pd(int index) {
        return pd[index];
    }

    /** The pfn holding region byte {@code regionOffset} of slot {@code index}. */
    int pfnAt(int index, long regionOffset) {
        return pages[index][(int) ((firstOffset[index] + regionOffset) >>> HostMemory.PAGE_SHIFT)];
    }

    /** The page offset of region byte {@code regionOffset} of slot {@code index}. */
    int pageOffsetAt(int index, long regionOffset) {
        return (int) ((firstOffset[index] + regionOffset) & (HostMemory.PAGE_SIZE - 1));
    }

    /** What the table holds for {@code stag}, or null when it names no region. */
    public Region describe(int stag) {
        final int index = liveIndex(stag);
        if (index == 0) {
            return null;
        }
        return new Region(stag, base[index], length[index], rights[index], pd[index], valid[index],
            pages[index].length);
    }

    public int slots() {
        return slots;
    }

    /** Regions registered and not yet deregistered. */
    public int regions() {
        return regions;
    }

    public long registered() {
        return registered;
    }

    public long refusedNoSlot() {
        return refusedNoSlot;
    }

    public long refusedBadArguments() {
        return refusedBadArguments;
    }

    public TranslationMemory translation() {
        return translation;
    }

    /** One region as the table describes it. */
    public record Region(int stag, long baseTo, long lengthBytes, int accessRights, int protectionDomain,
                         boolean valid, int pages) {
    }
}
