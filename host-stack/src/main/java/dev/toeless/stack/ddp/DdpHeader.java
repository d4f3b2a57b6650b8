package dev.toeless.stack.ddp;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * A flyweight over a DDP segment header with RDMAP's control byte (RFC 5041 section 4, RFC 5040
 * section 4), tagged or untagged. Wrap it over the bytes once per segment; the view allocates
 * nothing.
 *
 * <pre>
 * tagged (14 bytes):
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |T|L| Resrv | DV| RV|R| Opcode  |          STag (high 16)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         STag (low 16)         |       Tagged Offset (64) ...  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * untagged (18 bytes): control (2), RsvdULP / Invalidate STag (4), QN (4), MSN (4), MO (4)
 * </pre>
 *
 * T: tagged; L: last segment of the message; DV: DDP version (1); RV: RDMAP version (1).
 * All fields big-endian.
 */
public final class DdpHeader {
    public static final int TAGGED_BYTES = 14;
    public static final int UNTAGGED_BYTES = 18;
    public static final int DDP_VERSION = 1;
    public static final int RDMAP_VERSION = 1;
    /** Untagged queue numbers (RFC 5040 section 5): SEND, READ request, TERMINATE. */
    public static final int QN_SEND = 0;
    public static final int QN_READ_REQUEST = 1;
    public static final int QN_TERMINATE = 2;

    private static final int FLAG_TAGGED = 0x80;
    private static final int FLAG_LAST = 0x40;

    private MutableDirectBuffer buffer;
    private int offset;

    /** Points the view at a header starting at {@code at}. */
    public DdpHeader wrap(MutableDirectBuffer headerBuffer, int at) {
        this.buffer = headerBuffer;
        this.offset = at;
        return this;
    }

    public boolean tagged() {
        return (buffer.getByte(offset) & FLAG_TAGGED) != 0;
    }

    public boolean last() {
        return (buffer.getByte(offset) & FLAG_LAST) != 0;
    }

    public int ddpVersion() {
        return buffer.getByte(offset) & 0x3;
    }

    public int rdmapVersion() {
        return (buffer.getByte(offset + 1) >> 6) & 0x3;
    }

    /** The opcode's four bits (see {@link RdmapOpcode#of}). */
    public int opcode() {
        return buffer.getByte(offset + 1) & 0xF;
    }

    /** Bytes this header takes: {@link #TAGGED_BYTES} or {@link #UNTAGGED_BYTES}. */
    public int headerBytes() {
        return tagged() ? TAGGED_BYTES : UNTAGGED_BYTES;
    }

    public int stag() {
        return buffer.getInt(offset + 2, ByteOrder.BIG_ENDIAN);
    }

    public long taggedOffset() {
        return buffer.getLong(offset + 6, ByteOrder.BIG_ENDIAN);
    }

    /** Untagged: the RsvdULP field (the STag to invalidate for Send with Invalidate). */
    public int invalidateStag() {
        return buffer.getInt(offset + 2, ByteOrder.BIG_ENDIAN);
    }

    public int queueNumber() {
        return buffer.getInt(offset + 6, ByteOrder.BIG_ENDIAN);
    }

    public int messageSequenceNumber() {
        return buffer.getInt(offset + 10, ByteOrder.BIG_ENDIAN);
    }

    public int messageOffset() {
        return buffer.getInt(offset + 14, ByteOrder.BIG_ENDIAN);
    }

    /** Writes a tagged header; returns {@link #TAGGED_BYTES}. */
    public int putTagged(boolean last, RdmapOpcode opcode, int stag, long to) {
        putControl(true, last, opcode);
        buffer.putInt(offset + 2, stag, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 6, to, ByteOrder.BIG_ENDIAN);
        return TAGGED_BYTES;
    }

    /** Writes an untagged header; returns {@link #UNTAGGED_BYTES}. */
    public int putUntagged(boolean last, RdmapOpcode opcode, int invalidateStag, int qn, int msn, int mo) {
        putControl(false, last, opcode);
        buffer.putInt(offset + 2, invalidateStag, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 6, qn, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 10, msn, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 14, mo, ByteOrder.BIG_ENDIAN);
        return UNTAGGED_BYTES;
    }

    private void putControl(boolean tagged, boolean last, RdmapOpcode opcode) {
        buffer.putByte(offset, (byte) ((tagged ? FLAG_TAGGED : 0) | (last ? FLAG_LAST : 0) | DDP_VERSION));
        buffer.putByte(offset + 1, (byte) ((RDMAP_VERSION << 6) | opcode.code()));
    }
}
