package dev.toeless.nic.card;

import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.HostMemory;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A TOE card's DMA engine between host memory and card memory: payload the host lent in a
 * command's page range is read across the PCI link into a card page, received payload is written
 * from a card page into a host page the host posted. The host CPU touches none of it. Addresses
 * come from descriptors, so they are checked: a transfer outside either memory is refused and
 * counted, never done.
 */
public final class CardDma {
    private final DmaEngine host;
    private final DmaEngine card;
    private final UnsafeBuffer staging = new UnsafeBuffer(new byte[HostMemory.PAGE_SIZE]);
    private long bytesFromHost;
    private long bytesToHost;
    private long errors;

    public CardDma(HostMemory hostMemory, HostMemory cardMemory) {
        this.host = new DmaEngine(hostMemory);
        this.card = new DmaEngine(cardMemory);
    }

    /** The PCI link host transfers cross (card memory is on the card: no bus). */
    public void bus(DeviceBus bus) {
        host.bus(bus);
    }

    /** Reads host page range into card memory; false (counted) when either range is bad. */
    public boolean fromHost(int hostPfn, int hostOffset, int cardPfn, int cardOffset, int length) {
        if (!inPage(hostOffset, length) || !inPage(cardOffset, length)
            || !host.fromHost(HostMemory.address(hostPfn, hostOffset), length, staging, 0)) {
            errors++;
            return false;
        }
        if (!card.toHost(staging, 0, length, HostMemory.address(cardPfn, cardOffset))) {
            errors++;
            return false;
        }
        bytesFromHost += length;
        return true;
    }

    /** Writes card page range into a host page range; false (counted) when either range is bad. */
    public boolean toHost(int cardPfn, int cardOffset, int hostPfn, int hostOffset, int length) {
        if (!inPage(hostOffset, length) || !inPage(cardOffset, length)
            || !card.fromHost(HostMemory.address(cardPfn, cardOffset), length, staging, 0)) {
            errors++;
            return false;
        }
        if (!host.toHost(staging, 0, length, HostMemory.address(hostPfn, hostOffset))) {
            errors++;
            return false;
        }
        bytesToHost += length;
        return true;
    }

    private static boolean inPage(int offset, int length) {
        return offset >= 0 && length >= 0 && offset + length <= HostMemory.PAGE_SIZE;
    }

    public long bytesFromHost() {
        return bytesFromHost;
    }

    public long bytesToHost() {
        return bytesToHost;
    }

    public long errors() {
        return errors;
    }
}
