package dev.toeless.nic.archfixture;

import java.time.Instant;

/** Rule fixture: model code that reads the wall clock. */
public final class ReadsTheWallClock {
    private ReadsTheWallClock() {
    }

    public static long nowNs() {
        return System.nanoTime() + Instant.now().getNano();
    }
}
