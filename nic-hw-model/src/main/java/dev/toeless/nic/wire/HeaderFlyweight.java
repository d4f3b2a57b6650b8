package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The common part of the header flyweights: a buffer, the header's offset in it, and the bytes
 * available from there. A flyweight owns nothing: it is allocated once and re-pointed per packet
 * with {@code wrap}. Getters do not validate; the {@code ...Repr.parse} methods and
 * {@link FrameParser} check lengths before anyone reads fields. Agrona's bounds checks stay on,
 * so a getter past the buffer's capacity throws rather than reading foreign memory.
 */
abstract class HeaderFlyweight {
    protected DirectBuffer buffer;
    protected MutableDirectBuffer mutableBuffer;
    protected int offset;
    protected int length;

    /** Points at a read-only view; setters then fail. */
    protected final void wrapRead(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.mutableBuffer = buffer instanceof MutableDirectBuffer m ? m : null;
        this.offset = offset;
        this.length = length;
    }

    public final DirectBuffer buffer() {
        return buffer;
    }

    public final int offset() {
        return offset;
    }

    /** Bytes available from {@link #offset()} (the whole remaining packet, not just this header). */
    public final int length() {
        return length;
    }

    protected final MutableDirectBuffer out() {
        if (mutableBuffer == null) {
            throw new IllegalStateException("flyweight wraps a read-only buffer");
        }
        return mutableBuffer;
    }
}
