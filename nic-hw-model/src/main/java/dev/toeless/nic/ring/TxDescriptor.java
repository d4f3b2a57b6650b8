package dev.toeless.nic.ring;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * TX descriptor: one packet or one TSO super-segment the driver posts. The headers (a template
 * for TSO) are in a header buffer; the payload is up to {@value #MAX_FRAGS} page fragments (as
 * Linux's MAX_SKB_FRAGS), enough for 64 KiB at any page offset. Checksum offload uses Linux's
 * {@code csum_start}/{@code csum_offset}: the NIC sums from csum_start to the end and stores the
 * folded sum at csum_start + csum_offset. Little-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                  header address (64 bits)                     |  0
 * |                                                               |
 * +-------------------------------+---------------+---------------+
 * |      header length (16)       |  frag count   |     flags     |  8
 * +-------------------------------+---------------+---------------+
 * |       csum_start (16)         |       csum_offset (16)        | 12
 * +-------------------------------+---------------+---------------+
 * |        gso_size (16)          |   gso_type    |   reserved    | 16
 * +-------------------------------+---------------+---------------+
 * |                  cookie (32): echoed in the completion        | 20
 * +---------------------------------------------------------------+
 * |                  reserved (64)                                | 24
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                  frag 0: page frame number (32)               | 32
 * +-------------------------------+-------------------------------+
 * |   frag 0: page offset (16)    |     frag 0: length (16)       | 36
 * +-------------------------------+-------------------------------+
 * |                  frags 1 .. 16, 8 bytes each                  | 40..167
 * +---------------------------------------------------------------+
 * </pre>
 *
 * Posting a descriptor lends the NIC the header buffer and the fragment pages until the TX
 * completion with the same cookie comes back; the driver then releases them.
 */
public final class TxDescriptor {
    public static final int HEADER_ADDRESS_OFFSET = 0;
    public static final int HEADER_LENGTH_OFFSET = 8;
    public static final int FRAG_COUNT_OFFSET = 10;
    public static final int FLAGS_OFFSET = 11;
    public static final int CSUM_START_OFFSET = 12;
    public static final int CSUM_OFFSET_OFFSET = 14;
    public static final int GSO_SIZE_OFFSET = 16;
    public static final int GSO_TYPE_OFFSET = 18;
    public static final int COOKIE_OFFSET = 20;
    public static final int FRAGS_OFFSET = 32;
    public static final int FRAG_LENGTH = 8;
    public static final int MAX_FRAGS = 17;
    public static final int LENGTH = FRAGS_OFFSET + MAX_FRAGS * FRAG_LENGTH;

    /** Compute the L4 checksum from csum_start, store it at csum_start + csum_offset. */
    public static final int FLAG_CSUM_PARTIAL = 1;
    /** Segment by gso_size / gso_type (TSO). */
    public static final int FLAG_TSO = 2;
    /** Keep the IPv4 ID fixed across segments instead of incrementing it. */
    public static final int FLAG_FIXED_ID = 4;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private MutableDirectBuffer buffer;
    private int offset;

    public TxDescriptor wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public TxDescriptor clear() {
        buffer.setMemory(offset, LENGTH, (byte) 0);
        return this;
    }

    public long headerAddress() {
        return buffer.getLong(offset + HEADER_ADDRESS_OFFSET, ORDER);
    }

    public TxDescriptor headerAddress(long address) {
        buffer.putLong(offset + HEADER_ADDRESS_OFFSET, address, ORDER);
        return this;
    }

    public int headerLength() {
        return buffer.getShort(offset + HEADER_LENGTH_OFFSET, ORDER) & 0xFFFF;
    }

    public TxDescriptor headerLength(int length) {
        buffer.putShort(offset + HEADER_LENGTH_OFFSET, (short) length, ORDER);
        return this;
    }

    /** The count as written; readers must not trust more than {@link #MAX_FRAGS}. */
    public int fragCount() {
        return buffer.getByte(offset + FRAG_COUNT_OFFSET) & 0xFF;
    }

    public int flags() {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    public TxDescriptor flags(int flags) {
        buffer.putByte(offset + FLAGS_OFFSET, (byte) flags);
        return this;
    }

    public boolean hasFlag(int flag) {
        return (flags() & flag) != 0;
    }

    public int csumStart() {
        return buffer.getShort(offset + CSUM_START_OFFSET, ORDER) & 0xFFFF;
    }

    public TxDescriptor csumStart(int start) {
        buffer.putShort(offset + CSUM_START_OFFSET, (short) start, ORDER);
        return this;
    }

    public int csumOffset() {
        return buffer.getShort(offset + CSUM_OFFSET_OFFSET, ORDER) & 0xFFFF;
    }

    public TxDescriptor csumOffset(int csumOffset) {
        buffer.putShort(offset + CSUM_OFFSET_OFFSET, (short) csumOffset, ORDER);
        return this;
    }

    public int gsoSize() {
        return buffer.getShort(offset + GSO_SIZE_OFFSET, ORDER) & 0xFFFF;
    }

    public TxDescriptor gsoSize(int size) {
        buffer.putShort(offset + GSO_SIZE_OFFSET, (short) size, ORDER);
        return this;
    }

    /** The raw gso_type code; {@link GsoType#ofCode(int)} reads it. */
    public int gsoTypeCode() {
        return buffer.getByte(offset + GSO_TYPE_OFFSET) & 0xFF;
    }

    public TxDescriptor gsoType(GsoType type) {
        buffer.putByte(offset + GSO_TYPE_OFFSET, (byte) type.code());
        return this;
    }

    public int cookie() {
        return buffer.getInt(offset + COOKIE_OFFSET, ORDER);
    }

    public TxDescriptor cookie(int cookie) {
        buffer.putInt(offset + COOKIE_OFFSET, cookie, ORDER);
        return this;
    }

    /**
     * Appends a fragment; false (nothing written) when {@link #MAX_FRAGS} are there. Borrows the
     * page: the driver keeps its reference and releases it on the TX completion.
     */
    public boolean addFrag(int pfn, int pageOffset, int lengthBytes) {
        final int i = fragCount();
        if (i >= MAX_FRAGS) {
            return false;
        }
        final int at = offset + FRAGS_OFFSET + i * FRAG_LENGTH;
        buffer.putInt(at, pfn, ORDER);
        buffer.putShort(at + 4, (short) pageOffset, ORDER);
        buffer.putShort(at + 6, (short) lengthBytes, ORDER);
        buffer.putByte(offset + FRAG_COUNT_OFFSET, (byte) (i + 1));
        return true;
    }

    public int fragPfn(int i) {
        return buffer.getInt(offset + FRAGS_OFFSET + i * FRAG_LENGTH, ORDER);
    }

    public int fragOffset(int i) {
        return buffer.getShort(offset + FRAGS_OFFSET + i * FRAG_LENGTH + 4, ORDER) & 0xFFFF;
    }

    public int fragLength(int i) {
        return buffer.getShort(offset + FRAGS_OFFSET + i * FRAG_LENGTH + 6, ORDER) & 0xFFFF;
    }

    /** Payload bytes over all fragments (as a long: the fields are untrusted). */
    public long payloadLength() {
        long sum = 0;
        for (int i = 0, n = Math.min(fragCount(), MAX_FRAGS); i < n; i++) {
            sum += fragLength(i);
        }
        return sum;
    }
}
