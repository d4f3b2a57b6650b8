package dev.toeless.nic.cost;

import java.util.Arrays;

/**
 * Whether data a device wrote into host memory is still in the cache when the CPU first touches
 * it. Every byte written into host memory (device DMA and CPU copies) is numbered in order; a DMA
 * write stamps its 4 KiB page with the count at that moment. Touching the page later is
 * <em>warm</em> when no more than the cache's size of DMA-cache bytes was written since (plus the
 * touched range itself); otherwise the data was pushed out and is <em>cold</em>. A cache of 0
 * bytes (DMA to memory, as before DDIO) makes every DMA'd byte cold; a page no device wrote is
 * treated as warm (the CPU wrote it, or it is the CPU's own data).
 */
public final class CacheWarmth {
    /** The host's page size as an address shift: 4 KiB. */
    public static final int PAGE_SHIFT = 12;
    private static final long NEVER = Long.MIN_VALUE;

    private final long cacheBytes;
    private long writtenBytes;
    private long[] dmaStamp = new long[1024];

    public CacheWarmth(long cacheBytes) {
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cache bytes must be >= 0: " + cacheBytes);
        }
        this.cacheBytes = cacheBytes;
        Arrays.fill(dmaStamp, NEVER);
    }

    public long cacheBytes() {
        return cacheBytes;
    }

    /** A device wrote {@code bytes} at host address {@code address}. */
    public void dmaWritten(long address, int bytes) {
        final int page = (int) (address >>> PAGE_SHIFT);
        if (page >= dmaStamp.length) {
            final int old = dmaStamp.length;
            dmaStamp = Arrays.copyOf(dmaStamp, Math.max(page + 1, 2 * old));
            Arrays.fill(dmaStamp, old, dmaStamp.length, NEVER);
        }
        writtenBytes += bytes;
        dmaStamp[page] = writtenBytes;
    }

    /** The CPU wrote {@code bytes} (a copy's destination): they take cache room too. */
    public void cpuWritten(int bytes) {
        writtenBytes += bytes;
    }

    /** Is the range of {@code bytes} at {@code address} warm for a CPU touching it now? */
    public boolean isWarm(long address, int bytes) {
        final int page = (int) (address >>> PAGE_SHIFT);
        if (page >= dmaStamp.length || dmaStamp[page] == NEVER) {
            return true;
        }
        return writtenBytes - dmaStamp[page] + bytes <= cacheBytes;
    }

    /** Bytes written into host memory so far (DMA and CPU). */
    public long writtenBytes() {
        return writtenBytes;
    }
}
