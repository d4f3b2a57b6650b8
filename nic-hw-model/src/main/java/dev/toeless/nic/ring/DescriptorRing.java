package dev.toeless.nic.ring;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A descriptor ring: a fixed, power-of-two number of equal-size descriptor slots in one buffer,
 * with a producer index (tail) and a consumer index (head). The indices run freely as 64-bit
 * counts and are masked to a slot, so wrap-around needs no special case and full and empty are
 * never confused: {@code tail - head} is the number of entries in flight.
 *
 * <p>Doorbells: the producer fills slots with {@link #produce()} (which moves its private tail)
 * and then rings {@link #doorbell()}, which publishes that tail; the consumer sees only published
 * entries. Descriptors are written and read through flyweights wrapped at the offset returned.
 *
 * <p>Full and empty are return values ({@link #FULL}, {@link #EMPTY}), counted, never thrown.
 * Single producer, single consumer, one thread (the simulation's); a multi-threaded variant would
 * need ordered stores on the published tail.
 */
public final class DescriptorRing {
    /** Returned by {@link #produce()} when every slot is in use. */
    public static final int FULL = -1;
    /** Returned by {@link #peek()} when nothing is published. */
    public static final int EMPTY = -1;

    private final String name;
    private final int entries;
    private final int mask;
    private final int entrySize;
    private final UnsafeBuffer buffer;
    private long head;
    private long localTail;
    private long publishedTail;
    private long doorbells;
    private long fullEvents;

    /**
     * @param entries   number of slots, a power of two
     * @param entrySize bytes per descriptor
     */
    public DescriptorRing(String name, int entries, int entrySize) {
        if (entries <= 0 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("ring entries must be a power of two: " + entries);
        }
        if (entrySize <= 0 || (long) entries * entrySize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad ring size: " + entries + " x " + entrySize);
        }
        this.name = name;
        this.entries = entries;
        this.mask = entries - 1;
        this.entrySize = entrySize;
        this.buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(entries * entrySize, 64));
    }

    public String name() {
        return name;
    }

    /** The descriptor memory, for flyweights. */
    public UnsafeBuffer buffer() {
        return buffer;
    }

    public int entries() {
        return entries;
    }

    public int entrySize() {
        return entrySize;
    }

    /** The byte offset of the slot that index {@code index} maps to. */
    public int offsetOf(long index) {
        return (int) (index & mask) * entrySize;
    }

    // ---- producer side

    /** Slots the producer may still fill (counting filled but unpublished ones as used). */
    public int freeSlots() {
        return entries - (int) (localTail - head);
    }

    /**
     * Claims the next slot for the producer and returns its byte offset, or {@link #FULL}. The
     * entry becomes visible to the consumer at the next {@link #doorbell()}.
     */
    public int produce() {
        if (localTail - head >= entries) {
            fullEvents++;
            return FULL;
        }
        return offsetOf(localTail++);
    }

    /** Publishes every produced entry (the producer writes its tail to the doorbell register). */
    public int doorbell() {
        final int published = (int) (localTail - publishedTail);
        publishedTail = localTail;
        doorbells++;
        return published;
    }

    // ---- consumer side

    /** Published entries not yet consumed. */
    public int pending() {
        return (int) (publishedTail - head);
    }

    /** The byte offset of the oldest published entry, or {@link #EMPTY}. */
    public int peek() {
        return publishedTail == head ? EMPTY : offsetOf(head);
    }

    /** The byte offset of the {@code i}-th pending entry (0 = oldest), or {@link #EMPTY}. */
    public int peek(int i) {
        return i < 0 || i >= pending() ? EMPTY : offsetOf(head + i);
    }

    /** Retires the oldest published entry; false when there is none. */
    public boolean consume() {
        if (publishedTail == head) {
            return false;
        }
        head++;
        return true;
    }

    /** Retires up to {@code count} entries; returns how many. */
    public int consume(int count) {
        final int n = Math.min(Math.max(count, 0), pending());
        head += n;
        return n;
    }

    public long head() {
        return head;
    }

    public long tail() {
        return publishedTail;
    }

    public long doorbells() {
        return doorbells;
    }

    /** Times the producer found the ring full. */
    public long fullEvents() {
        return fullEvents;
    }

    @Override
    public String toString() {
        return name + "[head " + head + ", tail " + publishedTail + ", unpublished " + (localTail - publishedTail)
            + ", " + entries + " x " + entrySize + " B]";
    }
}
