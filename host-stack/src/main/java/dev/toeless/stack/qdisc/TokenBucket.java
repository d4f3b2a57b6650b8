package dev.toeless.stack.qdisc;

/**
 * A token bucket in virtual time with exact integer arithmetic: {@code ratePerPeriod} tokens are
 * earned every {@code periodNs} nanoseconds, at most {@code burstTokens} are kept. A token is
 * whatever the owner counts: bytes for a shaper ({@code periodNs} = one second), packets for a
 * filter's rate match (per second, minute, hour or day).
 *
 * <p>Credit is kept in tokens scaled by {@code periodNs}, so one nanosecond earns exactly
 * {@code ratePerPeriod} scaled units and no rounding error accumulates: 1 Mbit/s with 1500-byte
 * packets admits a packet exactly every 12,000,000 ns. The bucket starts full. Time never runs
 * backwards for it: an earlier {@code nowNs} than the last one seen earns nothing.
 *
 * <p>One owner, one thread; no allocation after construction.
 */
public final class TokenBucket {
    private long ratePerPeriod;
    private long periodNs;
    private long burstTokens;
    private long capacityScaled;
    private long creditScaled;
    private long lastNs;
    private boolean started;

    /**
     * @param ratePerPeriod tokens earned per period, at least 1
     * @param periodNs      the period in nanoseconds, at least 1
     * @param burstTokens   the most tokens kept, at least 1; {@code burstTokens * periodNs} must fit a long
     */
    public TokenBucket(long ratePerPeriod, long periodNs, long burstTokens) {
        reconfigure(ratePerPeriod, periodNs, burstTokens);
        this.creditScaled = capacityScaled;
    }

    /** A bucket of bytes earned at {@code bytesPerSecond}. */
    public static TokenBucket bytesPerSecond(long bytesPerSecond, long burstBytes) {
        return new TokenBucket(bytesPerSecond, 1_000_000_000L, burstBytes);
    }

    /**
     * Changes rate and burst, keeping the credit earned so far (clamped to the new burst), as
     * {@code tc qdisc change} does.
     */
    public void reconfigure(long ratePerPeriod, long periodNs, long burstTokens) {
        if (ratePerPeriod < 1 || periodNs < 1 || burstTokens < 1) {
            throw new IllegalArgumentException("rate, period and burst must be positive: rate=" + ratePerPeriod
                + " periodNs=" + periodNs + " burst=" + burstTokens);
        }
        if (burstTokens > Long.MAX_VALUE / periodNs) {
            throw new IllegalArgumentException("burst " + burstTokens + " tokens of period " + periodNs
                + " ns does not fit the bucket's arithmetic");
        }
        this.ratePerPeriod = ratePerPeriod;
        this.periodNs = periodNs;
        this.burstTokens = burstTokens;
        this.capacityScaled = burstTokens * periodNs;
        this.creditScaled = Math.min(creditScaled, capacityScaled);
    }

    public long ratePerPeriod() {
        return ratePerPeriod;
    }

    public long periodNs() {
        return periodNs;
    }

    public long burstTokens() {
        return burstTokens;
    }

    /** Tokens available at {@code nowNs} (whole tokens, rounded down). */
    public long availableTokens(long nowNs) {
        refill(nowNs);
        return creditScaled / periodNs;
    }

    /** Whether {@code tokens} could be taken at {@code nowNs}, without taking them. */
    public boolean canTake(long nowNs, long tokens) {
        refill(nowNs);
        return tokens <= burstTokens && tokens * periodNs <= creditScaled;
    }

    /** Takes {@code tokens} if they are all there at {@code nowNs}; otherwise takes nothing. */
    public boolean tryTake(long nowNs, long tokens) {
        if (!canTake(nowNs, tokens)) {
            return false;
        }
        creditScaled -= tokens * periodNs;
        return true;
    }

    /**
     * The earliest time at which {@code tokens} will be available if nothing else is taken:
     * {@code lastNs} or earlier when they are already there, {@link Long#MAX_VALUE} when more
     * than the burst is asked for (such a request can never pass).
     */
    public long readyAtNs(long tokens) {
        if (tokens > burstTokens) {
            return Long.MAX_VALUE;
        }
        final long deficit = tokens * periodNs - creditScaled;
        if (deficit <= 0) {
            return lastNs;
        }
        return lastNs + (deficit + ratePerPeriod - 1) / ratePerPeriod;
    }

    /** Refills the bucket to full, as at creation. */
    public void fill() {
        creditScaled = capacityScaled;
    }

    private void refill(long nowNs) {
        if (!started) {
            started = true;
            lastNs = nowNs;
            return;
        }
        final long elapsedNs = nowNs - lastNs;
        if (elapsedNs <= 0) {
            return;
        }
        lastNs = nowNs;
        final long roomScaled = capacityScaled - creditScaled;
        // Compare before multiplying so a long idle period cannot overflow the product.
        if (elapsedNs >= (roomScaled + ratePerPeriod - 1) / ratePerPeriod) {
            creditScaled = capacityScaled;
        } else {
            creditScaled += elapsedNs * ratePerPeriod;
        }
    }
}
