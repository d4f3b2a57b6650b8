package dev.toeless.stack.neigh;

import dev.toeless.nic.sim.SimRandom;

import java.util.ArrayList;
import java.util.List;

/**
 * A neighbour table: ARP for IPv4 or neighbour discovery for IPv6, one instance per family, in the
 * state machine of RFC 4861 (section 7.3 and appendix C) as Linux runs it. Sans-I/O: the caller
 * asks {@link #resolve} for each outgoing packet, reports what arrives ({@link #onAdvertisement},
 * {@link #onSolicitation}, {@link #confirm}), calls {@link #advance} at {@link #nextDeadlineNs},
 * and does what {@link NeighbourActions} asks: send a solicitation, send or drop a queued packet.
 *
 * <p>Addresses are {@code (hi, lo)}: an IPv4 address is {@code (0, addr & 0xFFFFFFFFL)}. Link
 * addresses are 48-bit values in a long; -1 means none.
 *
 * <p>Simplifications, by design: no router flag or redirect handling, no proxy entries, no
 * per-interface tables; REACHABLE time is the configured one unless a {@link SimRandom} is given,
 * then it is drawn per confirmation from [0.5, 1.5) times it (RFC 4861 section 6.3.2). A packet
 * for a FAILED neighbour starts resolution over, as in Linux.
 *
 * <p>Ownership: a packet {@link #resolve} answers {@link #QUEUED} for belongs to the table until
 * it comes back through {@code transmit} or {@code dropped}. Lookups and timers allocate nothing;
 * entries are recycled. One owner, one thread.
 *
 * @param <T> the caller's packet handle
 */
public final class NeighbourTable<T> {
    /** {@link #resolve}: the packet waits in the table for resolution. */
    public static final long QUEUED = -2;
    /** {@link #resolve}: the table is full of entries that cannot be evicted; the packet is the caller's to drop. */
    public static final long REFUSED = -3;

    private final NeighbourConfig config;
    private final NeighbourActions<T> actions;
    private final SimRandom random;
    private final NeighbourEntry[] slots;
    private final int mask;
    private final NeighbourEntry[] freeList;
    private int freeCount;
    private int size;
    private long nextDeadlineNs = Long.MAX_VALUE;
    private final NeighbourCounters counters = new NeighbourCounters();

    /** A table with the given timers; {@code random} may be null for a fixed reachable time. */
    public NeighbourTable(NeighbourConfig config, NeighbourActions<T> actions, SimRandom random) {
        this.config = config;
        this.actions = actions;
        this.random = random;
        final int capacity = Integer.highestOneBit(Math.max(2, config.maxEntries()) * 2 - 1) << 1;
        this.slots = new NeighbourEntry[capacity];
        this.mask = capacity - 1;
        this.freeList = new NeighbourEntry[config.maxEntries()];
    }

    public NeighbourConfig config() {
        return config;
    }

    public NeighbourCounters counters() {
        return counters;
    }

    /**
     * Where to send {@code packet} for the neighbour {@code (hi, lo)}: its link address (send it
     * now, it stays the caller's), {@link #QUEUED} (the table keeps it until resolution ends) or
     * {@link #REFUSED} (no room for a new entry). {@code packet} must not be null.
     */
    public long resolve(long nowNs, long hi, long lo, T packet) {
        counters.lookups++;
        NeighbourEntry e = find(hi, lo);
        if (e == null) {
            e = create(nowNs, hi, lo);
            if (e == null) {
                counters.tableFull++;
                return REFUSED;
            }
            startResolution(nowNs, e);
        }
        switch (e.state) {
            case REACHABLE, DELAY, PROBE, PERMANENT -> {
                counters.hits++;
                return e.linkAddress;
            }
            case STALE -> {
                counters.hits++;
                e.state = NeighbourState.DELAY;
                arm(e, nowNs + config.delayFirstProbeNs());
                return e.linkAddress;
            }
            case FAILED -> startResolution(nowNs, e);
            default -> {
            }
        }
        if (packet == null) {
            throw new IllegalArgumentException("null packet handle");
        }
        counters.queued++;
        @SuppressWarnings("unchecked") final T evicted = (T) e.enqueue(packet);
        if (evicted != null) {
            counters.queueDrops++;
            actions.dropped(evicted, NeighbourDrop.QUEUE_OVERFLOW);
        }
        return QUEUED;
    }

    /** {@link #resolve} for an IPv4 address. */
    public long resolveV4(long nowNs, int address, T packet) {
        return resolve(nowNs, 0, address & 0xFFFF_FFFFL, packet);
    }

    /**
     * A neighbour advertisement (ND) or an ARP reply (solicited, override) from {@code (hi, lo)},
     * with the link address it carries (-1 when it has none), after RFC 4861 section 7.2.5. Unknown
     * neighbours are ignored: an unsolicited advertisement does not create an entry.
     */
    public void onAdvertisement(long nowNs, long hi, long lo, long linkAddress, boolean solicited, boolean override) {
        final NeighbourEntry e = find(hi, lo);
        if (e == null || e.state == NeighbourState.PERMANENT) {
            return;
        }
        if (e.state == NeighbourState.INCOMPLETE || e.state == NeighbourState.FAILED) {
            if (linkAddress < 0) {
                return;
            }
            e.linkAddress = linkAddress;
            enter(nowNs, e, solicited ? NeighbourState.REACHABLE : NeighbourState.STALE);
            counters.resolved++;
            flush(e);
            return;
        }
        final boolean differs = linkAddress >= 0 && linkAddress != e.linkAddress;
        if (!override && differs) {
            if (e.state == NeighbourState.REACHABLE) {
                enter(nowNs, e, NeighbourState.STALE);
            }
            return;
        }
        if (differs) {
            e.linkAddress = linkAddress;
            counters.linkAddressChanges++;
        }
        if (solicited) {
            enter(nowNs, e, NeighbourState.REACHABLE);
        } else if (differs) {
            enter(nowNs, e, NeighbourState.STALE);
        }
    }

    /**
     * A solicitation (ND) or ARP request from {@code (hi, lo)} carrying its link address: creates or
     * refreshes the entry as STALE when the address is new or changed (RFC 4861 section 7.2.3) and
     * sends what was waiting for it.
     */
    public void onSolicitation(long nowNs, long hi, long lo, long linkAddress) {
        if (linkAddress < 0) {
            return;
        }
        NeighbourEntry e = find(hi, lo);
        if (e == null) {
            e = create(nowNs, hi, lo);
            if (e == null) {
                counters.tableFull++;
                return;
            }
        } else if (e.state == NeighbourState.PERMANENT
            || e.state.hasLinkAddress() && e.linkAddress == linkAddress) {
            return;
        }
        if (e.linkAddress >= 0 && e.linkAddress != linkAddress) {
            counters.linkAddressChanges++;
        }
        final boolean waiting = e.queued() > 0;
        e.linkAddress = linkAddress;
        enter(nowNs, e, NeighbourState.STALE);
        if (waiting) {
            counters.resolved++;
            flush(e);
        }
    }

    /**
     * Upper-layer reachability confirmation (TCP saw new data acknowledged, RFC 4861 section 7.3.1):
     * an entry with a link address becomes REACHABLE.
     */
    public void confirm(long nowNs, long hi, long lo) {
        final NeighbourEntry e = find(hi, lo);
        if (e != null && e.state.hasLinkAddress() && e.state != NeighbourState.PERMANENT) {
            enter(nowNs, e, NeighbourState.REACHABLE);
        }
    }

    /** A static entry; replaces any dynamic one, sending what it had queued. */
    public void addStatic(long nowNs, long hi, long lo, long linkAddress) {
        NeighbourEntry e = find(hi, lo);
        if (e == null) {
            e = create(nowNs, hi, lo);
            if (e == null) {
                throw new IllegalStateException("neighbour table full (" + config.maxEntries() + " entries)");
            }
        }
        e.linkAddress = linkAddress;
        e.state = NeighbourState.PERMANENT;
        e.deadlineNs = Long.MAX_VALUE;
        flush(e);
    }

    /** Removes an entry, handing back its queued packets as FLUSHED; false when there is none. */
    public boolean delete(long hi, long lo) {
        final int slot = slotOf(hi, lo);
        if (slot < 0) {
            return false;
        }
        drop(slots[slot], NeighbourDrop.FLUSHED);
        remove(slot);
        return true;
    }

    /** Removes every entry, static ones included. */
    public void flushAll() {
        for (int i = 0; i < slots.length; i++) {
            while (slots[i] != null) {
                drop(slots[i], NeighbourDrop.FLUSHED);
                remove(i);
            }
        }
        nextDeadlineNs = Long.MAX_VALUE;
    }

    /** Runs every timer due at {@code nowNs}; returns the next deadline. */
    public long advance(long nowNs) {
        if (nextDeadlineNs - nowNs > 0) {
            return nextDeadlineNs;
        }
        long next = Long.MAX_VALUE;
        for (int i = 0; i < slots.length; i++) {
            final NeighbourEntry e = slots[i];
            if (e == null) {
                continue;
            }
            if (e.deadlineNs != Long.MAX_VALUE && e.deadlineNs - nowNs <= 0 && expire(nowNs, e)) {
                remove(i);
                i--; // backward-shift deletion may have moved another entry into this slot
                continue;
            }
            if (e.deadlineNs != Long.MAX_VALUE && e.deadlineNs - next < 0) {
                next = e.deadlineNs;
            }
        }
        nextDeadlineNs = next;
        return next;
    }

    /** The earliest time {@link #advance} has work, {@link Long#MAX_VALUE} for none; may be early, never late. */
    public long nextDeadlineNs() {
        return nextDeadlineNs;
    }

    /** Handles one due timer; true when the entry is to be removed. */
    private boolean expire(long nowNs, NeighbourEntry e) {
        switch (e.state) {
            case INCOMPLETE -> {
                if (e.probes < config.maxMulticastProbes()) {
                    solicit(nowNs, e, NeighbourActions.MULTICAST);
                } else {
                    fail(nowNs, e);
                }
            }
            case PROBE -> {
                if (e.probes < config.maxUnicastProbes()) {
                    solicit(nowNs, e, e.linkAddress);
                } else {
                    fail(nowNs, e);
                }
            }
            case DELAY -> {
                e.state = NeighbourState.PROBE;
                e.probes = 0;
                solicit(nowNs, e, e.linkAddress);
            }
            case REACHABLE -> enter(nowNs, e, NeighbourState.STALE);
            case STALE, FAILED -> {
                counters.garbageCollected++;
                return true;
            }
            case PERMANENT -> e.deadlineNs = Long.MAX_VALUE;
        }
        return false;
    }

    private void startResolution(long nowNs, NeighbourEntry e) {
        e.state = NeighbourState.INCOMPLETE;
        e.probes = 0;
        solicit(nowNs, e, NeighbourActions.MULTICAST);
    }

    private void solicit(long nowNs, NeighbourEntry e, long linkAddress) {
        e.probes++;
        arm(e, nowNs + config.retransTimerNs());
        if (linkAddress == NeighbourActions.MULTICAST) {
            counters.multicastSolicits++;
        } else {
            counters.unicastSolicits++;
        }
        actions.solicit(e.hi, e.lo, linkAddress);
    }

    private void fail(long nowNs, NeighbourEntry e) {
        counters.failures++;
        e.state = NeighbourState.FAILED;
        arm(e, nowNs + config.failedHoldNs());
        drop(e, NeighbourDrop.RESOLUTION_FAILED);
    }

    private void enter(long nowNs, NeighbourEntry e, NeighbourState state) {
        e.state = state;
        e.probes = 0;
        arm(e, nowNs + switch (state) {
            case REACHABLE -> reachableTimeNs();
            case STALE -> config.staleGcNs();
            default -> throw new IllegalStateException("not entered directly: " + state);
        });
    }

    private long reachableTimeNs() {
        final long base = config.reachableTimeNs();
        return random == null ? base : base / 2 + random.nextLong(base);
    }

    private void arm(NeighbourEntry e, long deadlineNs) {
        e.deadlineNs = deadlineNs;
        if (deadlineNs - nextDeadlineNs < 0) {
            nextDeadlineNs = deadlineNs;
        }
    }

    @SuppressWarnings("unchecked")
    private void flush(NeighbourEntry e) {
        Object packet;
        while ((packet = e.poll()) != null) {
            counters.flushed++;
            actions.transmit((T) packet, e.linkAddress);
        }
    }

    @SuppressWarnings("unchecked")
    private void drop(NeighbourEntry e, NeighbourDrop reason) {
        Object packet;
        while ((packet = e.poll()) != null) {
            counters.failedPackets += reason == NeighbourDrop.RESOLUTION_FAILED ? 1 : 0;
            actions.dropped((T) packet, reason);
        }
    }

    /** The state of the entry for {@code (hi, lo)}, or null. */
    public NeighbourState stateOf(long hi, long lo) {
        final NeighbourEntry e = find(hi, lo);
        return e == null ? null : e.state;
    }

    /** The cached link address for {@code (hi, lo)}, -1 when there is none usable. */
    public long linkAddressOf(long hi, long lo) {
        final NeighbourEntry e = find(hi, lo);
        return e == null || !e.state.hasLinkAddress() ? -1 : e.linkAddress;
    }

    public int size() {
        return size;
    }

    /** Snapshots of all entries, in no particular order. */
    public List<NeighbourView> entries() {
        final List<NeighbourView> out = new ArrayList<>(size);
        for (NeighbourEntry e : slots) {
            if (e != null) {
                out.add(new NeighbourView(e.hi, e.lo, e.state, e.linkAddress, e.probes, e.queued(), e.deadlineNs));
            }
        }
        return out;
    }

    // ---- open addressing with linear probing and backward-shift deletion ----

    private static int hash(long hi, long lo) {
        long h = (hi * 0x9E3779B97F4A7C15L) ^ lo;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    private NeighbourEntry find(long hi, long lo) {
        final int slot = slotOf(hi, lo);
        return slot < 0 ? null : slots[slot];
    }

    private int slotOf(long hi, long lo) {
        for (int i = hash(hi, lo) & mask; ; i = (i + 1) & mask) {
            final NeighbourEntry e = slots[i];
            if (e == null) {
                return -1;
            }
            if (e.hi == hi && e.lo == lo) {
                return i;
            }
        }
    }

    private NeighbourEntry create(long nowNs, long hi, long lo) {
        if (size == config.maxEntries() && !evictOne()) {
            return null;
        }
        final NeighbourEntry e = freeCount > 0 ? freeList[--freeCount] : new NeighbourEntry(config.queueLimitPackets());
        e.reset(hi, lo);
        int i = hash(hi, lo) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = e;
        size++;
        return e;
    }

    /** Forced garbage collection when full: a FAILED entry, else the STALE one closest to expiry. */
    private boolean evictOne() {
        int victim = -1;
        for (int i = 0; i < slots.length; i++) {
            final NeighbourEntry e = slots[i];
            if (e == null) {
                continue;
            }
            if (e.state == NeighbourState.FAILED) {
                victim = i;
                break;
            }
            if (e.state == NeighbourState.STALE
                && (victim < 0 || e.deadlineNs - slots[victim].deadlineNs < 0)) {
                victim = i;
            }
        }
        if (victim < 0) {
            return false;
        }
        counters.evictions++;
        drop(slots[victim], NeighbourDrop.FLUSHED);
        remove(victim);
        return true;
    }

    private void remove(int slot) {
        final NeighbourEntry gone = slots[slot];
        slots[slot] = null;
        size--;
        freeList[freeCount++] = gone;
        int hole = slot;
        for (int i = (slot + 1) & mask; slots[i] != null; i = (i + 1) & mask) {
            final int home = hash(slots[i].hi, slots[i].lo) & mask;
            // move the entry back if the hole lies cyclically between its home and its slot
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                slots[hole] = slots[i];
                slots[i] = null;
                hole = i;
            }
        }
    }
}
