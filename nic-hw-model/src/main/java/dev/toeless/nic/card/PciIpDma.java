package dev.toeless.nic.card;

import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The DMA of one end of an IP-over-PCI link to a card node (the host's end, whose transfers cross
 * the host's PCI link, or the card's, in the card's own memory). A packet's payload moves by page
 * reference: the sending end's driver names the payload's page fragments in its memory, the
 * receiving end's driver names the pages it took from its pool, and the two DMA engines move the
 * bytes between them: the sender's reads each fragment into the link's packet buffer, the
 * receiver's writes it into each page. The packet buffer never leaves this class, so no driver
 * sees a payload byte.
 *
 * <p>One owner (the receiving end), one thread.
 */
public final class PciIpDma {
    /** The largest packet the link carries: a 64 KiB IP packet. */
    public static final int MAX_PACKET_BYTES = 65_535;

    private final DmaEngine dma;
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[MAX_PACKET_BYTES]);

    /** @param memory the memory of this end: host memory, or the card node's */
    public PciIpDma(HostMemory memory) {
        this.dma = new DmaEngine(memory);
    }

    /** The bus this end's transfers cross (the host's PCI link; none on the card). */
    public void bus(DeviceBus deviceBus) {
        dma.bus(deviceBus);
    }

    /**
     * Places one packet's payload into this end's pages, from page offset {@code firstOffset} of
     * {@code pfns[0]} on, a page after another: first {@code inline[inlineOffset, +inlineLength)}
     * (payload bytes the sender carried in its header buffer, on the wire already), then
     * {@code length} bytes of {@code src} starting {@code skip} bytes in, read out of the sender's
     * memory by the sender's DMA. The fragments stay the sender's. False when a transfer was refused
     * (an address outside either memory) or the payload exceeds {@link #MAX_PACKET_BYTES}: nothing
     * is then promised about the pages' bytes.
     */
    public boolean place(DirectBuffer inline, int inlineOffset, int inlineLength, PciIpDma from, FragList src,
                         long skip, int length, int[] pfns, int firstOffset) {
        final int total = inlineLength + length;
        if (total > MAX_PACKET_BYTES || inlineLength < 0 || length < 0) {
            return false;
        }
        packet.putBytes(0, inline, inlineOffset, inlineLength);
        int at = inlineLength;
        long position = 0;
        for (int i = 0; i < src.count() && at < total; i++) {
            final int fragment = src.length(i);
            final long start = Math.max(skip, position);
            final long end = Math.min(position + fragment, skip + length);
            if (start < end) {
                final int n = (int) (end - start);
                if (!from.dma.fromHost(src.address(i) + (start - position), n, packet, at)) {
                    return false;
                }
                at += n;
            }
            position += fragment;
        }
        if (at != total) {
            return false;
        }
        int done = 0;
        int pageOffset = firstOffset;
        for (int i = 0; done < total; i++) {
            final int n = Math.min(HostMemory.PAGE_SIZE - pageOffset, total - done);
            if (!dma.toHost(packet, done, n, HostMemory.address(pfns[i], pageOffset))) {
                return false;
            }
            done += n;
            pageOffset = 0;
        }
        return true;
    }
}
