package dev.toeless.nic.link;

import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * One direction of a {@link Link}: a transmitter with a bounded FIFO, a serializer at the line
 * rate, a wire with propagation delay and seeded faults, and the receiving port's sink.
 *
 * <p>A frame's life: {@link #send} checks its length and copies it into a link-owned buffer;
 * it waits in the queue while an earlier frame is being serialized; when it starts on the wire
 * the pcap tap records it and its faults are decided; it reaches the sink at
 * {@code end of serialization + propagation delay (+ reorder jitter)}.
 *
 * <p>The direction draws from its own forked {@link SimRandom} stream, so the faults of one
 * direction never shift the other's. Single-threaded, driven by the {@link EventScheduler}.
 */
public final class LinkDirection {
    private static final int ETHERTYPE_OFFSET = 12;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final long NOT_PARTITIONED = Long.MIN_VALUE;

    private final Link link;
    private final String name;
    private final EventScheduler scheduler;
    private final SimRandom random;
    private final LinkConfig config;
    private final FramePool pool;
    private final LinkCounters counters = new LinkCounters();
    /** The FIFO of frames waiting for the line: frame numbers in a ring. */
    private int[] queue = new int[16];
    private int queueHead;
    private int queueCount;
    private final int transmitDone;
    private final int arrival;
    private long queuedBytes;
    private int inFlight;
    private boolean transmitDonePending;
    private long lastTransmitEndNs = Long.MIN_VALUE;
    /**
     * Serialization time per wire byte as the reduced fraction {@code nsPerByteNum / nsPerByteDen}
     * ns (8e9 / bitsPerSecond), with a reciprocal of the denominator for dividing without a divide.
     */
    private final long nsPerByteNum;
    private final long nsPerByteDen;
    private final long denReciprocal;
    /** Sub-nanosecond rest of the last serialization, in units of 1 / nsPerByteDen ns. */
    private long carry;
    private long nextTxSequence;
    private long highestDeliveredSequence = -1;
    private LinkFaults faults = LinkFaults.NONE;
    private long partitionedUntilNs = NOT_PARTITIONED;
    private FrameSink sink;
    /** Bits chosen for the frame being corrupted; grows to the largest corruptBitsMax used. */
    private long[] flipped = new long[8];

    LinkDirection(Link link, String name, EventScheduler scheduler, SimRandom random, LinkConfig config) {
        this.link = link;
        this.name = name;
        this.scheduler = scheduler;
        this.random = random;
        this.config = config;
        this.pool = new FramePool();
        final long bitsPerSecond = config.bitsPerSecond();
        final long common = bitsPerSecond == LinkConfig.UNLIMITED_RATE ? 1 : gcd(8_000_000_000L, bitsPerSecond);
        this.nsPerByteNum = 8_000_000_000L / common;
        this.nsPerByteDen = Math.max(1, bitsPerSecond / common);
        this.denReciprocal = nsPerByteDen > 1 && nsPerByteDen < (1L << 32)
            ? Long.divideUnsigned(-1L, nsPerByteDen) + 1 : 0;
        this.transmitDone = scheduler.register(ignored -> onTransmitDone());
        this.arrival = scheduler.register(frame -> deliver(pool.frame((int) frame)));
    }

    /**
     * Offers a frame to the transmitter at the scheduler's current time. The bytes are copied
     * (borrowed for the call). Too short, too long and queue-full frames are dropped, counted and
     * reported; an accepted frame can still be lost to faults later.
     */
    public SendStatus send(DirectBuffer frame, int offset, int length) {
        counters.framesSent++;
        counters.bytesSent += length;
        if (length < LinkConfig.ETHERNET_HEADER_BYTES) {
            counters.droppedRunt++;
            return SendStatus.RUNT;
        }
        if (length > maxFrameBytes(frame, offset)) {
            counters.droppedOversize++;
            return SendStatus.OVERSIZE;
        }
        final long nowNs = scheduler.nowNs();
        if (nowNs < lastTransmitEndNs || queueCount > 0) {
            return enqueue(frame, offset, length);
        }
        final WireFrame copy = pool.take();
        copy.copyFrom(frame, offset, length);
        if (nowNs > lastTransmitEndNs) {
            carry = 0; // the line was idle: no fraction of a bit time to carry over
        }
        transmit(copy, nowNs);
        return SendStatus.ACCEPTED;
    }

    /** The line is busy: wait in the FIFO, and make sure someone starts the head when the line frees. */
    private SendStatus enqueue(DirectBuffer frame, int offset, int length) {
        if (queueCount >= config.queueLimitFrames() || queuedBytes + length > config.queueLimitBytes()) {
            counters.droppedQueueFull++;
            return SendStatus.QUEUE_FULL;
        }
        final WireFrame copy = pool.take();
        copy.copyFrom(frame, offset, length);
        if (queueCount == queue.length) {
            final int[] bigger = new int[2 * queueCount];
            for (int i = 0; i < queueCount; i++) {
                bigger[i] = queue[(queueHead + i) & (queue.length - 1)];
            }
            queue = bigger;
            queueHead = 0;
        }
        queue[(queueHead + queueCount++) & (queue.length - 1)] = copy.index;
        queuedBytes += length;
        if (!transmitDonePending) {
            transmitDonePending = true;
            scheduler.post(lastTransmitEndNs, transmitDone, 0);
        }
        return SendStatus.ACCEPTED;
    }

    private int maxFrameBytes(DirectBuffer frame, int offset) {
        final int ethertype = frame.getShort(offset + ETHERTYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        return config.maxFrameBytes() + (ethertype == ETHERTYPE_VLAN ? LinkConfig.VLAN_TAG_BYTES : 0);
    }

    private void transmit(WireFrame frame, long nowNs) {
        counters.framesTransmitted++;
        counters.bytesTransmitted += frame.length;
        frame.txSequence = nextTxSequence++;
        link.tapSent(nowNs, frame.buffer, frame.length);
        final long endNs = nowNs + serializationNs(frame.length);
        lastTransmitEndNs = endNs;
        launch(frame, nowNs, endNs);
    }

    /** Whole nanoseconds of serialization; the rest is carried to the next back-to-back frame. */
    private long serializationNs(int lengthBytes) {
        final long bitsPerSecond = config.bitsPerSecond();
        if (bitsPerSecond == LinkConfig.UNLIMITED_RATE) {
            return 0;
        }
        final long scaled = config.wireBytes(lengthBytes) * nsPerByteNum + carry;
        final long ns;
        if (nsPerByteDen == 1) {
            ns = scaled;
        } else if (denReciprocal != 0 && (scaled >>> 32) == 0) {
            // exact for a dividend and divisor below 2^32: floor(scaled * ceil(2^64 / den) / 2^64)
            ns = Math.unsignedMultiplyHigh(scaled, denReciprocal);
        } else {
            ns = scaled / nsPerByteDen;
        }
        carry = scaled - ns * nsPerByteDen;
        return ns;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            final long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * The line is free: start the queued frames that can start now. An event is scheduled only
     * while frames wait, so a line that never queues costs one event per frame (its delivery).
     */
    private void onTransmitDone() {
        transmitDonePending = false;
        final long nowNs = scheduler.nowNs();
        while (queueCount > 0 && nowNs >= lastTransmitEndNs) {
            final WireFrame next = pool.frame(queue[queueHead]);
            queueHead = (queueHead + 1) & (queue.length - 1);
            queueCount--;
            queuedBytes -= next.length;
            transmit(next, nowNs);
        }
        if (queueCount > 0) {
            transmitDonePending = true;
            scheduler.post(lastTransmitEndNs, transmitDone, 0);
        }
    }

    /** Decides the frame's faults (in the documented order) and schedules what arrives. */
    private void launch(WireFrame frame, long nowNs, long transmitEndNs) {
        if (nowNs < partitionedUntilNs) {
            counters.droppedPartition++;
            pool.recycle(frame);
            return;
        }
        final LinkFaults f = faults;
        if (random.chance(f.lossProbability())) {
            counters.droppedLoss++;
            pool.recycle(frame);
            return;
        }
        if (random.chance(f.truncateProbability()) && frame.length > 1) {
            frame.length = 1 + random.nextInt(frame.length - 1);
            counters.truncated++;
        }
        if (random.chance(f.corruptProbability())) {
            corrupt(frame, f.corruptBitsMax());
        }
        WireFrame duplicate = null;
        if (random.chance(f.duplicateProbability())) {
            duplicate = pool.take();
            duplicate.copyFrom(frame.buffer, 0, frame.length);
            duplicate.txSequence = frame.txSequence;
            counters.duplicated++;
        }
        final long arrivalNs = transmitEndNs + config.propagationDelayNs();
        schedule(frame, arrivalNs, f);
        if (duplicate != null) {
            schedule(duplicate, arrivalNs, f);
        }
    }

    /** Flips 1..bitsMax distinct random bits, so the receiver sees exactly the count reported. */
    private void corrupt(WireFrame frame, int bitsMax) {
        final long frameBits = frame.length * 8L;
        final int bits = (int) Math.min(1 + random.nextInt(bitsMax), frameBits);
        if (flipped.length < bits) {
            flipped = new long[bits];
        }
        int chosen = 0;
        while (chosen < bits) {
            final long bit = random.nextLong(frameBits);
            if (!contains(flipped, chosen, bit)) {
                flipped[chosen++] = bit;
                frame.flipBit(bit);
            }
        }
        counters.corrupted++;
        counters.bitsFlipped += bits;
    }

    private static boolean contains(long[] values, int count, long value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private void schedule(WireFrame frame, long arrivalNs, LinkFaults f) {
        long extraNs = 0;
        if (random.chance(f.reorderProbability())) {
            extraNs = 1 + random.nextLong(f.reorderJitterNs());
            counters.delayed++;
        }
        inFlight++;
        scheduler.post(arrivalNs + extraNs, arrival, frame.index);
    }

    void deliver(WireFrame frame) {
        inFlight--;
        final FrameSink receiver = sink;
        if (receiver == null) {
            counters.droppedNoReceiver++;
            pool.recycle(frame);
            return;
        }
        counters.framesDelivered++;
        counters.bytesDelivered += frame.length;
        if (frame.txSequence < highestDeliveredSequence) {
            counters.reordered++;
        } else {
            highestDeliveredSequence = frame.txSequence;
        }
        final long nowNs = scheduler.nowNs();
        link.tapReceived(nowNs, frame.buffer, frame.length);
        try {
            receiver.onFrame(nowNs, frame.buffer, 0, frame.length);
        } finally {
            pool.recycle(frame);
        }
    }

    /** Replaces this direction's faults from now on; frames already on the wire keep their fate. */
    public void faults(LinkFaults newFaults) {
        faults = newFaults;
    }

    public LinkFaults faults() {
        return faults;
    }

    /** Switches this direction off for {@code durationNs} from now: frames starting on the wire are lost. */
    public void partitionFor(long durationNs) {
        final long nowNs = scheduler.nowNs();
        partitionUntil(durationNs >= Long.MAX_VALUE - nowNs ? Long.MAX_VALUE : nowNs + durationNs);
    }

    /** Switches this direction off until virtual time {@code deadlineNs} (Long.MAX_VALUE: until healed). */
    public void partitionUntil(long deadlineNs) {
        partitionedUntilNs = deadlineNs;
    }

    public boolean isPartitioned() {
        return scheduler.nowNs() < partitionedUntilNs;
    }

    /** Clears faults and ends a partition. */
    public void heal() {
        faults = LinkFaults.NONE;
        partitionedUntilNs = NOT_PARTITIONED;
    }

    void attach(FrameSink receiver) {
        sink = receiver;
    }

    public String name() {
        return name;
    }

    public LinkConfig config() {
        return config;
    }

    public LinkCounters counters() {
        return counters;
    }

    /** Wire buffers this direction ever allocated. */
    long framesAllocated() {
        return pool.created();
    }

    /** Frames waiting behind the one being serialized. */
    public int queuedFrames() {
        return queueCount;
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    /** Frames past the serializer that have not reached the receiver (duplicates count). */
    public int inFlightFrames() {
        return inFlight;
    }

    /** True while a frame is being serialized (a new frame would queue). */
    public boolean isSerializing() {
        return scheduler.nowNs() < lastTransmitEndNs;
    }

    @Override
    public String toString() {
        return name + counters;
    }
}
