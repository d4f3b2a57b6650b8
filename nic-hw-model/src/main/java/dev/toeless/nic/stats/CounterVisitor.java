package dev.toeless.nic.stats;

/** Receives one named counter value: how every counter set in the model is read. */
@FunctionalInterface
public interface CounterVisitor {
    /**
     * @param name  the counter's report name, snake case ({@code rx_packets}, {@code segments_in})
     * @param value its value
     */
    void counter(String name, long value);
}
