package dev.toeless.stack.ddp;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An MPA start frame (RFC 5044 section 7.1): the request the initiator sends first, or the reply
 * the responder answers with, before any FPDU.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~         Key: "MPA ID Req Frame" or "MPA ID Rep Frame" (16)    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |M|C|R| Res     |     Rev       |          PD_Length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                 Private Data (PD_Length bytes, at most 512)   ~
 * </pre>
 *
 * M is the sender's demand that the peer put markers in what it sends; C asks for CRCs (they are
 * then used both ways); R in a reply rejects the connection. We always send M = 0 and C = 1.
 *
 * @param reply        a reply frame (key "MPA ID Rep Frame") rather than a request
 * @param markers      the M bit
 * @param crc          the C bit
 * @param reject       the R bit
 * @param revision     Rev (1 for RFC 5044)
 * @param privateData  the private data (empty when none)
 */
public record MpaStartFrame(boolean reply, boolean markers, boolean crc, boolean reject, int revision,
                            byte[] privateData) {
    public static final int HEADER_BYTES = 20;
    public static final int MAX_PRIVATE_DATA = 512;
    public static final int REVISION = 1;
    static final byte[] REQUEST_KEY = "MPA ID Req Frame".getBytes(StandardCharsets.US_ASCII);
    static final byte[] REPLY_KEY = "MPA ID Rep Frame".getBytes(StandardCharsets.US_ASCII);
    private static final int FLAG_MARKERS = 0x80;
    private static final int FLAG_CRC = 0x40;
    private static final int FLAG_REJECT = 0x20;

    public MpaStartFrame {
        if (privateData == null || privateData.length > MAX_PRIVATE_DATA || revision < 0 || revision > 0xFF) {
            throw new IllegalArgumentException("private data 0.." + MAX_PRIVATE_DATA + " bytes, revision 0..255");
        }
        privateData = privateData.clone();
    }

    /** Our request: markers off, CRC on, revision 1. */
    public static MpaStartFrame request() {
        return new MpaStartFrame(false, false, true, false, REVISION, new byte[0]);
    }

    /** Our reply: markers off, CRC on, accepting or rejecting. */
    public static MpaStartFrame reply(boolean rejecting) {
        return new MpaStartFrame(true, false, true, rejecting, REVISION, new byte[0]);
    }

    public int bufferLength() {
        return HEADER_BYTES + privateData.length;
    }

    /** Writes the frame at {@code offset}; returns its length. */
    public int emit(MutableDirectBuffer buffer, int offset) {
        buffer.putBytes(offset, reply ? REPLY_KEY : REQUEST_KEY);
        buffer.putByte(offset + 16, (byte) ((markers ? FLAG_MARKERS : 0) | (crc ? FLAG_CRC : 0)
            | (reject ? FLAG_REJECT : 0)));
        buffer.putByte(offset + 17, (byte) revision);
        buffer.putShort(offset + 18, (short) privateData.length, ByteOrder.BIG_ENDIAN);
        buffer.putBytes(offset + HEADER_BYTES, privateData);
        return bufferLength();
    }

    /** PD_Length of a frame header at {@code offset} (20 bytes must be there). */
    static int privateDataLength(DirectBuffer buffer, int offset) {
        return buffer.getShort(offset + 18, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Parses a whole frame of {@code length} bytes; null when the key is neither request nor reply,
     * the length disagrees with PD_Length, or the private data is longer than 512 bytes.
     */
    public static MpaStartFrame parse(DirectBuffer buffer, int offset, int length) {
        if (length < HEADER_BYTES) {
            return null;
        }
        final byte[] key = new byte[16];
        buffer.getBytes(offset, key);
        final boolean isReply;
        if (Arrays.equals(key, REPLY_KEY)) {
            isReply = true;
        } else if (Arrays.equals(key, REQUEST_KEY)) {
            isReply = false;
        } else {
            return null;
        }
        final int pdLength = privateDataLength(buffer, offset);
        if (pdLength > MAX_PRIVATE_DATA || length != HEADER_BYTES + pdLength) {
            return null;
        }
        final int flags = buffer.getByte(offset + 16) & 0xFF;
        final byte[] pd = new byte[pdLength];
        buffer.getBytes(offset + HEADER_BYTES, pd);
        return new MpaStartFrame(isReply, (flags & FLAG_MARKERS) != 0, (flags & FLAG_CRC) != 0,
            (flags & FLAG_REJECT) != 0, buffer.getByte(offset + 17) & 0xFF, pd);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MpaStartFrame f && f.reply == reply && f.markers == markers && f.crc == crc
            && f.reject == reject && f.revision == revision && Arrays.equals(f.privateData, privateData);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(privateData) * 31 + (reply ? 1 : 0) + (markers ? 2 : 0) + (crc ? 4 : 0)
            + (reject ? 8 : 0) + revision * 16;
    }

    @Override
    public String toString() {
        return "MpaStartFrame[" + (reply ? "reply" : "request") + " M=" + (markers ? 1 : 0) + " C=" + (crc ? 1 : 0)
            + " R=" + (reject ? 1 : 0) + " rev=" + revision + " pd=" + privateData.length + "]";
    }
}
