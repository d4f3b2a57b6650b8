package dev.toeless.stack.host;

import dev.toeless.nic.sim.EventScheduler;

import java.util.function.Supplier;

/** Waiting, in virtual time, for a listener to hand over a connection: what the two-host tests and their kin do. */
public final class Accepts {
    private Accepts() {
    }

    /**
     * Runs {@code scheduler} until {@code accept} (a listener's) returns a connection, or
     * {@code limitNs} of virtual time pass; returns the connection, or null.
     */
    public static <S> S within(EventScheduler scheduler, Supplier<S> accept, long limitNs) {
        final Object[] accepted = new Object[1];
        scheduler.runUntil(() -> (accepted[0] = accepted[0] != null ? accepted[0] : accept.get()) != null, () -> { },
            limitNs);
        @SuppressWarnings("unchecked")
        final S connection = (S) accepted[0];
        return connection;
    }
}
