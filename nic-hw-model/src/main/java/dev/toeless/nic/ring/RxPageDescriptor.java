package dev.toeless.nic.ring;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * RX page descriptor: the driver posts one empty 4 KiB page into the payload (page) ring; the
 * NIC takes pages from it to accumulate payload. Posting a page hands the NIC one reference to
 * it; the page comes back to the host in completion fragments. Little-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                  page address (64 bits)                       |  0
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                  page frame number (32 bits)                  |  8
 * +---------------------------------------------------------------+
 * |                  reserved                                     | 12
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class RxPageDescriptor {
    public static final int ADDRESS_OFFSET = 0;
    public static final int PFN_OFFSET = 8;
    public static final int RESERVED_OFFSET = 12;
    public static final int LENGTH = 16;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private MutableDirectBuffer buffer;
    private int offset;

    public RxPageDescriptor wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public long address() {
        return buffer.getLong(offset + ADDRESS_OFFSET, ORDER);
    }

    public RxPageDescriptor address(long address) {
        buffer.putLong(offset + ADDRESS_OFFSET, address, ORDER);
        return this;
    }

    public int pfn() {
        return buffer.getInt(offset + PFN_OFFSET, ORDER);
    }

    /** Writes the page frame number; the reference moves when the descriptor is posted (see {@link RxPageRing}). */
    public RxPageDescriptor pfn(int pfn) {
        buffer.putInt(offset + PFN_OFFSET, pfn, ORDER);
        buffer.putInt(offset + RESERVED_OFFSET, 0, ORDER);
        return this;
    }
}
