package dev.toeless.nic.wire;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.List;

/**
 * TCP options as a value. {@code mss} and {@code windowScale} are {@link TcpOptionsView#NONE}
 * when absent; {@code sackBlocks} holds at most four blocks. Emitted in the order Linux uses,
 * padded with NOPs so every option is 4-byte aligned; a set that fits a header only unpadded (a
 * peer may send timestamps, window scale and three SACK blocks in 39 bytes) is emitted unpadded,
 * in the same order, with EOL filling the last word.
 */
public record TcpOptions(int mss, int windowScale, boolean sackPermitted, boolean hasTimestamps,
                         long tsVal, long tsEcr, List<SackBlock> sackBlocks) {
    private static final int MAX_BYTES = 40;

    public static final TcpOptions NONE = new TcpOptions(TcpOptionsView.NONE, TcpOptionsView.NONE, false,
        false, 0, 0, List.of());

    /** One SACK block: {@code [left, right)} in sequence space, unsigned 32-bit values. */
    public record SackBlock(long left, long right) {
    }

    public TcpOptions {
        sackBlocks = List.copyOf(sackBlocks);
        if (sackBlocks.size() > TcpOptionsView.MAX_SACK_BLOCKS) {
            throw new IllegalArgumentException("at most 4 SACK blocks");
        }
        if (mss < TcpOptionsView.NONE || mss > 0xFFFF || windowScale < TcpOptionsView.NONE
            || windowScale > TcpOptionsView.MAX_WINDOW_SCALE) {
            throw new IllegalArgumentException("MSS or window scale out of range");
        }
        if (!hasTimestamps && (tsVal != 0 || tsEcr != 0)) {
            throw new IllegalArgumentException("timestamp values without the timestamps option");
        }
        if (compactLengthOf(mss, windowScale, sackPermitted, hasTimestamps, sackBlocks.size()) > MAX_BYTES) {
            throw new IllegalArgumentException("options do not fit in 40 bytes");
        }
    }

    /** Reads the decoded options out of a view (allocates). */
    public static TcpOptions of(TcpOptionsView v) {
        final SackBlock[] blocks = new SackBlock[v.sackCount()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new SackBlock(v.sackLeft(i), v.sackRight(i));
        }
        return new TcpOptions(v.mss(), v.windowScale(), v.sackPermitted(), v.hasTimestamps(), v.tsVal(),
            v.tsEcr(), List.of(blocks));
    }

    private static int lengthOf(int mss, int windowScale, boolean sackPermitted, boolean timestamps, int sacks) {
        int n = mss != TcpOptionsView.NONE ? 4 : 0;
        n += (sackPermitted || timestamps) ? (timestamps ? 12 : 4) : 0;
        n += windowScale != TcpOptionsView.NONE ? 4 : 0;
        n += sacks > 0 ? 4 + 8 * sacks : 0;
        return n;
    }

    /** Each option at its own length, no padding: what the options need at the least. */
    private static int compactLengthOf(int mss, int windowScale, boolean sackPermitted, boolean timestamps, int sacks) {
        return (mss != TcpOptionsView.NONE ? 4 : 0) + (sackPermitted ? 2 : 0) + (timestamps ? 10 : 0)
            + (windowScale != TcpOptionsView.NONE ? 3 : 0) + (sacks > 0 ? 2 + 8 * sacks : 0);
    }

    private boolean aligned() {
        return lengthOf(mss, windowScale, sackPermitted, hasTimestamps, sackBlocks.size()) <= MAX_BYTES;
    }

    /** Bytes the options take when emitted (a multiple of 4). */
    public int bufferLength() {
        return aligned() ? lengthOf(mss, windowScale, sackPermitted, hasTimestamps, sackBlocks.size())
            : (compactLengthOf(mss, windowScale, sackPermitted, hasTimestamps, sackBlocks.size()) + 3) & ~3;
    }

    /** Writes the options; returns {@link #bufferLength()}. */
    public int emit(MutableDirectBuffer buffer, int offset) {
        if (!aligned()) {
            return emitCompact(buffer, offset);
        }
        int at = offset;
        if (mss != TcpOptionsView.NONE) {
            at = putMss(buffer, at, mss);
        }
        if (hasTimestamps) {
            at = sackPermitted ? putSackPermitted(buffer, at) : putNops(buffer, at, 2);
            at = putTimestamps(buffer, at, tsVal, tsEcr);
        } else if (sackPermitted) {
            at = putSackPermitted(buffer, putNops(buffer, at, 2));
        }
        if (windowScale != TcpOptionsView.NONE) {
            at = putWindowScale(buffer, putNops(buffer, at, 1), windowScale);
        }
        if (!sackBlocks.isEmpty()) {
            at = putSack(buffer, putNops(buffer, at, 2), sackBlocks);
        }
        return at - offset;
    }

    /** The unpadded layout, for a set the aligned one cannot fit in 40 bytes; EOL fills the last word. */
    private int emitCompact(MutableDirectBuffer buffer, int offset) {
        int at = offset;
        if (mss != TcpOptionsView.NONE) {
            at = putMss(buffer, at, mss);
        }
        if (sackPermitted) {
            at = putSackPermitted(buffer, at);
        }
        if (hasTimestamps) {
            at = putTimestamps(buffer, at, tsVal, tsEcr);
        }
        if (windowScale != TcpOptionsView.NONE) {
            at = putWindowScale(buffer, at, windowScale);
        }
        if (!sackBlocks.isEmpty()) {
            at = putSack(buffer, at, sackBlocks);
        }
        final int end = offset + bufferLength();
        while (at < end) {
            buffer.putByte(at++, (byte) TcpOptionsView.KIND_EOL);
        }
        return end - offset;
    }

    // Each option's bytes, written once for both layouts; each returns the offset after it.

    private static int putNops(MutableDirectBuffer buffer, int at, int count) {
        for (int i = 0; i < count; i++) {
            buffer.putByte(at + i, (byte) TcpOptionsView.KIND_NOP);
        }
        return at + count;
    }

    private static int putMss(MutableDirectBuffer buffer, int at, int mss) {
        buffer.putByte(at, (byte) TcpOptionsView.KIND_MSS);
        buffer.putByte(at + 1, (byte) 4);
        buffer.putShort(at + 2, (short) mss, ByteOrder.BIG_ENDIAN);
        return at + 4;
    }

    private static int putSackPermitted(MutableDirectBuffer buffer, int at) {
        buffer.putByte(at, (byte) TcpOptionsView.KIND_SACK_PERMITTED);
        buffer.putByte(at + 1, (byte) 2);
        return at + 2;
    }

    private static int putTimestamps(MutableDirectBuffer buffer, int at, long tsVal, long tsEcr) {
        buffer.putByte(at, (byte) TcpOptionsView.KIND_TIMESTAMPS);
        buffer.putByte(at + 1, (byte) 10);
        buffer.putInt(at + 2, (int) tsVal, ByteOrder.BIG_ENDIAN);
        buffer.putInt(at + 6, (int) tsEcr, ByteOrder.BIG_ENDIAN);
        return at + 10;
    }

    private static int putWindowScale(MutableDirectBuffer buffer, int at, int windowScale) {
        buffer.putByte(at, (byte) TcpOptionsView.KIND_WINDOW_SCALE);
        buffer.putByte(at + 1, (byte) 3);
        buffer.putByte(at + 2, (byte) windowScale);
        return at + 3;
    }

    private static int putSack(MutableDirectBuffer buffer, int at, List<SackBlock> blocks) {
        buffer.putByte(at, (byte) TcpOptionsView.KIND_SACK);
        buffer.putByte(at + 1, (byte) (2 + 8 * blocks.size()));
        int to = at + 2;
        for (SackBlock b : blocks) {
            buffer.putInt(to, (int) b.left(), ByteOrder.BIG_ENDIAN);
            buffer.putInt(to + 4, (int) b.right(), ByteOrder.BIG_ENDIAN);
            to += 8;
        }
        return to;
    }
}
