package dev.toeless.nic.card;

import dev.toeless.nic.link.FrameOutput;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.wire.EthernetHeader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A TOE card's Ethernet MAC on the wire side, over card memory: the silicon half of the card's wire
 * port, whose firmware half (in host-stack) parses and builds the packets. Receive: the MAC's DMA
 * writes a whole frame into one fresh page of the card's receive pool and names the page; the
 * firmware copies the headers out through its own counted CPU. Transmit: the MAC's DMA gathers the
 * header bytes and the payload fragments out of card memory into its frame buffer, pads the frame
 * to the Ethernet minimum and puts it on the wire. The frame buffer never leaves the MAC: the
 * firmware names pages, the MAC moves their bytes.
 *
 * <p>Counts nothing itself: every refusal is the firmware's to count. One owner, one thread.
 */
public final class CardMac {
    /** The largest frame the MAC buffers on transmit: a 64 KiB IP packet behind a VLAN-tagged header. */
    public static final int MAX_FRAME_BYTES = 65_535 + EthernetHeader.VLAN_HEADER_LENGTH;

    private final DmaEngine dma;
    private final PagePool rxPool;
    private final UnsafeBuffer txFrame = new UnsafeBuffer(new byte[MAX_FRAME_BYTES]);
    private FrameOutput output;

    /** @param rxPool card pages the MAC receives into; each received frame takes one */
    public CardMac(HostMemory cardMemory, PagePool rxPool) {
        this.dma = new DmaEngine(cardMemory);
        this.rxPool = rxPool;
    }

    /** Where transmitted frames go (null: refused). */
    public void output(FrameOutput frameOutput) {
        this.output = frameOutput;
    }

    /**
     * Writes {@code frame[offset, offset + length)} (at most a page) into a fresh page of the
     * receive pool at page offset 0; the page, or {@link HostMemory#NO_PAGE} when the pool is empty.
     */
    public int receive(DirectBuffer frame, int offset, int length) {
        if (length > HostMemory.PAGE_SIZE) {
            throw new IllegalArgumentException("a frame longer than a page: " + length);
        }
        final int pfn = rxPool.allocate();
        if (pfn != HostMemory.NO_PAGE) {
            dma.toHost(frame, offset, length, HostMemory.address(pfn, 0));
        }
        return pfn;
    }

    /**
     * Sends {@code header[0, headerLength)} followed by the bytes of {@code fragments}, padded to
     * the Ethernet minimum; the fragments stay the caller's. False when the frame is longer than
     * {@link #MAX_FRAME_BYTES} or the wire refused it.
     */
    public boolean send(DirectBuffer header, int headerLength, FragList fragments) {
        long total = headerLength;
        for (int i = 0; i < fragments.count(); i++) {
            total += fragments.length(i);
        }
        if (total > MAX_FRAME_BYTES || output == null) {
            return false;
        }
        txFrame.putBytes(0, header, 0, headerLength);
        int at = headerLength;
        for (int i = 0; i < fragments.count(); i++) {
            final int n = fragments.length(i);
            dma.fromHost(HostMemory.address(fragments.pfn(i), fragments.offset(i)), n, txFrame, at);
            at += n;
        }
        if (at < EthernetHeader.MIN_FRAME_LENGTH) {
            txFrame.setMemory(at, EthernetHeader.MIN_FRAME_LENGTH - at, (byte) 0);
            at = EthernetHeader.MIN_FRAME_LENGTH;
        }
        return output.send(txFrame, 0, at);
    }
}
