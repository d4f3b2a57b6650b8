package dev.toeless.stack.socket;

import dev.toeless.nic.sim.EventScheduler;

import java.util.function.BiConsumer;

/**
 * An application's callback as every socket and listener keeps it ({@link StreamSocket#onReady},
 * {@link Listener#onAcceptable}, in every placement): set or cleared by the application, and woken
 * by an event of its own on the host's scheduler, never inside the stack's processing; a wake while
 * one is pending is the same wake.
 *
 * @param <A> the callback ({@link StreamSocket.Readiness}, {@link Listener.Acceptable})
 * @param <S> what it is called with (the socket or the listener)
 */
public final class Wakeup<A, S> {
    private final EventScheduler scheduler;
    private final S subject;
    private final BiConsumer<A, S> call;
    private A callback;
    private EventScheduler.Alarm alarm;

    /** @param call how the woken callback is called with {@code subject} (it may decide there is nothing to say) */
    public Wakeup(EventScheduler scheduler, S subject, BiConsumer<A, S> call) {
        this.scheduler = scheduler;
        this.subject = subject;
        this.call = call;
    }

    /** Who to wake from now on; {@code null} for nobody (a polling application). */
    public void set(A newCallback) {
        this.callback = newCallback;
        if (newCallback != null && alarm == null) {
            alarm = scheduler.alarm(this::wakeApplication);
        }
    }

    /** Whether an application asked to be woken. */
    public boolean isSet() {
        return callback != null;
    }

    /** Something the application waits for happened: wake it, as a scheduled event of its own. */
    public void wake() {
        if (callback != null && !alarm.isPending()) {
            alarm.arm(scheduler.nowNs());
        }
    }

    private void wakeApplication() {
        if (callback != null) {
            call.accept(callback, subject);
        }
    }
}
