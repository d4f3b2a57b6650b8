package dev.toeless.nic.sim;

import java.util.Arrays;

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
 */
public final class EventScheduler {
    private static final int INITIAL_CAPACITY = 64;

    private final VirtualClock clock;
    /** Heap order: position to deadline, scheduling order, handle and argument. */
    private long[] heapDeadline = new long[INITIAL_CAPACITY];
    private long[] heapSeq = new long[INITIAL_CAPACITY];
    /** A timer's slot, or {@code ~target} for a post. */
    private int[] heapSlot = new int[INITIAL_CAPACITY];
    /** A post's argument. */
    private long[] heapArgument = new long[INITIAL_CAPACITY];
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
        final Event event = new Event(this, when, action);
        final int slot = takeSlot();
        slotEvent[slot] = event;
        event.slot = slot;
        if (size == heapSlot.length) {
            growHeap();
        }
        siftUp(size++, when, sequence++, slot, 0);
        return event;
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
        if (size == heapSlot.length) {
            growHeap();
        }
        siftUp(size++, Math.max(deadlineNs, clock.nowNs()), sequence++, ~target, argument);
    }

    /** Runs {@code action} {@code delayNs} from now. */
    public Timer after(long delayNs, Runnable action) {
        return at(clock.nowNs() + delayNs, action);
    }

    /** True when nothing is scheduled. */
    public boolean isIdle() {
        return size == 0;
    }

    /** The deadline of the next live event, or {@code Long.MAX_VALUE}. */
    public long nextDeadlineNs() {
        return size == 0 ? Long.MAX_VALUE : heapDeadline[0];
    }

    /** Runs the next live event. Returns false when there was none. */
    public boolean runNext() {
        if (size == 0) {
            return false;
        }
        final int handle = heapSlot[0];
        final long deadline = heapDeadline[0];
        if (handle < 0) {
            final long argument = heapArgument[0];
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
        while (size > 0 && heapDeadline[0] <= timeNs) {
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

    private void cancel(Event e) {
        final int slot = e.slot;
        if (slot >= 0) {
            removeAt(slotPosition[slot]);
        }
    }

    // ---------------------------------------------------------------- heap

    /** Takes the event at heap position {@code position} out and frees its slot, if it has one. */
    private void removeAt(int position) {
        final int slot = heapSlot[position];
        if (slot >= 0) {
            slotEvent[slot].slot = -1;
            slotEvent[slot] = null;
            freeSlots[freeCount++] = slot;
        }
        final int last = --size;
        if (position == last) {
            return;
        }
        final long deadline = heapDeadline[last];
        final long seq = heapSeq[last];
        final int handle = heapSlot[last];
        final long argument = heapArgument[last];
        final int parent = (position - 1) >>> 1;
        if (position > 0 && before(deadline, seq, heapDeadline[parent], heapSeq[parent])) {
            siftUp(position, deadline, seq, handle, argument);
        } else {
            siftDown(position, deadline, seq, handle, argument);
        }
    }

    private void siftUp(int position, long deadline, long seq, int handle, long argument) {
        int k = position;
        while (k > 0) {
            final int parent = (k - 1) >>> 1;
            if (!before(deadline, seq, heapDeadline[parent], heapSeq[parent])) {
                break;
            }
            move(parent, k);
            k = parent;
        }
        place(k, deadline, seq, handle, argument);
    }

    private void siftDown(int position, long deadline, long seq, int handle, long argument) {
        int k = position;
        final int half = size >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            final int right = child + 1;
            if (right < size && before(heapDeadline[right], heapSeq[right], heapDeadline[child], heapSeq[child])) {
                child = right;
            }
            if (!before(heapDeadline[child], heapSeq[child], deadline, seq)) {
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
        heapDeadline[to] = heapDeadline[from];
        heapSeq[to] = heapSeq[from];
        heapArgument[to] = heapArgument[from];
        final int handle = heapSlot[from];
        heapSlot[to] = handle;
        if (handle >= 0) {
            slotPosition[handle] = to;
        }
    }

    private void place(int position, long deadline, long seq, int handle, long argument) {
        heapDeadline[position] = deadline;
        heapSeq[position] = seq;
        heapSlot[position] = handle;
        heapArgument[position] = argument;
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
        final int n = 2 * heapSlot.length;
        heapDeadline = Arrays.copyOf(heapDeadline, n);
        heapSeq = Arrays.copyOf(heapSeq, n);
        heapSlot = Arrays.copyOf(heapSlot, n);
        heapArgument = Arrays.copyOf(heapArgument, n);
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

    private static final class Event implements Timer {
        final EventScheduler scheduler;
        final long deadlineNs;
        final Runnable action;
        /** Its slot while queued, -1 once it ran or was cancelled. */
        int slot = -1;
        boolean cancelled;
        boolean done;

        Event(EventScheduler scheduler, long deadlineNs, Runnable action) {
            this.scheduler = scheduler;
            this.deadlineNs = deadlineNs;
            this.action = action;
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
