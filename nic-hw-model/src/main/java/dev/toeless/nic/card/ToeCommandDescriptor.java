package dev.toeless.nic.card;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * A command the host posts to a TOE card's command queue: one 64-byte descriptor in host memory
 * that the card fetches by DMA after a doorbell. Little-endian, like the NIC's rings; addresses
 * are stored in network order (IPv4 as the v4-mapped IPv6 address).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |    opcode     |     flags     |    family     |   reserved    |  0
 * +---------------+---------------+---------------+---------------+
 * |                 connection id (card TID, 32)                  |  4
 * +---------------------------------------------------------------+
 * |                 host cookie (64): echoed in the completion    |  8
 * +---------------------------------------------------------------+
 * |                 page frame number (32)                        | 16
 * +-------------------------------+-------------------------------+
 * |        page offset (16)       |          length (16)          | 20
 * +-------------------------------+-------------------------------+
 * |        local port (16)        |        remote port (16)       | 24
 * +-------------------------------+-------------------------------+
 * |                 argument (32): backlog, buffer size           | 28
 * +---------------------------------------------------------------+
 * |                 local address (128)                           | 32
 * +---------------------------------------------------------------+
 * |                 remote address (128)                          | 48
 * +---------------------------------------------------------------+
 * </pre>
 *
 * A {@link #SEND} or {@link #POST_RECEIVE} names one host page range; the card DMAs from it (send)
 * or into it (receive) and returns it with a completion, so the page reference is the card's
 * from the doorbell until that completion.
 */
public final class ToeCommandDescriptor {
    public static final int OPCODE_OFFSET = 0;
    public static final int FLAGS_OFFSET = 1;
    public static final int FAMILY_OFFSET = 2;
    public static final int TID_OFFSET = 4;
    public static final int COOKIE_OFFSET = 8;
    public static final int PFN_OFFSET = 16;
    public static final int PAGE_OFFSET_OFFSET = 20;
    public static final int LENGTH_OFFSET = 22;
    public static final int LOCAL_PORT_OFFSET = 24;
    public static final int REMOTE_PORT_OFFSET = 26;
    public static final int ARGUMENT_OFFSET = 28;
    public static final int LOCAL_ADDRESS_OFFSET = 32;
    public static final int REMOTE_ADDRESS_OFFSET = 48;
    public static final int LENGTH = 64;

    /** Open a listener on the local address and port; the argument is the backlog. */
    public static final int LISTEN = 1;
    /** Open a connection to the remote address and port. */
    public static final int CONNECT = 2;
    /** Take over a connection the card announced as passively opened (the TID names it). */
    public static final int ACCEPT = 3;
    /** Send a host page range on the connection. */
    public static final int SEND = 4;
    /** Lend the card a host page range to place received payload into. */
    public static final int POST_RECEIVE = 5;
    /** Orderly close (FIN after the queued data). */
    public static final int CLOSE = 6;
    /** Abortive close (RST); queued data is dropped and its pages returned. */
    public static final int ABORT = 7;
    /** Close a listener. */
    public static final int UNLISTEN = 8;

    /** Family values. */
    public static final int FAMILY_IPV4 = 4;
    public static final int FAMILY_IPV6 = 6;

    /** Flag on SEND: more data follows at once (no push). */
    public static final int FLAG_MORE = 1;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private MutableDirectBuffer buffer;
    private int offset;

    public ToeCommandDescriptor wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Zeroes the descriptor. */
    public ToeCommandDescriptor clear() {
        buffer.setMemory(offset, LENGTH, (byte) 0);
        return this;
    }

    public int opcode() {
        return buffer.getByte(offset + OPCODE_OFFSET) & 0xFF;
    }

    public ToeCommandDescriptor opcode(int opcode) {
        buffer.putByte(offset + OPCODE_OFFSET, (byte) opcode);
        return this;
    }

    public int flags() {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    public ToeCommandDescriptor flags(int flags) {
        buffer.putByte(offset + FLAGS_OFFSET, (byte) flags);
        return this;
    }

    public int family() {
        return buffer.getByte(offset + FAMILY_OFFSET) & 0xFF;
    }

    public ToeCommandDescriptor family(int family) {
        buffer.putByte(offset + FAMILY_OFFSET, (byte) family);
        return this;
    }

    public int tid() {
        return buffer.getInt(offset + TID_OFFSET, ORDER);
    }

    public ToeCommandDescriptor tid(int tid) {
        buffer.putInt(offset + TID_OFFSET, tid, ORDER);
        return this;
    }

    public long cookie() {
        return buffer.getLong(offset + COOKIE_OFFSET, ORDER);
    }

    public ToeCommandDescriptor cookie(long cookie) {
        buffer.putLong(offset + COOKIE_OFFSET, cookie, ORDER);
        return this;
    }

    public int pfn() {
        return buffer.getInt(offset + PFN_OFFSET, ORDER);
    }

    public int pageOffset() {
        return buffer.getShort(offset + PAGE_OFFSET_OFFSET, ORDER) & 0xFFFF;
    }

    public int lengthBytes() {
        return buffer.getShort(offset + LENGTH_OFFSET, ORDER) & 0xFFFF;
    }

    /** The page range of a SEND or POST_RECEIVE; {@code lengthBytes} at most one page (4,096). */
    public ToeCommandDescriptor pageRange(int pfn, int pageOffset, int lengthBytes) {
        buffer.putInt(offset + PFN_OFFSET, pfn, ORDER);
        buffer.putShort(offset + PAGE_OFFSET_OFFSET, (short) pageOffset, ORDER);
        buffer.putShort(offset + LENGTH_OFFSET, (short) lengthBytes, ORDER);
        return this;
    }

    public int localPort() {
        return buffer.getShort(offset + LOCAL_PORT_OFFSET, ORDER) & 0xFFFF;
    }

    public int remotePort() {
        return buffer.getShort(offset + REMOTE_PORT_OFFSET, ORDER) & 0xFFFF;
    }

    public ToeCommandDescriptor ports(int localPort, int remotePort) {
        buffer.putShort(offset + LOCAL_PORT_OFFSET, (short) localPort, ORDER);
        buffer.putShort(offset + REMOTE_PORT_OFFSET, (short) remotePort, ORDER);
        return this;
    }

    public int argument() {
        return buffer.getInt(offset + ARGUMENT_OFFSET, ORDER);
    }

    public ToeCommandDescriptor argument(int argument) {
        buffer.putInt(offset + ARGUMENT_OFFSET, argument, ORDER);
        return this;
    }

    /** High half (bytes 0..7, network order) of the local address. */
    public long localAddressHigh() {
        return buffer.getLong(offset + LOCAL_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** Low half (bytes 8..15, network order) of the local address. */
    public long localAddressLow() {
        return buffer.getLong(offset + LOCAL_ADDRESS_OFFSET + 8, ByteOrder.BIG_ENDIAN);
    }

    public long remoteAddressHigh() {
        return buffer.getLong(offset + REMOTE_ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public long remoteAddressLow() {
        return buffer.getLong(offset + REMOTE_ADDRESS_OFFSET + 8, ByteOrder.BIG_ENDIAN);
    }

    /** Both addresses as two longs each, network order (IPv4 as {@code ::ffff:a.b.c.d}). */
    public ToeCommandDescriptor addresses(long localHigh, long localLow, long remoteHigh, long remoteLow) {
        buffer.putLong(offset + LOCAL_ADDRESS_OFFSET, localHigh, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + LOCAL_ADDRESS_OFFSET + 8, localLow, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + REMOTE_ADDRESS_OFFSET, remoteHigh, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + REMOTE_ADDRESS_OFFSET + 8, remoteLow, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** A short name of an opcode, for counters and reports. */
    public static String opcodeName(int opcode) {
        return switch (opcode) {
            case LISTEN -> "listen";
            case CONNECT -> "connect";
            case ACCEPT -> "accept";
            case SEND -> "send";
            case POST_RECEIVE -> "post_receive";
            case CLOSE -> "close";
            case ABORT -> "abort";
            case UNLISTEN -> "unlisten";
            default -> "unknown_" + opcode;
        };
    }
}
