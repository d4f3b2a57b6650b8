package dev.toeless.nic.sim;

/**
 * Simulated time in nanoseconds. Only the {@link EventScheduler} moves it; everything else reads
 * it or is handed {@code nowNs}. Nothing in the model reads a wall clock.
 */
public final class VirtualClock {
    private long nowNs;

    public long nowNs() {
        return nowNs;
    }

    void advanceTo(long timeNs) {
        if (timeNs - nowNs < 0) {
            throw new IllegalStateException("time cannot go back: " + timeNs + " < " + nowNs);
        }
        nowNs = timeNs;
    }
}
