package dev.toeless.nic.stats;

/**
 * A component's counters, one convention for all of them (NIC, driver, IP, TCP, page accumulator,
 * link, neighbours, file sink, VFS, touch ledger): the component owns plain {@code long} fields (or,
 * for the NIC, Agrona counters) that one thread writes with plain stores and no allocation, and
 * names each under its snake-case report name in {@link #forEach}. Reports, {@code --json} and tests
 * read them through one form, {@link CounterSnapshot}.
 */
public interface CounterSet {
    /** Visits every counter by its report name, in a fixed order (the order reports print). */
    void forEach(CounterVisitor visitor);

    /** Every counter at this moment (allocates: for reports and tests, not the data path). */
    default CounterSnapshot snapshot() {
        return CounterSnapshot.of(this);
    }
}
