package dev.toeless.nic.sim;

import java.util.PriorityQueue;

/**
 * The discrete-event kernel: actions ordered by virtual deadline, ties by scheduling order, so a
 * run is a pure function of its seed. {@link #runUntil(long)} and {@link #runNext()} move the
 * {@link VirtualClock}.
 */
public final class EventScheduler {
    private final VirtualClock clock;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long sequence;
    private long executed;

    public EventScheduler(VirtualClock clock) {
        this.clock = clock;
    }

    public EventScheduler() {
        this(new VirtualClock());
    }

    public VirtualClock clock() {
        return clock;
    }

    public long nowNs() {
        return clock.nowNs();
    }

    /** Runs {@code action} at virtual time {@code deadlineNs} (now, if that is in the past). */
    public Timer at(long deadlineNs, Runnable action) {
        final long when = Math.max(deadlineNs, clock.nowNs());
        final Event event = new Event(when, sequence++, action);
        queue.add(event);
        return event;
    }

    /** Runs {@code action} {@code delayNs} from now. */
    public Timer after(long delayNs, Runnable action) {
        return at(clock.nowNs() + delayNs, action);
    }

    /** True when nothing is scheduled. */
    public boolean isIdle() {
        skipCancelled();
        return queue.isEmpty();
    }

    /** The deadline of the next live event, or {@code Long.MAX_VALUE}. */
    public long nextDeadlineNs() {
        skipCancelled();
        final Event e = queue.peek();
        return e == null ? Long.MAX_VALUE : e.deadlineNs;
    }

    /** Runs the next live event. Returns false when there was none. */
    public boolean runNext() {
        skipCancelled();
        final Event e = queue.poll();
        if (e == null) {
            return false;
        }
        clock.advanceTo(e.deadlineNs);
        e.done = true;
        executed++;
        e.action.run();
        return true;
    }

    /** Runs every event due at or before {@code timeNs}, then sets the clock to {@code timeNs}. */
    public void runUntil(long timeNs) {
        while (nextDeadlineNs() <= timeNs) {
            runNext();
        }
        if (timeNs > clock.nowNs()) {
            clock.advanceTo(timeNs);
        }
    }

    /** Runs events until none is left or {@code maxEvents} have run. Returns the count run. */
    public long runAll(long maxEvents) {
        long n = 0;
        while (n < maxEvents && runNext()) {
            n++;
        }
        return n;
    }

    public long executed() {
        return executed;
    }

    private void skipCancelled() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
        }
    }

    /** A scheduled action that can be cancelled before it runs. */
    public interface Timer {
        void cancel();

        boolean isPending();

        long deadlineNs();
    }

    private static final class Event implements Comparable<Event>, Timer {
        final long deadlineNs;
        final long seq;
        final Runnable action;
        boolean cancelled;
        boolean done;

        Event(long deadlineNs, long seq, Runnable action) {
            this.deadlineNs = deadlineNs;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Event o) {
            final int c = Long.compare(deadlineNs, o.deadlineNs);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isPending() {
            return !cancelled && !done;
        }

        @Override
        public long deadlineNs() {
            return deadlineNs;
        }
    }
}
