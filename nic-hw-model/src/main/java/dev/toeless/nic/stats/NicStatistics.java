package dev.toeless.nic.stats;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One NIC's (or one queue's) statistics: an Agrona {@link CountersManager} over a metadata and a
 * values buffer, one {@link AtomicCounter} per {@link NicCounter}, labelled with an optional
 * prefix (e.g. {@code "rx0_"} for a queue's own set, as drivers print per-queue counters).
 *
 * <p>Counting is {@code add}/{@code increment} by enum, an array index and a plain store: no
 * allocation. The NIC model runs on one thread; a reader on another thread (a monitoring tool)
 * can still read the values buffer through {@link #reader()}.
 *
 * <p>{@link #dump()} prints like {@code ethtool -S}; {@link #snapshot()} gives a name-to-value
 * map for JSON reports.
 */
public final class NicStatistics {
    private static final NicCounter[] ALL = NicCounter.values();

    private final String device;
    private final String prefix;
    private final CountersManager manager;
    private final AtomicCounter[] counters = new AtomicCounter[ALL.length];
    private final Map<String, NicCounter> byName = new HashMap<>();

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
            byName.put(c.ethtoolName(), c);
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

    /** Overwrites a counter (mirroring a count kept elsewhere, e.g. the page accumulator's). */
    public void set(NicCounter counter, long value) {
        counters[counter.ordinal()].setPlain(value);
    }

    public long get(NicCounter counter) {
        return counters[counter.ordinal()].getPlain();
    }

    /**
     * Overwrites the counter with this {@code ethtool -S} name (without prefix). Returns false
     * for a name this NIC does not count. For publishing another component's counters by name.
     */
    public boolean setByName(String ethtoolName, long value) {
        final NicCounter c = byName.get(ethtoolName);
        if (c == null) {
            return false;
        }
        set(c, value);
        return true;
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

    /** Every counter by its label, in a fixed order (allocates: for reports). */
    public Map<String, Long> snapshot() {
        final Map<String, Long> out = new LinkedHashMap<>();
        for (NicCounter c : ALL) {
            out.put(prefix + c.ethtoolName(), get(c));
        }
        return out;
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
