package dev.toeless.stack.driver;

import dev.toeless.nic.device.NicQueue;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.ring.DescriptorRing;
import dev.toeless.nic.ring.RxHeaderBufferDescriptor;
import dev.toeless.stack.netdev.RxPacket;


/**
 * The driver's side of one queue pair: the receive header buffers (ids the completions name),
 * the transmit header slots (one per TX descriptor, its id the descriptor's cookie) with the
 * pages each descriptor lent, the reusable packet view and the GRO state.
 *
 * <p>Header buffers are carved, {@value NicDriver#HEADER_BUFFER_BYTES} bytes each, out of pages
 * from the header pool, which this queue holds until {@link #close()}.
 */
final class DriverQueue {
    final NicQueue nicQueue;
    private final HostMemory memory;
    private final int[] headerPages;
    private final int rxHeaders;
    private final int[] freeRxHeaders;
    private final boolean[] rxHeaderPosted;
    private int freeRxHeaderTop;
    private final int txSlots;
    private final int[] freeTxSlots;
    private final boolean[] txSlotBusy;
    private final FragList[] txFrags;
    private int freeTxSlotTop;
    private final RxHeaderBufferDescriptor headerDescriptor = new RxHeaderBufferDescriptor();
    RxPacket packet = new RxPacket();
    final Gro gro;
    boolean repollScheduled;

    DriverQueue(NicQueue nicQueue, HostMemory memory, PagePool headerPool, Gro.Deliver deliver) {
        this.nicQueue = nicQueue;
        this.memory = memory;
        this.rxHeaders = nicQueue.headerRing().entries();
        this.txSlots = nicQueue.txRing().entries();
        final int buffers = rxHeaders + txSlots;
        this.headerPages = new int[(buffers + NicDriver.BUFFERS_PER_PAGE - 1) / NicDriver.BUFFERS_PER_PAGE];
        for (int i = 0; i < headerPages.length; i++) {
            final int pfn = headerPool.allocate();
            if (pfn == HostMemory.NO_PAGE) {
                for (int j = 0; j < i; j++) {
                    memory.release(headerPages[j]);
                }
                throw new IllegalStateException("header pool " + headerPool.name() + " cannot supply "
                    + headerPages.length + " pages for queue " + nicQueue.id());
            }
            headerPages[i] = pfn;
        }
        this.freeRxHeaders = new int[rxHeaders];
        this.rxHeaderPosted = new boolean[rxHeaders];
        for (int i = 0; i < rxHeaders; i++) {
            freeRxHeaders[freeRxHeaderTop++] = rxHeaders - 1 - i;
        }
        this.freeTxSlots = new int[txSlots];
        this.txSlotBusy = new boolean[txSlots];
        this.txFrags = new FragList[txSlots];
        for (int i = 0; i < txSlots; i++) {
            freeTxSlots[freeTxSlotTop++] = txSlots - 1 - i;
            txFrags[i] = new FragList(4);
        }
        this.gro = new Gro(deliver, memory);
    }

    // ---- receive header buffers

    boolean isHeaderBuffer(int id) {
        return id >= 0 && id < rxHeaders && rxHeaderPosted[id];
    }

    int headerPfn(int id) {
        return headerPages[id / NicDriver.BUFFERS_PER_PAGE];
    }

    int headerOffset(int id) {
        return (id % NicDriver.BUFFERS_PER_PAGE) * NicDriver.HEADER_BUFFER_BYTES;
    }

    /** A completion gave a header buffer back (unknown or repeated ids are ignored). */
    void returnHeaderBuffer(int id) {
        if (isHeaderBuffer(id)) {
            rxHeaderPosted[id] = false;
            freeRxHeaders[freeRxHeaderTop++] = id;
        }
    }

    void postHeaderBuffers() {
        final DescriptorRing ring = nicQueue.headerRing();
        while (freeRxHeaderTop > 0 && ring.freeSlots() > 0) {
            final int id = freeRxHeaders[--freeRxHeaderTop];
            rxHeaderPosted[id] = true;
            headerDescriptor.wrap(ring.buffer(), ring.produce())
                .address(HostMemory.address(headerPfn(id), headerOffset(id)))
                .lengthBytes(NicDriver.HEADER_BUFFER_BYTES)
                .bufferId(id);
        }
    }

    // ---- transmit header slots

    int freeTxSlots() {
        return freeTxSlotTop;
    }

    /** A free slot id, or -1. */
    int acquireTxSlot() {
        if (freeTxSlotTop == 0) {
            return -1;
        }
        final int slot = freeTxSlots[--freeTxSlotTop];
        txSlotBusy[slot] = true;
        return slot;
    }

    int txHeaderPfn(int slot) {
        return headerPfn(rxHeaders + slot);
    }

    int txHeaderOffset(int slot) {
        return headerOffset(rxHeaders + slot);
    }

    /** The pages slot {@code slot}'s descriptor lent (each fragment one reference). */
    FragList txFrags(int slot) {
        return txFrags[slot];
    }

    /** The NIC is done with the slot's descriptor: its pages' references go back. */
    void completeTx(int slot) {
        if (slot < 0 || slot >= txSlots || !txSlotBusy[slot]) {
            return;
        }
        txFrags[slot].releaseAll(memory);
        txSlotBusy[slot] = false;
        freeTxSlots[freeTxSlotTop++] = slot;
    }

    void close() {
        gro.dropHeld(memory);
        packet.releaseFragments(memory);
        for (int slot = 0; slot < txSlots; slot++) {
            completeTx(slot);
        }
        for (int pfn : headerPages) {
            memory.release(pfn);
        }
    }
}
