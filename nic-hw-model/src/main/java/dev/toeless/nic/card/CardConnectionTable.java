package dev.toeless.nic.card;

import org.agrona.collections.IntArrayQueue;

import java.util.Arrays;

/**
 * A TOE card's connection table: a fixed number of slots (Chelsio calls them TIDs), set when the
 * card's firmware is configured and never grown. An IPv4 connection takes one slot, an IPv6
 * connection two (as on Chelsio cards, whose IPv6 entries are twice the size). When the slots run
 * out the card cannot take another connection: the caller's policy decides what happens then
 * (fall back to the host stack, refuse, or upload a connection later).
 *
 * <p>A connection is named by its TID, an index in {@code [0, tids)}; the table holds one object
 * per TID for the firmware (its connection state). Hard state: {@link #reset()} forgets everything,
 * as a card reset does.
 *
 * @param <T> what the firmware keeps per connection
 */
public final class CardConnectionTable<T> {
    /** Returned by {@link #allocate} when the card has no room. */
    public static final int NO_SLOT = -1;

    /** Chelsio T6 firmware's default hash size (FreeBSD {@code t6fw_cfg.txt}). */
    public static final int T6_DEFAULT_SLOTS = 16_384;
    /** Broadcom NetXtreme II at 1 Gbit/s, offloaded connections (its user guide): a card of 2004's era. */
    public static final int CARD_2004_SLOTS = 1_024;

    private final int slots;
    private final Object[] entries;
    private final byte[] slotCost;
    private final IntArrayQueue freeTids;
    private int slotsInUse;
    private int connections;
    private int peakSlotsInUse;
    private long admitted;
    private long refused;

    public CardConnectionTable(int slots) {
        if (slots <= 0) {
            throw new IllegalArgumentException("a card needs at least one connection slot: " + slots);
        }
        this.slots = slots;
        this.entries = new Object[slots];
        this.slotCost = new byte[slots];
        this.freeTids = new IntArrayQueue(Math.max(slots, IntArrayQueue.MIN_CAPACITY), IntArrayQueue.DEFAULT_NULL_VALUE);
        for (int tid = 0; tid < slots; tid++) {
            freeTids.addInt(tid);
        }
    }

    /** Slots a connection of this family takes: 1 for IPv4, 2 for IPv6. */
    public static int slotsFor(boolean ipv6) {
        return ipv6 ? 2 : 1;
    }

    /**
     * Takes the slots for one connection and returns its TID, or {@link #NO_SLOT} (counted as
     * refused) when they are not free.
     */
    public int allocate(boolean ipv6, T entry) {
        final int cost = slotsFor(ipv6);
        if (slotsInUse + cost > slots || freeTids.isEmpty()) {
            refused++;
            return NO_SLOT;
        }
        final int tid = freeTids.pollInt();
        entries[tid] = entry;
        slotCost[tid] = (byte) cost;
        slotsInUse += cost;
        connections++;
        peakSlotsInUse = Math.max(peakSlotsInUse, slotsInUse);
        admitted++;
        return tid;
    }

    /** Whether a connection of this family would find room now. */
    public boolean hasRoom(boolean ipv6) {
        return slotsInUse + slotsFor(ipv6) <= slots && !freeTids.isEmpty();
    }

    /** The entry at {@code tid}, or null when the TID is free or out of range. */
    @SuppressWarnings("unchecked")
    public T get(int tid) {
        return tid >= 0 && tid < slots ? (T) entries[tid] : null;
    }

    /** Frees a TID's slots; false when it was not in use (a stale or forged TID). */
    public boolean free(int tid) {
        if (tid < 0 || tid >= slots || slotCost[tid] == 0) {
            return false;
        }
        slotsInUse -= slotCost[tid];
        slotCost[tid] = 0;
        entries[tid] = null;
        connections--;
        freeTids.addInt(tid);
        return true;
    }

    /** Forgets every connection, as a card reset does; returns how many were lost. */
    public int reset() {
        final int lost = connections;
        Arrays.fill(entries, null);
        Arrays.fill(slotCost, (byte) 0);
        freeTids.clear();
        for (int tid = 0; tid < slots; tid++) {
            freeTids.addInt(tid);
        }
        slotsInUse = 0;
        connections = 0;
        return lost;
    }

    public int slots() {
        return slots;
    }

    public int slotsInUse() {
        return slotsInUse;
    }

    public int connections() {
        return connections;
    }

    public int peakSlotsInUse() {
        return peakSlotsInUse;
    }

    /** Connections given a slot since the table was made. */
    public long admitted() {
        return admitted;
    }

    /** Allocations that found no room. */
    public long refused() {
        return refused;
    }
}
