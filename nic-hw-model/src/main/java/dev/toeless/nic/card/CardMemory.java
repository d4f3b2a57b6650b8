package dev.toeless.nic.card;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;

/**
 * A TOE card's own memory: a bounded arena of 4 KiB pages (a {@link HostMemory} of its own, never
 * the host's), cut into the pool the card receives frames into and the pool that holds
 * connections' send data copied from the host. When the arena is used up the card cannot take
 * more data, nor, by the firmware's reserve, another connection. Not in the host's socket-memory
 * view: the host's global limits never see these pages.
 *
 * <p>Ownership: the card owns every page; {@link #close()} gives both pools back.
 */
public final class CardMemory implements AutoCloseable {
    /** A card of the T6 class: 64 MiB of payload memory (estimate; the T6 has 1 to 4 GiB of DDR). */
    public static final int DEFAULT_PAGES = 16_384;

    private final HostMemory memory;
    private final PagePool rxPool;
    private final PagePool sendPool;

    /** @param pages the arena's size; half receive frames, half send data */
    public CardMemory(int pages) {
        if (pages < 64) {
            throw new IllegalArgumentException("card memory needs at least 64 pages: " + pages);
        }
        this.memory = new HostMemory(pages);
        this.rxPool = new PagePool(memory, "card.rx", pages / 2);
        this.sendPool = new PagePool(memory, "card.send", pages - pages / 2);
    }

    public HostMemory memory() {
        return memory;
    }

    /** Pages the card receives frames into. */
    public PagePool rxPool() {
        return rxPool;
    }

    /** Pages holding send data copied from the host until the peer acknowledges it. */
    public PagePool sendPool() {
        return sendPool;
    }

    public int pages() {
        return memory.pageCount();
    }

    public int pagesInUse() {
        return memory.pagesInUse();
    }

    public int freePages() {
        return memory.freePages();
    }

    @Override
    public void close() {
        rxPool.close();
        sendPool.close();
    }
}
