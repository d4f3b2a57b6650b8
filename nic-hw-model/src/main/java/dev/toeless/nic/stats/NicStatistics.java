package dev.toeless.nic.stats;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * One NIC's (or one queue's) statistics: an Agrona {@link CountersManager} over a metadata and a
 * values buffer, one {@link AtomicCounter} per {@link NicCounter}, labelled with an optional
 * prefix (e.g. {@code "rx0_"} for a queue's own set, as drivers print per-queue counters).
 *
 * <p>Counting is {@code add}/{@code increment} by enum, an array index and a plain store: no
 * allocation. The NIC model runs on one thread; a reader on another thread (a monitoring tool)
 * can still read the values buffer through {@link #reader()}.
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
        counters[counter.ordinal()].incrementPlain();
    }

    public void add(NicCounter counter, long delta) {
        counters[counter.ordinal()].getAndAddPlain(delta);
    }

    public long get(NicCounter counter) {
        return counters[counter.ordinal()].getPlain();
    }

    /** Zeroes every counter. */
    public void reset() {
        for (AtomicCounter c : counters) {
            c.setPlain(0);
        }
    }

    /** The Agrona reader over the counters, for tools that read them from outside. */
    public CountersReader reader() {
        return manager;
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
