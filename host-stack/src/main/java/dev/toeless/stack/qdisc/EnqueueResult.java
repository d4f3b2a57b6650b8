package dev.toeless.stack.qdisc;

/** What a queueing discipline did with an offered packet. */
public enum EnqueueResult {
    /** Queued: the qdisc holds the packet until it is dequeued or drained. */
    QUEUED,
    /** Tail drop: the packet or byte limit is reached. The caller still owns the packet. */
    DROPPED_LIMIT,
    /** The packet is larger than the bucket's burst and could never be sent. The caller still owns it. */
    DROPPED_OVERSIZE;

    public boolean queued() {
        return this == QUEUED;
    }
}
