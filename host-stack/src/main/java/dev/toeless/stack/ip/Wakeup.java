package dev.toeless.stack.ip;

import dev.toeless.nic.sim.EventScheduler;

/**
 * One re-armable timer on the {@link EventScheduler}: {@link #arm} keeps the earliest deadline
 * asked for, so a component with many deadlines keeps at most one event pending.
 */
public final class Wakeup {
    private final EventScheduler scheduler;
    private final Runnable action;
    private EventScheduler.Timer timer;

    public Wakeup(EventScheduler scheduler, Runnable action) {
        this.scheduler = scheduler;
        this.action = action;
    }

    /** Runs the action at {@code deadlineNs} unless an earlier run is already pending; MAX_VALUE is none. */
    public void arm(long deadlineNs) {
        if (deadlineNs == Long.MAX_VALUE) {
            return;
        }
        if (timer != null && timer.isPending()) {
            if (timer.deadlineNs() <= deadlineNs) {
                return;
            }
            timer.cancel();
        }
        timer = scheduler.at(Math.max(deadlineNs, scheduler.nowNs()), this::fire);
    }

    /** Cancels the pending run, if any. */
    public void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void fire() {
        timer = null;
        action.run();
    }
}
