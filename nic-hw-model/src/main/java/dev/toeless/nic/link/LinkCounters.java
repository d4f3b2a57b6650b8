package dev.toeless.nic.link;

import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;

/**
 * The event counts of one direction of a {@link Link}. Owned and written by the link, read by
 * anyone. Every frame handed to {@code send} ends in exactly one of: delivered, one of the drop
 * counts, still queued, or still in flight; a duplicate adds one delivery. So
 * <pre>
 *   framesSent + duplicated = framesDelivered + droppedOversize + droppedRunt + droppedQueueFull
 *                           + droppedLoss + droppedPartition + droppedNoReceiver + queued + inFlight
 * </pre>
 */
public final class LinkCounters implements CounterSet {
    long framesSent;
    long bytesSent;
    long framesTransmitted;
    long bytesTransmitted;
    long framesDelivered;
    long bytesDelivered;
    long droppedOversize;
    long droppedRunt;
    long droppedQueueFull;
    long droppedLoss;
    long droppedPartition;
    long droppedNoReceiver;
    long truncated;
    long corrupted;
    long bitsFlipped;
    long duplicated;
    long delayed;
    long reordered;

    /** Frames handed to {@code send}, whatever became of them. */
    public long framesSent() {
        return framesSent;
    }

    public long bytesSent() {
        return bytesSent;
    }

    /** Frames that started on the wire (these are the frames the pcap tap sees). */
    public long framesTransmitted() {
        return framesTransmitted;
    }

    public long bytesTransmitted() {
        return bytesTransmitted;
    }

    /** Frames handed to the receiving port's sink, duplicates included. */
    public long framesDelivered() {
        return framesDelivered;
    }

    /** Bytes handed to the sink (after truncation). */
    public long bytesDelivered() {
        return bytesDelivered;
    }

    public long droppedOversize() {
        return droppedOversize;
    }

    public long droppedRunt() {
        return droppedRunt;
    }

    public long droppedQueueFull() {
        return droppedQueueFull;
    }

    public long droppedLoss() {
        return droppedLoss;
    }

    public long droppedPartition() {
        return droppedPartition;
    }

    /** Frames that arrived at a port with no sink attached. */
    public long droppedNoReceiver() {
        return droppedNoReceiver;
    }

    public long truncated() {
        return truncated;
    }

    public long corrupted() {
        return corrupted;
    }

    public long bitsFlipped() {
        return bitsFlipped;
    }

    public long duplicated() {
        return duplicated;
    }

    /** Frames (or duplicates) given extra delay by the reordering fault. */
    public long delayed() {
        return delayed;
    }

    /** Deliveries that came after a frame transmitted later had already been delivered. */
    public long reordered() {
        return reordered;
    }

    /** Every drop, whatever the reason. */
    public long droppedTotal() {
        return droppedOversize + droppedRunt + droppedQueueFull + droppedLoss + droppedPartition + droppedNoReceiver;
    }

    /** Visits each counter by its report name (snake case), in a fixed order. */
    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.counter("frames_sent", framesSent);
        visitor.counter("bytes_sent", bytesSent);
        visitor.counter("frames_transmitted", framesTransmitted);
        visitor.counter("bytes_transmitted", bytesTransmitted);
        visitor.counter("frames_delivered", framesDelivered);
        visitor.counter("bytes_delivered", bytesDelivered);
        visitor.counter("dropped_oversize", droppedOversize);
        visitor.counter("dropped_runt", droppedRunt);
        visitor.counter("dropped_queue_full", droppedQueueFull);
        visitor.counter("dropped_loss", droppedLoss);
        visitor.counter("dropped_partition", droppedPartition);
        visitor.counter("dropped_no_receiver", droppedNoReceiver);
        visitor.counter("truncated", truncated);
        visitor.counter("corrupted", corrupted);
        visitor.counter("bits_flipped", bitsFlipped);
        visitor.counter("duplicated", duplicated);
        visitor.counter("delayed", delayed);
        visitor.counter("reordered", reordered);
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("{");
        forEach((name, value) -> {
            if (value != 0) {
                sb.append(sb.length() > 1 ? ", " : "").append(name).append('=').append(value);
            }
        });
        return sb.append('}').toString();
    }
}
