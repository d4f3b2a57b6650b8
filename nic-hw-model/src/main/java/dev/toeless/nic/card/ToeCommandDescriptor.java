package dev.toeless.nic.card;

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
 * from the doorbell until that completion. Bytes 0 to 23 are laid out as {@link ToeQueueDescriptor}'s.
 */
public final class ToeCommandDescriptor extends ToeQueueDescriptor<ToeCommandDescriptor> {
    public static final int OPCODE_OFFSET = 0;
    public static final int FLAGS_OFFSET = 1;
    public static final int FAMILY_OFFSET = 2;
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

    @Override
    protected int size() {
        return LENGTH;
    }

    public int opcode() {
        return kind(OPCODE_OFFSET);
    }

    public ToeCommandDescriptor opcode(int opcode) {
        return kind(OPCODE_OFFSET, opcode);
    }

    public int flags() {
        return kind(FLAGS_OFFSET);
    }

    public ToeCommandDescriptor flags(int flags) {
        return kind(FLAGS_OFFSET, flags);
    }

    public int family() {
        return kind(FAMILY_OFFSET);
    }

    public ToeCommandDescriptor family(int family) {
        return kind(FAMILY_OFFSET, family);
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
