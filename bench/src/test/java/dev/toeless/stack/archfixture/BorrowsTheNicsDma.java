package dev.toeless.stack.archfixture;

import dev.toeless.nic.mem.DmaEngine;
import org.agrona.concurrent.UnsafeBuffer;

/** Rule fixture: host code that copies payload with the NIC's DMA engine, which the ledger does not count. */
public final class BorrowsTheNicsDma {
    private BorrowsTheNicsDma() {
    }

    public static boolean copy(DmaEngine dma, long address, UnsafeBuffer out) {
        return dma.fromHost(address, out.capacity(), out, 0);
    }
}
