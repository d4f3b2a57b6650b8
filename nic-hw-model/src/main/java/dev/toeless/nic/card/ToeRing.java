package dev.toeless.nic.card;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One descriptor ring in host memory between a host and its TOE card: a power-of-two number of
 * fixed-size slots, a producer index and a consumer index (free-running, compared modulo 2^32).
 * The command queue carries {@link ToeCommandDescriptor}s from the host to the card, the
 * completion queue {@link ToeCompletionDescriptor}s back. Descriptors are flyweights wrapped over
 * a slot: the producer writes {@link #produceSlot()} and {@link #publish()}es it; the consumer reads
 * {@link #consumeSlot()} and {@link #consume()}s it.
 *
 * <p>The ring holds bytes only: page references named in a descriptor are owned as the descriptor
 * types say. Single-threaded.
 */
public final class ToeRing {
    private final String name;
    private final int entries;
    private final int slotBytes;
    private final UnsafeBuffer memory;
    private int producer;
    private int consumer;
    private int peakDepth;

    public ToeRing(String name, int entries, int slotBytes) {
        if (entries < 2 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("ring entries must be a power of two of at least 2: " + entries);
        }
        this.name = name;
        this.entries = entries;
        this.slotBytes = slotBytes;
        this.memory = new UnsafeBuffer(new byte[entries * slotBytes]);
    }

    public String name() {
        return name;
    }

    public int entries() {
        return entries;
    }

    /** Descriptors published and not yet consumed. */
    public int depth() {
        return producer - consumer;
    }

    public boolean isFull() {
        return depth() == entries;
    }

    public boolean isEmpty() {
        return producer == consumer;
    }

    public int peakDepth() {
        return peakDepth;
    }

    /** The ring's bytes, for a descriptor flyweight to wrap. */
    public MutableDirectBuffer buffer() {
        return memory;
    }

    /** The byte offset of the next slot to write; only valid when the ring is not full. */
    public int produceSlot() {
        if (isFull()) {
            throw new IllegalStateException(name + " is full");
        }
        return (producer & (entries - 1)) * slotBytes;
    }

    /** Makes the slot at {@link #produceSlot()} visible to the consumer. */
    public void publish() {
        producer++;
        peakDepth = Math.max(peakDepth, depth());
    }

    /** The byte offset of the oldest published slot; only valid when the ring is not empty. */
    public int consumeSlot() {
        if (isEmpty()) {
            throw new IllegalStateException(name + " is empty");
        }
        return (consumer & (entries - 1)) * slotBytes;
    }

    /** Gives the oldest slot back to the producer. */
    public void consume() {
        consumer++;
    }

    /** Forgets every descriptor (a card reset re-initialises its queues). */
    public void reset() {
        producer = 0;
        consumer = 0;
    }
}
