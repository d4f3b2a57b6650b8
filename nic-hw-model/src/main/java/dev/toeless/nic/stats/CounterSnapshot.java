package dev.toeless.nic.stats;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The counters of one or more {@link CounterSet}s at one moment: an unmodifiable map from report
 * name (snake case) to value, in the order the sets name them. It is what {@code --json} writes
 * (a plain JSON object), what the tables and {@code serve}'s {@code /stats} print and what tests
 * assert on; {@link #count} reads one counter and fails on a name no set counts, so a misspelt name
 * in a test or a report is an error, not a zero.
 */
public final class CounterSnapshot extends AbstractMap<String, Long> {
    /** No counters. */
    public static final CounterSnapshot EMPTY = new CounterSnapshot(new LinkedHashMap<>());

    private final Map<String, Long> values;

    private CounterSnapshot(LinkedHashMap<String, Long> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The counters of {@code set} now. */
    public static CounterSnapshot of(CounterSet set) {
        final LinkedHashMap<String, Long> m = new LinkedHashMap<>();
        set.forEach(m::put);
        return new CounterSnapshot(m);
    }

    /** The counters of several sets (disjoint names), in order: e.g. a NIC and its queues' placements. */
    public static CounterSnapshot of(CounterSet... sets) {
        final LinkedHashMap<String, Long> m = new LinkedHashMap<>();
        for (CounterSet set : sets) {
            set.forEach(m::put);
        }
        return new CounterSnapshot(m);
    }

    /** Counters summed by name over {@code sets} (e.g. one per queue), in the order first named. */
    public static CounterSnapshot sum(Iterable<? extends CounterSet> sets) {
        final LinkedHashMap<String, Long> m = new LinkedHashMap<>();
        for (CounterSet set : sets) {
            set.forEach((name, value) -> m.merge(name, value, Long::sum));
        }
        return new CounterSnapshot(m);
    }

    /** The value of the counter {@code name}; throws for a name this snapshot does not have. */
    public long count(String name) {
        final Long v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no counter named " + name + " (have " + values.keySet() + ")");
        }
        return v;
    }

    /** This snapshot followed by {@code other}'s counters; a name in both keeps {@code other}'s value. */
    public CounterSnapshot and(CounterSnapshot other) {
        final LinkedHashMap<String, Long> m = new LinkedHashMap<>(values);
        m.putAll(other.values);
        return new CounterSnapshot(m);
    }

    /** What each counter gained since {@code earlier} (a name {@code earlier} lacks counts from zero). */
    public CounterSnapshot minus(CounterSnapshot earlier) {
        final LinkedHashMap<String, Long> m = new LinkedHashMap<>();
        values.forEach((name, value) -> m.put(name, value - earlier.values.getOrDefault(name, 0L)));
        return new CounterSnapshot(m);
    }

    @Override
    public Set<Entry<String, Long>> entrySet() {
        return values.entrySet();
    }

    @Override
    public Long get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }
}
