package dev.toeless.stack.socket;

import dev.toeless.nic.sim.EventScheduler;

/**
 * A listener's {@link Listener#onAcceptable} as every placement keeps it: the application's
 * {@link Listener.Acceptable}, woken by an event of its own on the host's scheduler after a
 * connection joined the accept queue, and only while one is still waiting then.
 */
public final class AcceptWakeup {
    private final Listener listener;
    private final EventScheduler scheduler;
    private Listener.Acceptable acceptable;
    private EventScheduler.Alarm alarm;

    public AcceptWakeup(Listener listener, EventScheduler scheduler) {
        this.listener = listener;
        this.scheduler = scheduler;
    }

    /** Who to wake from now on; {@code null} for nobody. */
    public void set(Listener.Acceptable newAcceptable) {
        this.acceptable = newAcceptable;
        if (newAcceptable != null && alarm == null) {
            alarm = scheduler.alarm(this::wakeApplication);
        }
    }

    /** A connection joined the accept queue: wake the application, as a scheduled event of its own. */
    public void wake() {
        if (acceptable != null && !alarm.isPending()) {
            alarm.arm(scheduler.nowNs());
        }
    }

    private void wakeApplication() {
        if (acceptable != null && listener.pendingAccepts() > 0) {
            acceptable.acceptable(listener);
        }
    }
}
