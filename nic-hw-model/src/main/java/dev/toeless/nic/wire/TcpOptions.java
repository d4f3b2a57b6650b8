package dev.toeless.nic.wire;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.List;

/**
 * TCP options as a value. {@code mss} and {@code windowScale} are {@link TcpOptionsView#NONE}
 * when absent; {@code sackBlocks} holds at most four blocks. Emitted in the order Linux uses,
 * padded with NOPs so every option is 4-byte aligned.
 */
public record TcpOptions(int mss, int windowScale, boolean sackPermitted, boolean hasTimestamps,
                         long tsVal, long tsEcr, List<SackBlock> sackBlocks) {
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
        if (lengthOf(mss, windowScale, sackPermitted, hasTimestamps, sackBlocks.size()) > 40) {
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

    /** Bytes the options take when emitted (a multiple of 4). */
    public int bufferLength() {
        return lengthOf(mss, windowScale, sackPermitted, hasTimestamps, sackBlocks.size());
    }

    /** Writes the options; returns {@link #bufferLength()}. */
    public int emit(MutableDirectBuffer buffer, int offset) {
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
}
