package dev.toeless.nic.stats;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.util.Arrays;

/**
 * One NIC's (or one queue's) statistics: an Agrona {@link CountersManager} over a metadata and a
 * values buffer, one {@link AtomicCounter} per {@link NicCounter}, labelled with an optional
 * prefix (e.g. {@code "rx0_"} for a queue's own set, as drivers print per-queue counters).
 *
 * <p>Counting is {@code add}/{@code increment} by enum into a plain {@code long[]} (eight counts to
 * a cache line, no allocation): the frame path bumps several counters per frame, and an
 * {@link AtomicCounter} each, 128 bytes apart, cost a chain of loads and a cache line per count.
 * The counts are published to the Agrona counters when {@link #reader()} is asked for (and on
 * {@link #reset()}): the NIC model runs on one thread, and a reader on another thread (a
 * monitoring tool) sees the values as of the last publication.
 *
 * <p>{@link #dump()} prints like {@code ethtool -S}; {@link #snapshot()} gives the counters in
 * the model's one snapshot form, for reports and tests.
 */
public final class NicStatistics implements CounterSet {
    private static final NicCounter[] ALL = NicCounter.values();

    private final String device;
    private final String prefix;
    private final CountersManager manager;
    private final AtomicCounter[] counters = new AtomicCounter[ALL.length];
    /** The counts, by {@link NicCounter#ordinal()}; {@link #counters} holds them as last published. */
    private final long[] values = new long[ALL.length];

    public NicStatistics(String device) {
        this(device, "");
    }

    /**
     * @param device the device name shown in the dump
     * @param prefix prepended to every counter's label (for per-queue sets), may be empty
     */
    public NicStatistics(String device, String prefix) {
        this.device = device;
        this.prefix = prefix;
        final UnsafeBuffer metadata = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(ALL.length * CountersReader.METADATA_LENGTH, 64));
        final UnsafeBuffer values = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(ALL.length * CountersReader.COUNTER_LENGTH, 64));
        this.manager = new CountersManager(metadata, values);
        for (NicCounter c : ALL) {
            counters[c.ordinal()] = manager.newCounter(prefix + c.ethtoolName());
        }
    }

    public String device() {
        return device;
    }

    public void increment(NicCounter counter) {
        values[counter.ordinal()]++;
    }

    public void add(NicCounter counter, long delta) {
        values[counter.ordinal()] += delta;
    }

    public long get(NicCounter counter) {
        return values[counter.ordinal()];
    }

    /** Zeroes every counter. */
    public void reset() {
        Arrays.fill(values, 0);
        publish();
    }

    /**
     * The Agrona reader over the counters, for tools that read them from outside: the counts are
     * published to it first.
     */
    public CountersReader reader() {
        publish();
        return manager;
    }

    /** Copies the counts into the Agrona counters, with release semantics for a reader elsewhere. */
    private void publish() {
        for (int i = 0; i < values.length; i++) {
            counters[i].setRelease(values[i]);
        }
    }

    /** Every counter by its label (prefix and {@code ethtool -S} name), in the enum's order. */
    @Override
    public void forEach(CounterVisitor visitor) {
        for (NicCounter c : ALL) {
            visitor.counter(prefix + c.ethtoolName(), get(c));
        }
    }

    /** The statistics as {@code ethtool -S <device>} prints them. */
    public String dump() {
        final StringBuilder sb = new StringBuilder("NIC statistics:\n");
        for (NicCounter c : ALL) {
            sb.append("     ").append(prefix).append(c.ethtoolName()).append(": ").append(get(c)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return device + " " + snapshot();
    }
}
