package dev.toeless.stack.ip;

import dev.toeless.nic.sim.EventScheduler;

/**
 * One re-armable timer on the {@link EventScheduler}: {@link #arm} keeps the earliest deadline
 * asked for, so a component with many deadlines keeps at most one event pending.
 */
public final class Wakeup {
    private final EventScheduler scheduler;
    private final Runnable action;
    private final EventScheduler.Alarm timer;

    public Wakeup(EventScheduler scheduler, Runnable action) {
        this.scheduler = scheduler;
        this.action = action;
        this.timer = scheduler.alarm(this::fire);
    }

    /** Runs the action at {@code deadlineNs} unless an earlier run is already pending; MAX_VALUE is none. */
    public void arm(long deadlineNs) {
        if (deadlineNs == Long.MAX_VALUE) {
            return;
        }
        if (timer.isPending() && timer.deadlineNs() <= deadlineNs) {
            return;
        }
        timer.arm(Math.max(deadlineNs, scheduler.nowNs()));
    }

    /** Cancels the pending run, if any. */
    public void cancel() {
        timer.cancel();
    }

    private void fire() {
        action.run();
    }
}
