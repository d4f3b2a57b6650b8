package dev.toeless.stack.qdisc;

import java.util.function.IntConsumer;

/**
 * The output qdisc over int handles: indexes into the caller's own packet table, so nothing is
 * boxed. See {@link ShapedFifo} for the discipline. Ownership: a handle that {@link #enqueue}
 * answers {@code QUEUED} for belongs to the qdisc until {@link #dequeue} or {@link #drainTo}
 * hands it back; a refused one stays with the caller.
 */
public final class IntTbfQdisc extends ShapedFifo {
    /** What {@link #dequeue} answers when no packet may leave. */
    public static final int NONE = -1;

    private int[] handles;

    /** A FIFO of at most {@code limitPackets} packets and {@code limitBytes} bytes, unshaped. */
    public IntTbfQdisc(int limitPackets, long limitBytes) {
        super(limitPackets, limitBytes);
        this.handles = new int[lengths.length];
    }

    /** Offers the packet with handle {@code packet} (not negative) of {@code lengthBytes} at {@code nowNs}. */
    public EnqueueResult enqueue(long nowNs, int packet, int lengthBytes) {
        if (packet < 0) {
            throw new IllegalArgumentException("negative packet handle " + packet);
        }
        final EnqueueResult result = admit(nowNs, lengthBytes);
        if (result.queued()) {
            handles[pushTail(lengthBytes)] = packet;
        }
        return result;
    }

    /** The head packet's handle if the rate allows it to leave at {@code nowNs}, else {@link #NONE}. */
    public int dequeue(long nowNs) {
        if (!headMayLeave(nowNs)) {
            return NONE;
        }
        return handles[popHead(true)];
    }

    /** Hands every queued handle back in order, ignoring the rate (interface down, teardown). */
    public void drainTo(IntConsumer sink) {
        while (!isEmpty()) {
            sink.accept(handles[popHead(false)]);
        }
    }

    @Override
    void moveHandles(int newCapacity) {
        final int[] bigger = new int[newCapacity];
        for (int i = 0; i < count; i++) {
            bigger[i] = handles[(head + i) & (handles.length - 1)];
        }
        handles = bigger;
    }
}
