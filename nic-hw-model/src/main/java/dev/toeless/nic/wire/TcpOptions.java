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
        final ByteOrder be = ByteOrder.BIG_ENDIAN;
        int at = offset;
        if (mss != TcpOptionsView.NONE) {
            buffer.putByte(at, (byte) TcpOptionsView.KIND_MSS);
            buffer.putByte(at + 1, (byte) 4);
            buffer.putShort(at + 2, (short) mss, be);
            at += 4;
        }
        if (hasTimestamps) {
            if (sackPermitted) {
                buffer.putByte(at, (byte) TcpOptionsView.KIND_SACK_PERMITTED);
                buffer.putByte(at + 1, (byte) 2);
            } else {
                buffer.putByte(at, (byte) TcpOptionsView.KIND_NOP);
                buffer.putByte(at + 1, (byte) TcpOptionsView.KIND_NOP);
            }
            buffer.putByte(at + 2, (byte) TcpOptionsView.KIND_TIMESTAMPS);
            buffer.putByte(at + 3, (byte) 10);
            buffer.putInt(at + 4, (int) tsVal, be);
            buffer.putInt(at + 8, (int) tsEcr, be);
            at += 12;
        } else if (sackPermitted) {
            buffer.putByte(at, (byte) TcpOptionsView.KIND_NOP);
            buffer.putByte(at + 1, (byte) TcpOptionsView.KIND_NOP);
            buffer.putByte(at + 2, (byte) TcpOptionsView.KIND_SACK_PERMITTED);
            buffer.putByte(at + 3, (byte) 2);
            at += 4;
        }
        if (windowScale != TcpOptionsView.NONE) {
            buffer.putByte(at, (byte) TcpOptionsView.KIND_NOP);
            buffer.putByte(at + 1, (byte) TcpOptionsView.KIND_WINDOW_SCALE);
            buffer.putByte(at + 2, (byte) 3);
            buffer.putByte(at + 3, (byte) windowScale);
            at += 4;
        }
        if (!sackBlocks.isEmpty()) {
            buffer.putByte(at, (byte) TcpOptionsView.KIND_NOP);
            buffer.putByte(at + 1, (byte) TcpOptionsView.KIND_NOP);
            buffer.putByte(at + 2, (byte) TcpOptionsView.KIND_SACK);
            buffer.putByte(at + 3, (byte) (2 + 8 * sackBlocks.size()));
            at += 4;
            for (SackBlock b : sackBlocks) {
                buffer.putInt(at, (int) b.left(), be);
                buffer.putInt(at + 4, (int) b.right(), be);
                at += 8;
            }
        }
        return at - offset;
    }

    /** The unpadded layout, for a set the aligned one cannot fit in 40 bytes; EOL fills the last word. */
    private int emitCompact(MutableDirectBuffer buffer, int offset) {
        final ByteOrder be = ByteOrder.BIG_ENDIAN;
        int at = offset;
        if (mss != TcpOptionsView.NONE) {
            buffer.putByte(at, (byte) TcpOptionsView.KIND_MSS);
            buffer.putByte(at + 1, (byte) 4);
            buffer.putShort(at + 2, (short) mss, be);
            at += 4;
        }
        if (sackPermitted) {
            buffer.putByte(at, (byte) TcpOptionsView.KIND_SACK_PERMITTED);
            buffer.putByte(at + 1, (byte) 2);
            at += 2;
        }
        if (hasTimestamps) {
            buffer.putByte(at, (byte) TcpOptionsView.KIND_TIMESTAMPS);
            buffer.putByte(at + 1, (byte) 10);
            buffer.putInt(at + 2, (int) tsVal, be);
            buffer.putInt(at + 6, (int) tsEcr, be);
            at += 10;
        }
        if (windowScale != TcpOptionsView.NONE) {
            buffer.putByte(at, (byte) TcpOptionsView.KIND_WINDOW_SCALE);
            buffer.putByte(at + 1, (byte) 3);
            buffer.putByte(at + 2, (byte) windowScale);
            at += 3;
        }
        if (!sackBlocks.isEmpty()) {
            buffer.putByte(at, (byte) TcpOptionsView.KIND_SACK);
            buffer.putByte(at + 1, (byte) (2 + 8 * sackBlocks.size()));
            at += 2;
            for (SackBlock b : sackBlocks) {
                buffer.putInt(at, (int) b.left(), be);
                buffer.putInt(at + 4, (int) b.right(), be);
                at += 8;
            }
        }
        final int end = offset + bufferLength();
        while (at < end) {
            buffer.putByte(at++, (byte) TcpOptionsView.KIND_EOL);
        }
        return end - offset;
    }
}
