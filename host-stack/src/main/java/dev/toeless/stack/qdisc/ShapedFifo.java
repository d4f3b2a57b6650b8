package dev.toeless.stack.qdisc;

/**
 * The common part of the output queueing discipline: a FIFO of packet lengths with a packet limit,
 * a byte limit (tail drop, counted) and an optional token-bucket rate limit in virtual time, like
 * Linux's {@code pfifo}/{@code bfifo} under {@code tbf}. The two subclasses differ only in how
 * they keep the caller's packet handles: {@link TbfQdisc} for objects, {@link IntTbfQdisc} for
 * int indexes into the caller's own table.
 *
 * <p>The head packet leaves when the bucket holds its length in bytes; a packet is never split.
 * Limits and rate can be changed at any time ({@code tc qdisc change}): packets already queued
 * stay, new arrivals see the new limits. A packet queued before a change that shrank the burst
 * below its length waits for a full bucket and then empties it, instead of blocking the queue.
 *
 * <p>The ring grows by doubling up to the packet limit and never shrinks, so steady state
 * allocates nothing. One owner, one thread.
 */
public abstract sealed class ShapedFifo permits TbfQdisc, IntTbfQdisc {
    private static final int INITIAL_CAPACITY = 16;

    private int limitPackets;
    private long limitBytes;
    private TokenBucket bucket;
    private long lastNowNs;

    int[] lengths;
    int head;
    int count;
    private long backlogBytes;

    private long enqueuedPackets;
    private long enqueuedBytes;
    private long sentPackets;
    private long sentBytes;
    private long droppedPackets;
    private long droppedBytes;
    private long droppedOversize;
    private long throttled;
    private long drained;

    ShapedFifo(int limitPackets, long limitBytes) {
        setLimits(limitPackets, limitBytes);
        this.lengths = new int[INITIAL_CAPACITY];
    }

    /** Sets the tail-drop limits; takes effect for the next enqueue. */
    public final void setLimits(int limitPackets, long limitBytes) {
        if (limitPackets < 1 || limitBytes < 1) {
            throw new IllegalArgumentException("limits must be positive: packets=" + limitPackets
                + " bytes=" + limitBytes);
        }
        this.limitPackets = limitPackets;
        this.limitBytes = limitBytes;
    }

    /**
     * Shapes output to {@code bytesPerSecond} with a bucket of {@code burstBytes}. A first call
     * starts with a full bucket; a later call keeps the credit earned (clamped to the new burst).
     */
    public final void setRate(long nowNs, long bytesPerSecond, long burstBytes) {
        if (bucket == null) {
            bucket = TokenBucket.bytesPerSecond(bytesPerSecond, burstBytes);
            bucket.availableTokens(nowNs);
        } else {
            bucket.availableTokens(nowNs);
            bucket.reconfigure(bytesPerSecond, 1_000_000_000L, burstBytes);
        }
        lastNowNs = Math.max(lastNowNs, nowNs);
    }

    /** Removes the rate limit: queued packets may all leave at once. */
    public final void setUnlimited() {
        bucket = null;
    }

    /** The shaping rate in bytes per second, 0 when unlimited. */
    public final long rateBytesPerSecond() {
        return bucket == null ? 0 : bucket.ratePerPeriod();
    }

    /** The bucket size in bytes, 0 when unlimited. */
    public final long burstBytes() {
        return bucket == null ? 0 : bucket.burstTokens();
    }

    public final int limitPackets() {
        return limitPackets;
    }

    public final long limitBytes() {
        return limitBytes;
    }

    final EnqueueResult admit(long nowNs, int lengthBytes) {
        if (lengthBytes < 0) {
            throw new IllegalArgumentException("negative length " + lengthBytes);
        }
        lastNowNs = Math.max(lastNowNs, nowNs);
        if (bucket != null && lengthBytes > bucket.burstTokens()) {
            droppedOversize++;
            droppedBytes += lengthBytes;
            return EnqueueResult.DROPPED_OVERSIZE;
        }
        if (count >= limitPackets || backlogBytes + lengthBytes > limitBytes) {
            droppedPackets++;
            droppedBytes += lengthBytes;
            return EnqueueResult.DROPPED_LIMIT;
        }
        if (count == lengths.length) {
            grow(lengths.length * 2);
        }
        return EnqueueResult.QUEUED;
    }

    /** Appends the packet after {@link #admit}; returns the ring slot for the handle. */
    final int pushTail(int lengthBytes) {
        final int slot = (head + count) & (lengths.length - 1);
        lengths[slot] = lengthBytes;
        count++;
        backlogBytes += lengthBytes;
        enqueuedPackets++;
        enqueuedBytes += lengthBytes;
        return slot;
    }

    /** Whether the head may leave at {@code nowNs}; takes its tokens when it may. */
    final boolean headMayLeave(long nowNs) {
        lastNowNs = Math.max(lastNowNs, nowNs);
        if (count == 0) {
            return false;
        }
        if (bucket == null) {
            return true;
        }
        final long need = Math.min(lengths[head], bucket.burstTokens());
        if (bucket.tryTake(nowNs, need)) {
            return true;
        }
        throttled++;
        return false;
    }

    /** Removes the head; returns the ring slot it had. */
    final int popHead(boolean sent) {
        final int slot = head;
        final int length = lengths[slot];
        head = (head + 1) & (lengths.length - 1);
        count--;
        backlogBytes -= length;
        if (sent) {
            sentPackets++;
            sentBytes += length;
        } else {
            drained++;
        }
        return slot;
    }

    /**
     * The earliest virtual time at which {@code dequeue} returns a packet: {@link Long#MAX_VALUE}
     * when the queue is empty, a time not after the latest {@code nowNs} seen when the head may
     * leave already.
     */
    public final long nextReadyNs() {
        if (count == 0) {
            return Long.MAX_VALUE;
        }
        if (bucket == null) {
            return lastNowNs;
        }
        return bucket.readyAtNs(Math.min(lengths[head], bucket.burstTokens()));
    }

    /** The length of the head packet in bytes, -1 when empty. */
    public final int headLengthBytes() {
        return count == 0 ? -1 : lengths[head];
    }

    public final int backlogPackets() {
        return count;
    }

    public final long backlogBytes() {
        return backlogBytes;
    }

    public final boolean isEmpty() {
        return count == 0;
    }

    public final long enqueuedPackets() {
        return enqueuedPackets;
    }

    public final long enqueuedBytes() {
        return enqueuedBytes;
    }

    public final long sentPackets() {
        return sentPackets;
    }

    public final long sentBytes() {
        return sentBytes;
    }

    /** Packets refused by the tail-drop limits. */
    public final long droppedPackets() {
        return droppedPackets;
    }

    /** Bytes of all refused packets, tail drop and oversize. */
    public final long droppedBytes() {
        return droppedBytes;
    }

    /** Packets refused because they exceed the burst. */
    public final long droppedOversize() {
        return droppedOversize;
    }

    /** Dequeue calls that found a head packet but not enough tokens. */
    public final long throttled() {
        return throttled;
    }

    /** Packets handed back by {@code drainTo} instead of being sent. */
    public final long drained() {
        return drained;
    }

    abstract void moveHandles(int newCapacity);

    private void grow(int newCapacity) {
        moveHandles(newCapacity);
        final int[] bigger = new int[newCapacity];
        for (int i = 0; i < count; i++) {
            bigger[i] = lengths[(head + i) & (lengths.length - 1)];
        }
        lengths = bigger;
        head = 0;
    }
}
