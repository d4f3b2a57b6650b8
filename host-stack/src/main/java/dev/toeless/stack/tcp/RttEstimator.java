package dev.toeless.stack.tcp;

/**
 * The retransmission timeout of RFC 6298: SRTT and RTTVAR from RTT samples (alpha 1/8, beta 1/4,
 * K = 4, clock granularity folded into the floor), with exponential backoff on timeouts. Karn's
 * rule is the caller's: it feeds only samples of segments that were not retransmitted (or
 * timestamp echoes, RFC 7323 section 4). With the floor on the variance term (Linux's
 * {@code tcp_set_rto}) the RTO is {@code SRTT + max(4 RTTVAR, floor)}: a short path still waits
 * its round trip on top of the 200 ms.
 */
final class RttEstimator {
    private final long initialRtoNs;
    private final long minRtoNs;
    private final long maxRtoNs;
    private long srttNs = -1;
    private long rttvarNs;
    private long rtoNs;
    private int backoff;
    private final boolean floorOnVariance;

    RttEstimator(long initialRtoNs, long minRtoNs, long maxRtoNs) {
        this(initialRtoNs, minRtoNs, maxRtoNs, false);
    }

    RttEstimator(long initialRtoNs, long minRtoNs, long maxRtoNs, boolean floorOnVariance) {
        this.floorOnVariance = floorOnVariance;
        this.initialRtoNs = initialRtoNs;
        this.minRtoNs = minRtoNs;
        this.maxRtoNs = maxRtoNs;
        this.rtoNs = clamp(initialRtoNs);
    }

    void sample(long rttNs) {
        if (rttNs < 0) {
            return;
        }
        if (srttNs < 0) {
            srttNs = rttNs;
            rttvarNs = rttNs / 2;
        } else {
            rttvarNs = (3 * rttvarNs + Math.abs(srttNs - rttNs)) / 4;
            srttNs = (7 * srttNs + rttNs) / 8;
        }
        rtoNs = clamp(srttNs + Math.max(4 * rttvarNs, floorOnVariance ? minRtoNs : 1));
        backoff = 0;
    }

    /** Takes over another engine's estimate (a handed-off connection); none when {@code srtt} is negative. */
    void restore(long srtt, long rttvar) {
        if (srtt < 0) {
            return;
        }
        srttNs = srtt;
        rttvarNs = rttvar;
        rtoNs = clamp(srttNs + Math.max(4 * rttvarNs, floorOnVariance ? minRtoNs : 1));
        backoff = 0;
    }

    /** The timer expired: double the RTO (RFC 6298 5.5), up to the ceiling. */
    void backOff() {
        backoff++;
    }

    /** New data was acknowledged: forget the backoff (the next timer uses the plain RTO). */
    void clearBackoff() {
        backoff = 0;
    }

    int backoffCount() {
        return backoff;
    }

    /** The current RTO including backoff. */
    long rtoNs() {
        final long base = rtoNs;
        if (backoff >= 30) {
            return maxRtoNs;
        }
        return Math.min(maxRtoNs, base << backoff);
    }

    /** The smoothed RTT, or -1 before the first sample. */
    long srttNs() {
        return srttNs;
    }

    long rttvarNs() {
        return rttvarNs;
    }

    /** The SYN exchange timed out and left no sample: data starts with an RTO of 3 s (RFC 6298 5.7). */
    void resetAfterSynTimeout() {
        if (srttNs < 0) {
            rtoNs = clamp(Math.max(initialRtoNs, 3 * 1_000_000_000L));
            backoff = 0;
        }
    }

    private long clamp(long ns) {
        return Math.max(minRtoNs, Math.min(maxRtoNs, ns));
    }
}
