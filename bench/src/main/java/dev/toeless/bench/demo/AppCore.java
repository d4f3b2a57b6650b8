package dev.toeless.bench.demo;

import dev.toeless.nic.cost.HostCost;
import dev.toeless.nic.sim.EventScheduler;

/**
 * Host B's application on its own modeled core ({@value #APP_CORE}; the driver's poll is on
 * {@value #POLL_CORE}, the same core when the profile has one): the application runs only when that
 * core is free, otherwise the scheduler is woken when it is, so a saturated CPU delays the
 * application as it would a real one.
 */
final class AppCore {
    static final int APP_CORE = 1;
    static final int POLL_CORE = 0;
    private final HostCost cost;
    private final EventScheduler scheduler;
    private final Runnable wake = () -> { };
    private EventScheduler.Timer wakeTimer;

    AppCore(HostCost cost, EventScheduler scheduler) {
        this.cost = cost;
        this.scheduler = scheduler;
    }

    /** Runs {@code work} on the application core if it is free now; else wakes the scheduler when it is. */
    void step(Runnable work) {
        cost.onCore(APP_CORE);
        final long now = scheduler.nowNs();
        final long ready = cost.readyAtNs(now);
        if (ready > now) {
            if (wakeTimer == null || !wakeTimer.isPending()) {
                wakeTimer = scheduler.at(ready, wake);
            }
        } else {
            work.run();
        }
        cost.onCore(POLL_CORE);
    }
}
