package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Decodes the options of one TCP header into reusable fields: one instance per receive path,
 * refilled per segment without allocation. Recognises EOL, NOP, MSS, window scale,
 * SACK-permitted, SACK (up to {@link #MAX_SACK_BLOCKS} blocks) and timestamps; other kinds
 * are skipped by their length. An option whose length byte is missing, below 2, or runs past
 * the header is {@link ParseStatus#OPTION_OVERRUN}; a known kind with the wrong length is
 * {@link ParseStatus#BAD_FIELD}.
 *
 * <pre>
 * kind 0 EOL | kind 1 NOP | kind 2 len 4 MSS(16) | kind 3 len 3 shift(8) | kind 4 len 2
 * kind 5 len 2+8n (left(32) right(32))*n | kind 8 len 10 TSval(32) TSecr(32)
 * </pre>
 */
public final class TcpOptionsView {
    public static final int KIND_EOL = 0;
    public static final int KIND_NOP = 1;
    public static final int KIND_MSS = 2;
    public static final int KIND_WINDOW_SCALE = 3;
    public static final int KIND_SACK_PERMITTED = 4;
    public static final int KIND_SACK = 5;
    public static final int KIND_TIMESTAMPS = 8;
    public static final int MAX_SACK_BLOCKS = 4;
    /** RFC 7323: a larger shift is treated as 14. */
    public static final int MAX_WINDOW_SCALE = 14;
    public static final int NONE = -1;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    /** NOP, NOP, timestamps kind and length: the aligned timestamps layout, decoded in one step. */
    private static final int ALIGNED_TIMESTAMPS_LEAD = KIND_NOP << 24 | KIND_NOP << 16 | KIND_TIMESTAMPS << 8 | 10;
    private static final int ALIGNED_TIMESTAMPS_LENGTH = 12;

    private int mss;
    private int windowScale;
    private boolean sackPermitted;
    private boolean hasTimestamps;
    private long tsVal;
    private long tsEcr;
    private int sackCount;
    private final long[] sackLeft = new long[MAX_SACK_BLOCKS];
    private final long[] sackRight = new long[MAX_SACK_BLOCKS];
    private int unknownCount;

    /** Decodes {@code buffer[offset, offset+length)}: the options area of a header. */
    public ParseStatus parse(DirectBuffer buffer, int offset, int length) {
        mss = NONE;
        windowScale = NONE;
        sackPermitted = false;
        hasTimestamps = false;
        tsVal = 0;
        tsEcr = 0;
        sackCount = 0;
        unknownCount = 0;
        if (length == ALIGNED_TIMESTAMPS_LENGTH && buffer.getInt(offset, BE) == ALIGNED_TIMESTAMPS_LEAD) {
            // what nearly every segment after the handshake carries (RFC 7323 appendix A)
            hasTimestamps = true;
            tsVal = buffer.getInt(offset + 4, BE) & 0xFFFF_FFFFL;
            tsEcr = buffer.getInt(offset + 8, BE) & 0xFFFF_FFFFL;
            return ParseStatus.OK;
        }
        int at = offset;
        final int end = offset + length;
        while (at < end) {
            final int kind = buffer.getByte(at) & 0xFF;
            if (kind == KIND_EOL) {
                break;
            }
            if (kind == KIND_NOP) {
                at++;
                continue;
            }
            if (end - at < 2) {
                return ParseStatus.OPTION_OVERRUN;
            }
            final int optionLength = buffer.getByte(at + 1) & 0xFF;
            if (optionLength < 2 || optionLength > end - at) {
                return ParseStatus.OPTION_OVERRUN;
            }
            final ParseStatus status = decode(buffer, at, kind, optionLength);
            if (status != ParseStatus.OK) {
                return status;
            }
            at += optionLength;
        }
        return ParseStatus.OK;
    }

    private ParseStatus decode(DirectBuffer buffer, int at, int kind, int optionLength) {
        switch (kind) {
            case KIND_MSS -> {
                if (optionLength != 4) {
                    return ParseStatus.BAD_FIELD;
                }
                mss = buffer.getShort(at + 2, BE) & 0xFFFF;
            }
            case KIND_WINDOW_SCALE -> {
                if (optionLength != 3) {
                    return ParseStatus.BAD_FIELD;
                }
                windowScale = Math.min(buffer.getByte(at + 2) & 0xFF, MAX_WINDOW_SCALE);
            }
            case KIND_SACK_PERMITTED -> {
                if (optionLength != 2) {
                    return ParseStatus.BAD_FIELD;
                }
                sackPermitted = true;
            }
            case KIND_SACK -> {
                final int blocks = (optionLength - 2) >>> 3;
                if (blocks == 0 || blocks > MAX_SACK_BLOCKS || ((optionLength - 2) & 7) != 0) {
                    return ParseStatus.BAD_FIELD;
                }
                for (int i = 0; i < blocks; i++) {
                    sackLeft[i] = buffer.getInt(at + 2 + 8 * i, BE) & 0xFFFF_FFFFL;
                    sackRight[i] = buffer.getInt(at + 6 + 8 * i, BE) & 0xFFFF_FFFFL;
                }
                sackCount = blocks;
            }
            case KIND_TIMESTAMPS -> {
                if (optionLength != 10) {
                    return ParseStatus.BAD_FIELD;
                }
                hasTimestamps = true;
                tsVal = buffer.getInt(at + 2, BE) & 0xFFFF_FFFFL;
                tsEcr = buffer.getInt(at + 6, BE) & 0xFFFF_FFFFL;
            }
            default -> unknownCount++;
        }
        return ParseStatus.OK;
    }

    /** Announced MSS, or {@link #NONE}. */
    public int mss() {
        return mss;
    }

    /** Window shift (clamped to 14), or {@link #NONE}. */
    public int windowScale() {
        return windowScale;
    }

    public boolean sackPermitted() {
        return sackPermitted;
    }

    public boolean hasTimestamps() {
        return hasTimestamps;
    }

    public long tsVal() {
        return tsVal;
    }

    public long tsEcr() {
        return tsEcr;
    }

    public int sackCount() {
        return sackCount;
    }

    public long sackLeft(int i) {
        return sackLeft[i];
    }

    public long sackRight(int i) {
        return sackRight[i];
    }

    /** Options of unknown kind that were skipped by their length. */
    public int unknownCount() {
        return unknownCount;
    }
}
