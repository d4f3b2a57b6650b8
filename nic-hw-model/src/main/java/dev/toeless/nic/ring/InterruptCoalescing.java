package dev.toeless.nic.ring;

/**
 * Interrupt coalescing as {@code ethtool -C rx-usecs N rx-frames M} sets it: once a completion
 * is pending, the interrupt fires when {@code rxFrames} completions have gathered or
 * {@code rxUsecs} microseconds have passed since the first of them, whichever comes first.
 * {@code rxUsecs = 0} and {@code rxFrames <= 1} mean an interrupt per completion.
 *
 * <p>The policy keeps one piece of state: when the oldest unsignalled completion arrived. After it
 * answers "raise", it starts a new window; the driver's poll (NAPI) drains the ring meanwhile.
 * Time is an argument.
 */
public final class InterruptCoalescing {
    private static final long NONE = Long.MIN_VALUE;

    private final int rxUsecs;
    private final int rxFrames;
    private long firstPendingNs = NONE;
    private long raised;

    public InterruptCoalescing(int rxUsecs, int rxFrames) {
        if (rxUsecs < 0 || rxFrames < 0) {
            throw new IllegalArgumentException("rx-usecs and rx-frames must be >= 0: " + rxUsecs + ", " + rxFrames);
        }
        this.rxUsecs = rxUsecs;
        this.rxFrames = rxFrames;
    }

    /** No coalescing: an interrupt for every completion. */
    public static InterruptCoalescing none() {
        return new InterruptCoalescing(0, 1);
    }

    public int rxUsecs() {
        return rxUsecs;
    }

    public int rxFrames() {
        return rxFrames;
    }

    /**
     * Should the NIC raise an interrupt now, with {@code pending} completions not yet signalled?
     */
    public boolean raiseNow(long nowNs, int pending) {
        if (pending <= 0) {
            firstPendingNs = NONE;
            return false;
        }
        if (firstPendingNs == NONE) {
            firstPendingNs = nowNs;
        }
        final boolean byFrames = rxFrames > 0 && pending >= rxFrames;
        final boolean byTime = nowNs - firstPendingNs >= rxUsecs * 1_000L;
        if (byFrames || byTime) {
            firstPendingNs = NONE;
            raised++;
            return true;
        }
        return false;
    }

    /**
     * When the time rule will fire for the completions pending now, or {@code Long.MAX_VALUE}
     * when none is pending: the NIC arms its timer for it.
     */
    public long deadlineNs() {
        return firstPendingNs == NONE ? Long.MAX_VALUE : firstPendingNs + rxUsecs * 1_000L;
    }

    /** Interrupts this policy said to raise. */
    public long raised() {
        return raised;
    }

    @Override
    public String toString() {
        return "rx-usecs " + rxUsecs + " rx-frames " + rxFrames;
    }
}
