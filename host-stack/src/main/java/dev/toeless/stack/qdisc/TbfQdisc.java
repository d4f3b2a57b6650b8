package dev.toeless.stack.qdisc;

import java.util.function.Consumer;

/**
 * The output qdisc over object handles (a packet descriptor, a frag list). See {@link ShapedFifo}
 * for the discipline. Ownership: a handle that {@link #enqueue} answers {@code QUEUED} for belongs
 * to the qdisc until {@link #dequeue} or {@link #drainTo} hands it back; a refused one stays
 * with the caller, who drops it (and releases what it references).
 *
 * @param <T> the caller's packet handle
 */
public final class TbfQdisc<T> extends ShapedFifo {
    private Object[] handles;

    /** A FIFO of at most {@code limitPackets} packets and {@code limitBytes} bytes, unshaped. */
    public TbfQdisc(int limitPackets, long limitBytes) {
        super(limitPackets, limitBytes);
        this.handles = new Object[lengths.length];
    }

    /** Offers {@code packet} of {@code lengthBytes} at {@code nowNs}. */
    public EnqueueResult enqueue(long nowNs, T packet, int lengthBytes) {
        if (packet == null) {
            throw new IllegalArgumentException("null packet handle");
        }
        final EnqueueResult result = admit(nowNs, lengthBytes);
        if (result.queued()) {
            handles[pushTail(lengthBytes)] = packet;
        }
        return result;
    }

    /** The head packet if the rate allows it to leave at {@code nowNs}, else {@code null}. */
    @SuppressWarnings("unchecked")
    public T dequeue(long nowNs) {
        if (!headMayLeave(nowNs)) {
            return null;
        }
        final int slot = popHead(true);
        final T packet = (T) handles[slot];
        handles[slot] = null;
        return packet;
    }

    /** Hands every queued packet back in order, ignoring the rate (interface down, teardown). */
    @SuppressWarnings("unchecked")
    public void drainTo(Consumer<? super T> sink) {
        while (!isEmpty()) {
            final int slot = popHead(false);
            final T packet = (T) handles[slot];
            handles[slot] = null;
            sink.accept(packet);
        }
    }

    @Override
    void moveHandles(int newCapacity) {
        final Object[] bigger = new Object[newCapacity];
        for (int i = 0; i < count; i++) {
            bigger[i] = handles[(head + i) & (handles.length - 1)];
        }
        handles = bigger;
    }
}
