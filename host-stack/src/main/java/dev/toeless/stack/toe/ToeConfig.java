package dev.toeless.stack.toe;

import dev.toeless.nic.card.CardConnectionTable;
import dev.toeless.nic.card.CardMemory;
import dev.toeless.nic.cost.CostProfile;
import dev.toeless.nic.cost.CostProfiles;

/**
 * How a TOE card is built and what its firmware does.
 *
 * @param slots                   connection slots (an IPv6 connection takes two)
 * @param cardMemoryPages         the card's memory arena, 4 KiB pages
 * @param policy                  what a full card does with a new connection
 * @param synCookies              whether the card's firmware answers a full SYN queue with SYN cookies
 *                                (off unless the profile says so: real TOE firmware does not)
 * @param congestionControl       the vendor's congestion control, fixed (the host's choice is not the card's)
 * @param receiveBuffersPerSocket the most host pages the driver keeps posted to one connection
 * @param connectionReservePages  free card pages the firmware wants before it admits a connection
 * @param cardProfile             the card CPU's cost profile
 */
public record ToeConfig(int slots, int cardMemoryPages, CardFullPolicy policy, boolean synCookies,
                        String congestionControl, int receiveBuffersPerSocket, int connectionReservePages,
                        CostProfile cardProfile) {
    /** The vendor's congestion control: NewReno, one fixed choice, as TOE firmware ships. */
    public static final String VENDOR_CC = "newreno";

    public ToeConfig {
        if (slots < 1 || cardMemoryPages < 64 || receiveBuffersPerSocket < 2 || connectionReservePages < 0) {
            throw new IllegalArgumentException("bad TOE configuration: " + slots + " slots, " + cardMemoryPages
                + " card pages, " + receiveBuffersPerSocket + " receive buffers");
        }
    }

    /** A T6-class card: 16,384 slots, 64 MiB of card memory, fall back when full, the ASIC pipeline profile. */
    public static ToeConfig defaults() {
        return new ToeConfig(CardConnectionTable.T6_DEFAULT_SLOTS, CardMemory.DEFAULT_PAGES, CardFullPolicy.FALLBACK,
            false, VENDOR_CC, 128, 4, CostProfiles.named("toe-asic"));
    }

    /** A 2004-era card: 1,024 slots (Broadcom NetXtreme II at 1 Gbit/s). */
    public static ToeConfig card2004() {
        return defaults().withSlots(CardConnectionTable.CARD_2004_SLOTS);
    }

    public ToeConfig withSlots(int n) {
        return new ToeConfig(n, cardMemoryPages, policy, synCookies, congestionControl, receiveBuffersPerSocket,
            connectionReservePages, cardProfile);
    }

    public ToeConfig withPolicy(CardFullPolicy p) {
        return new ToeConfig(slots, cardMemoryPages, p, synCookies, congestionControl, receiveBuffersPerSocket,
            connectionReservePages, cardProfile);
    }

    public ToeConfig withCardMemoryPages(int pages) {
        return new ToeConfig(slots, pages, policy, synCookies, congestionControl, receiveBuffersPerSocket,
            connectionReservePages, cardProfile);
    }

    public ToeConfig withSynCookies(boolean on) {
        return new ToeConfig(slots, cardMemoryPages, policy, on, congestionControl, receiveBuffersPerSocket,
            connectionReservePages, cardProfile);
    }

    public ToeConfig withReceiveBuffersPerSocket(int n) {
        return new ToeConfig(slots, cardMemoryPages, policy, synCookies, congestionControl, n,
            connectionReservePages, cardProfile);
    }
}
