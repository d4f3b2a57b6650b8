package dev.toeless.accum;

/**
 * How a {@link PageAccumulator} behaves.
 *
 * @param flowCacheEntries how many flows the NIC's flow cache holds (LRU beyond that)
 * @param closeOnPsh       close a flow's open page after a segment with PSH (Linux GRO flushes on
 *                         PSH; closing gives the host the page sooner, at the price of fill)
 * @param closeOnFin       close the open page and free the flow's entry on FIN
 * @param flushTimeoutNs   close an open page this long after its first byte arrived, so an idle
 *                         flow does not pin a page; {@code Long.MAX_VALUE} never
 */
public record AccumConfig(int flowCacheEntries, boolean closeOnPsh, boolean closeOnFin, long flushTimeoutNs) {
    /** Never flush by time. */
    public static final long NO_FLUSH = Long.MAX_VALUE;

    public AccumConfig {
        if (flowCacheEntries <= 0) {
            throw new IllegalArgumentException("flowCacheEntries must be positive: " + flowCacheEntries);
        }
        if (flushTimeoutNs <= 0) {
            throw new IllegalArgumentException("flushTimeoutNs must be positive: " + flushTimeoutNs);
        }
    }

    /** 1024 flows, no close on PSH, close on FIN, 100 microseconds flush. */
    public static AccumConfig defaults() {
        return new AccumConfig(1024, false, true, 100_000L);
    }

    public AccumConfig withFlowCacheEntries(int entries) {
        return new AccumConfig(entries, closeOnPsh, closeOnFin, flushTimeoutNs);
    }

    public AccumConfig withCloseOnPsh(boolean close) {
        return new AccumConfig(flowCacheEntries, close, closeOnFin, flushTimeoutNs);
    }

    public AccumConfig withCloseOnFin(boolean close) {
        return new AccumConfig(flowCacheEntries, closeOnPsh, close, flushTimeoutNs);
    }

    public AccumConfig withFlushTimeoutNs(long timeoutNs) {
        return new AccumConfig(flowCacheEntries, closeOnPsh, closeOnFin, timeoutNs);
    }
}
