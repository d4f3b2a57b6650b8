package dev.toeless.stack.ddp;

/**
 * MPA's framing of one FPDU (RFC 5044 section 4), with markers off:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          ULPDU_Length         |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * ~                ULPDU (a DDP segment: header, payload)         ~
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |      PAD (0-3 bytes, zero)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  CRC32c (big-endian, over all the above)      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Markers (a 4-byte pointer every 512 bytes of stream) are not implemented; the start frames
 * negotiate them off, and a peer that requires them is refused (see {@link MpaStartFrame}).
 */
public final class MpaFraming {
    public static final int LENGTH_FIELD_BYTES = 2;
    public static final int CRC_BYTES = 4;
    /** The largest ULPDU the 16-bit length field can carry. */
    public static final int MAX_ULPDU_BYTES = 0xFFFF;

    private MpaFraming() {
    }

    /** Pad bytes after a ULPDU of {@code ulpduBytes} so that length field, ULPDU and pad end on 4 bytes. */
    public static int padBytes(int ulpduBytes) {
        return (4 - ((LENGTH_FIELD_BYTES + ulpduBytes) & 3)) & 3;
    }

    /** The whole FPDU's length for a ULPDU of {@code ulpduBytes}. */
    public static int fpduBytes(int ulpduBytes) {
        return LENGTH_FIELD_BYTES + ulpduBytes + padBytes(ulpduBytes) + CRC_BYTES;
    }
}
