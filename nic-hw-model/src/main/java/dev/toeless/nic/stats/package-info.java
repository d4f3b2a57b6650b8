/**
 * Counters: the one convention every component follows ({@link dev.toeless.nic.stats.CounterSet},
 * read through {@link dev.toeless.nic.stats.CounterSnapshot}), and the NIC's own statistics, named as
 * {@code ethtool -S} prints them and kept in Agrona counters.
 */
package dev.toeless.nic.stats;
