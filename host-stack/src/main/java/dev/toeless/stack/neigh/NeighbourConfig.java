package dev.toeless.stack.neigh;

/**
 * Timers and limits of a neighbour table, with the defaults of RFC 4861 section 10 and Linux.
 *
 * @param reachableTimeNs    how long a confirmation keeps an entry REACHABLE (REACHABLE_TIME, 30 s)
 * @param retransTimerNs     the gap between solicitations (RETRANS_TIMER, 1 s)
 * @param delayFirstProbeNs  the time in DELAY before probing (DELAY_FIRST_PROBE_TIME, 5 s)
 * @param maxMulticastProbes solicitations while INCOMPLETE (MAX_MULTICAST_SOLICIT, 3)
 * @param maxUnicastProbes   solicitations while PROBE (MAX_UNICAST_SOLICIT, 3)
 * @param queueLimitPackets  packets held per unresolved entry (Linux unres_qlen)
 * @param maxEntries         the table's size limit (Linux gc_thresh3)
 * @param staleGcNs          how long an unused STALE entry lives (Linux gc_staletime, 60 s)
 * @param failedHoldNs       how long a FAILED entry is kept for inspection before it is removed
 */
public record NeighbourConfig(long reachableTimeNs, long retransTimerNs, long delayFirstProbeNs,
                              int maxMulticastProbes, int maxUnicastProbes, int queueLimitPackets,
                              int maxEntries, long staleGcNs, long failedHoldNs) {
    private static final long SECOND = 1_000_000_000L;

    public NeighbourConfig {
        if (reachableTimeNs <= 0 || retransTimerNs <= 0 || delayFirstProbeNs <= 0 || staleGcNs <= 0
            || failedHoldNs <= 0) {
            throw new IllegalArgumentException("neighbour timers must be positive");
        }
        if (maxMulticastProbes < 1 || maxUnicastProbes < 1 || queueLimitPackets < 1 || maxEntries < 1
            || maxEntries > 1 << 20) {
            throw new IllegalArgumentException("neighbour probe counts, queue limit and size must be at least 1");
        }
    }

    /** RFC 4861 constants, 3 queued packets per entry, 1024 entries. */
    public static NeighbourConfig defaults() {
        return new NeighbourConfig(30 * SECOND, SECOND, 5 * SECOND, 3, 3, 3, 1024, 60 * SECOND, 3 * SECOND);
    }
}
