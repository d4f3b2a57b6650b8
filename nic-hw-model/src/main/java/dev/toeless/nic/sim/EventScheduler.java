package dev.toeless.nic.sim;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The discrete-event kernel: actions ordered by virtual deadline, ties by scheduling order, so a
 * run is a pure function of its seed. {@link #runUntil(long)} and {@link #runNext()} move the
 * {@link VirtualClock}.
 *
 * <p>Two kinds of event: a {@link Timer} from {@link #at} (an action that can be cancelled) and a
 * post from {@link #post} (a {@link Target} registered once, called with a {@code long}
 * argument, never cancelled), for the frequent events of the model such as frames arriving.
 * The queue is a binary heap of primitive keys (deadline, scheduling order) and primitive
 * handles: a timer's slot in a side table, or a target's number and the argument. Sifting moves
 * only primitives; a timer costs its object and one reference store, a post nothing. A
 * cancelled timer leaves the heap at once instead of waiting for its deadline.
 *
 * <p>A post due now (a doorbell's work, an interrupt, a frame on a wire without delay: most of
 * the model's events) skips the heap: it joins a FIFO of such posts, which is already in
 * (deadline, scheduling order) since the clock never goes back, and {@link #runNext()} takes
 * whichever of the FIFO's head and the heap's top comes first. The order of events is the same
 * as with the heap alone; a post due now costs no sifting.
 */
public final class EventScheduler {
    private static final int INITIAL_CAPACITY = 64;
    private static final int NODE = 4;
    private static final int DEADLINE = 0;
    private static final int SEQ = 1;
    private static final int HANDLE = 2;
    private static final int ARGUMENT = 3;

    private final VirtualClock clock;
    /**
     * Heap order, one node per {@link #NODE} longs side by side (one cache line holds two): the
     * deadline, the scheduling order, the handle (a timer's slot, or {@code ~target} for a post)
     * and a post's argument.
     */
    private long[] heap = new long[INITIAL_CAPACITY * NODE];
    private Target[] targets = new Target[8];
    private int targetCount;
    /** Slot to its event and its heap position. */
    private Event[] slotEvent = new Event[INITIAL_CAPACITY];
    private int[] slotPosition = new int[INITIAL_CAPACITY];
    /** Free slots, a stack. */
    private int[] freeSlots = new int[INITIAL_CAPACITY];
    private int freeCount;
    private int slotsUsed;
    private int size;
    /** Posts due when they were made, in order: {@link #NODE} longs each, a ring of a power of two. */
    private long[] lane = new long[INITIAL_CAPACITY * NODE];
    private int laneHead;
    private int laneCount;
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
        final Event event = new Event(this, action);
        schedule(event, deadlineNs);
        return event;
    }

    /**
     * A timer for {@code action} that is armed again and again without allocating: the one
     * deadline of a component that keeps re-arming it (a coalescing or flush timer, a socket's
     * retransmission timer). Not armed yet.
     */
    public Alarm alarm(Runnable action) {
        return new Event(this, action);
    }

    private void schedule(Event event, long deadlineNs) {
        final long when = Math.max(deadlineNs, clock.nowNs());
        event.deadlineNs = when;
        event.cancelled = false;
        event.done = false;
        final int slot = takeSlot();
        slotEvent[slot] = event;
        event.slot = slot;
        if (size * NODE == heap.length) {
            growHeap();
        }
        siftUp(size++, when, sequence++, slot, 0);
    }

    /** Registers a target for {@link #post}; returns its number. Targets stay registered. */
    public int register(Target target) {
        if (targetCount == targets.length) {
            targets = Arrays.copyOf(targets, 2 * targetCount);
        }
        targets[targetCount] = target;
        return targetCount++;
    }

    /**
     * Calls target number {@code target} with {@code argument} at virtual time {@code deadlineNs}
     * (now, if that is in the past), ordered with every other event by deadline, then by
     * scheduling order. Allocates nothing.
     */
    public void post(long deadlineNs, int target, long argument) {
        if (target < 0 || target >= targetCount) {
            throw new IllegalArgumentException("no target " + target);
        }
        final long now = clock.nowNs();
        if (deadlineNs <= now) {
            // due now: after every event queued so far at this time, before any later one
            if (laneCount * NODE == lane.length) {
                growLane();
            }
            final int at = ((laneHead + laneCount++) * NODE) & (lane.length - 1);
            lane[at + DEADLINE] = now;
            lane[at + SEQ] = sequence++;
            lane[at + HANDLE] = ~target;
            lane[at + ARGUMENT] = argument;
            return;
        }
        if (size * NODE == heap.length) {
            growHeap();
        }
        siftUp(size++, deadlineNs, sequence++, ~target, argument);
    }

    /** Runs {@code action} {@code delayNs} from now. */
    public Timer after(long delayNs, Runnable action) {
        return at(clock.nowNs() + delayNs, action);
    }

    /** True when nothing is scheduled. */
    public boolean isIdle() {
        return size == 0 && laneCount == 0;
    }

    /** The deadline of the next live event, or {@code Long.MAX_VALUE}. */
    public long nextDeadlineNs() {
        final long top = size == 0 ? Long.MAX_VALUE : heap[DEADLINE];
        return laneCount == 0 ? top : Math.min(top, lane[laneHead * NODE + DEADLINE]);
    }

    /**
     * Runs events, calling {@code step} once first and after each, until {@code done} holds, nothing
     * is left to run, or the next event lies more than {@code limitNs} of virtual time ahead of now.
     * Returns whether {@code done} held.
     */
    public boolean runUntil(BooleanSupplier done, Runnable step, long limitNs) {
        final long end = clock.nowNs() + limitNs;
        step.run();
        while (!done.getAsBoolean()) {
            if (!runNextDueBy(end)) {
                return false;
            }
            step.run();
        }
        return true;
    }

    /** Runs the next live event. Returns false when there was none. */
    public boolean runNext() {
        return runNextDueBy(Long.MAX_VALUE);
    }

    /**
     * Runs the next live event if it is due at or before {@code timeNs}; returns false (nothing run)
     * when there is none or it lies later. One look at the lane's head and the heap's top picks it
     * and checks its deadline, for the loops that run event after event.
     */
    private boolean runNextDueBy(long timeNs) {
        if (laneCount > 0) {
            final int at = laneHead * NODE;
            final long deadline = lane[at + DEADLINE];
            if (size == 0 || before(deadline, lane[at + SEQ], heap[DEADLINE], heap[SEQ])) {
                if (deadline > timeNs) {
                    return false;
                }
                final int target = ~(int) lane[at + HANDLE];
                final long argument = lane[at + ARGUMENT];
                laneHead = (laneHead + 1) & (lane.length / NODE - 1);
                laneCount--;
                clock.advanceTo(deadline);
                executed++;
                targets[target].fire(argument);
                return true;
            }
        }
        if (size == 0) {
            return false;
        }
        final long deadline = heap[DEADLINE];
        if (deadline > timeNs) {
            return false;
        }
        final int handle = (int) heap[HANDLE];
        if (handle < 0) {
            final long argument = heap[ARGUMENT];
            removeAt(0);
            clock.advanceTo(deadline);
            executed++;
            targets[~handle].fire(argument);
            return true;
        }
        final Event e = slotEvent[handle];
        removeAt(0);
        clock.advanceTo(deadline);
        e.done = true;
        executed++;
        e.action.run();
        return true;
    }

    /** Runs every event due at or before {@code timeNs}, then sets the clock to {@code timeNs}. */
    public void runUntil(long timeNs) {
        while (runNextDueBy(timeNs)) {
            // each pass ran one event
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

    private void cancel(Event e) {
        final int slot = e.slot;
        if (slot >= 0) {
            removeAt(slotPosition[slot]);
        }
    }

    // ---------------------------------------------------------------- heap

    /** Takes the event at heap position {@code position} out and frees its slot, if it has one. */
    private void removeAt(int position) {
        final long[] h = heap;
        final int slot = (int) h[position * NODE + HANDLE];
        if (slot >= 0) {
            slotEvent[slot].slot = -1;
            slotEvent[slot] = null;
            freeSlots[freeCount++] = slot;
        }
        final int last = --size;
        if (position == last) {
            return;
        }
        final int at = last * NODE;
        final long deadline = h[at + DEADLINE];
        final long seq = h[at + SEQ];
        final int handle = (int) h[at + HANDLE];
        final long argument = h[at + ARGUMENT];
        final int parent = ((position - 1) >>> 1) * NODE;
        if (position > 0 && before(deadline, seq, h[parent + DEADLINE], h[parent + SEQ])) {
            siftUp(position, deadline, seq, handle, argument);
        } else {
            siftDown(position, deadline, seq, handle, argument);
        }
    }

    private void siftUp(int position, long deadline, long seq, int handle, long argument) {
        final long[] h = heap;
        int k = position;
        while (k > 0) {
            final int parent = (k - 1) >>> 1;
            if (!before(deadline, seq, h[parent * NODE + DEADLINE], h[parent * NODE + SEQ])) {
                break;
            }
            move(parent, k);
            k = parent;
        }
        place(k, deadline, seq, handle, argument);
    }

    private void siftDown(int position, long deadline, long seq, int handle, long argument) {
        final long[] h = heap;
        int k = position;
        final int half = size >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            final int right = child + 1;
            if (right < size && before(h[right * NODE + DEADLINE], h[right * NODE + SEQ],
                h[child * NODE + DEADLINE], h[child * NODE + SEQ])) {
                child = right;
            }
            if (!before(h[child * NODE + DEADLINE], h[child * NODE + SEQ], deadline, seq)) {
                break;
            }
            move(child, k);
            k = child;
        }
        place(k, deadline, seq, handle, argument);
    }

    private static boolean before(long deadlineA, long seqA, long deadlineB, long seqB) {
        return deadlineA < deadlineB || deadlineA == deadlineB && seqA < seqB;
    }

    private void move(int from, int to) {
        final long[] h = heap;
        final int src = from * NODE;
        final int dst = to * NODE;
        final long handleBits = h[src + HANDLE];
        h[dst + DEADLINE] = h[src + DEADLINE];
        h[dst + SEQ] = h[src + SEQ];
        h[dst + HANDLE] = handleBits;
        h[dst + ARGUMENT] = h[src + ARGUMENT];
        final int handle = (int) handleBits;
        if (handle >= 0) {
            slotPosition[handle] = to;
        }
    }

    private void place(int position, long deadline, long seq, int handle, long argument) {
        final long[] h = heap;
        final int at = position * NODE;
        h[at + DEADLINE] = deadline;
        h[at + SEQ] = seq;
        h[at + HANDLE] = handle;
        h[at + ARGUMENT] = argument;
        if (handle >= 0) {
            slotPosition[handle] = position;
        }
    }

    private int takeSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == slotEvent.length) {
            final int n = 2 * slotsUsed;
            slotEvent = Arrays.copyOf(slotEvent, n);
            slotPosition = Arrays.copyOf(slotPosition, n);
            freeSlots = Arrays.copyOf(freeSlots, n);
        }
        return slotsUsed++;
    }

    private void growHeap() {
        heap = Arrays.copyOf(heap, 2 * heap.length);
    }

    /** Doubles the lane, its entries moved to the front in order. */
    private void growLane() {
        final long[] bigger = new long[2 * lane.length];
        final int head = laneHead * NODE;
        System.arraycopy(lane, head, bigger, 0, lane.length - head);
        System.arraycopy(lane, 0, bigger, lane.length - head, head);
        lane = bigger;
        laneHead = 0;
    }

    /** Where {@link #post}ed events go: registered once, called with each post's argument. */
    @FunctionalInterface
    public interface Target {
        void fire(long argument);
    }

    /** A scheduled action that can be cancelled before it runs. */
    public interface Timer {
        void cancel();

        boolean isPending();

        long deadlineNs();
    }

    /** A {@link Timer} that can be armed again once it ran or was cancelled. */
    public interface Alarm extends Timer {
        /** Schedules the action at {@code deadlineNs} (now, if past); a pending run is cancelled first. */
        void arm(long deadlineNs);
    }

    private static final class Event implements Alarm {
        final EventScheduler scheduler;
        final Runnable action;
        long deadlineNs;
        /** Its slot while queued, -1 once it ran or was cancelled. */
        int slot = -1;
        boolean cancelled;
        boolean done = true;

        Event(EventScheduler scheduler, Runnable action) {
            this.scheduler = scheduler;
            this.action = action;
        }

        @Override
        public void arm(long deadline) {
            cancel();
            scheduler.schedule(this, deadline);
        }

        @Override
        public void cancel() {
            if (!cancelled && !done) {
                cancelled = true;
                scheduler.cancel(this);
            }
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
