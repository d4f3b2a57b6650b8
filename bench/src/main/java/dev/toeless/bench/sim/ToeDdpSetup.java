package dev.toeless.bench.sim;

import dev.toeless.nic.card.ddp.ProtectionError;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.toe.CardFullPolicy;
import dev.toeless.stack.toe.ToeConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code toe+ddp} seed runs over each connection, drawn before the run: host b's end of
 * every connection is on its TOE card and speaks RDMAP/DDP/MPA there ({@code CardDdp}), host a's
 * end runs the same protocol in software over its host TCP (as Linux's {@code siw} talks to an
 * RNIC). Host b registers a region of host pages for the bytes a sends and tells a its STag; a
 * WRITEs them (tagged, placed by b's card straight into the region) and SENDs "done"; b SENDs its
 * own bytes into receive buffers a posted (untagged). The card's faults are those of a {@code toe}
 * seed but for the full card's policy: always {@code refuse}, as Linux's {@code iw_cxgb4} refuses
 * a connection it has no room for (a DDP stream lives in the card's firmware and cannot fall back
 * to, or be uploaded to, the host stack).
 *
 * @param card        the card's table size, policy ({@code refuse}) and reset
 * @param connections one plan per connection, in the scenario's order
 */
public record ToeDdpSetup(CardFaults card, List<Plan> connections) {
    /** The smallest WRITE host a issues (each WRITE is one page of a's: smaller ones would only slow a seed down). */
    static final int MIN_WRITE_BYTES = 64;

    /** A hostile WRITE's kind and the protection error host b's card must answer it with. */
    public enum Hostile {
        /** The right slot of the region, another key: the STag is not valid. */
        STALE_KEY(ProtectionError.INVALID_STAG),
        /** A region of another connection (another protection domain); invalid once it is deregistered. */
        OTHER_STREAM(ProtectionError.STAG_NOT_ASSOCIATED),
        /** Host b's control page, registered for local write only. */
        NO_REMOTE_WRITE(ProtectionError.ACCESS_RIGHTS),
        /** Starts inside the region and runs past its end. */
        PAST_BOUNDS(ProtectionError.BASE_OR_BOUNDS),
        /** Starts before the region's base. */
        BEFORE_BASE(ProtectionError.BASE_OR_BOUNDS),
        /** A tagged offset whose end wraps past 2^64. */
        WRAPS(ProtectionError.BASE_OR_BOUNDS);

        private final ProtectionError expected;

        Hostile(ProtectionError expected) {
            this.expected = expected;
        }

        public ProtectionError expected() {
            return expected;
        }
    }

    /**
     * One connection's DDP transfer.
     *
     * @param writeBytes      bytes per WRITE host a issues ({@value #MIN_WRITE_BYTES} to a page)
     * @param shuffled        a WRITEs its chunks in a random order (tagged placement needs no order)
     * @param firstPageOffset where host b's region starts in its first page
     * @param baseTo          the region's tagged offset base (some near the top of the 64-bit space)
     * @param hostile         the hostile WRITE a sends, or null for none
     * @param hostileAfter    how many of a's chunks go before the hostile WRITE
     * @param hostileBytes    the hostile WRITE's length
     */
    public record Plan(int writeBytes, boolean shuffled, int firstPageOffset, long baseTo, Hostile hostile,
                       int hostileAfter, int hostileBytes) {
        public boolean isHostile() {
            return hostile != null;
        }
    }

    static ToeDdpSetup draw(SimRandom r, List<SimScenario.Connection> connections, long faultPhaseNs) {
        final SimRandom c = r.fork("card");
        final int slots = c.chance(0.5) ? 1 + c.nextInt(2 * connections.size()) : ToeConfig.defaults().slots();
        final long resetAtNs = c.chance(0.4) ? c.nextLong(faultPhaseNs) : -1;
        final CardFaults card = new CardFaults(slots, CardFullPolicy.REFUSE, resetAtNs);
        final List<Plan> plans = new ArrayList<>();
        final SimRandom p = r.fork("plans");
        for (SimScenario.Connection conn : connections) {
            final int writeBytes = p.chance(0.5) ? HostMemory.PAGE_SIZE : MIN_WRITE_BYTES + p.nextInt(HostMemory.PAGE_SIZE - MIN_WRITE_BYTES + 1);
            final boolean shuffled = p.chance(0.3);
            final int firstPageOffset = p.chance(0.5) ? 0 : p.nextInt(HostMemory.PAGE_SIZE);
            final long length = Math.max(1, conn.aToBBytes());
            // some regions end just under 2^64: the bounds check must not wrap
            final long baseTo = p.chance(0.2) ? -(length + 1 + p.nextLong(1 << 20)) : p.nextLong(1L << 40);
            final Hostile hostile = p.chance(0.15) ? Hostile.values()[p.nextInt(Hostile.values().length)] : null;
            final int chunks = (conn.aToBBytes() + writeBytes - 1) / writeBytes;
            plans.add(new Plan(writeBytes, shuffled, firstPageOffset, baseTo, hostile, p.nextInt(chunks + 1),
                1 + p.nextInt(HostMemory.PAGE_SIZE)));
        }
        return new ToeDdpSetup(card, List.copyOf(plans));
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder(card.toString()).append(", DDP on every connection:");
        for (int i = 0; i < connections.size(); i++) {
            final Plan p = connections.get(i);
            sb.append(String.format(" [conn %d: WRITEs of %d B%s, region at page offset %d, base TO %016x%s]", i,
                p.writeBytes(), p.shuffled() ? " in random order" : "", p.firstPageOffset(), p.baseTo(),
                p.isHostile() ? ", hostile " + p.hostile() + " of " + p.hostileBytes() + " B after " + p.hostileAfter()
                    + " WRITEs" : ""));
        }
        return sb.toString();
    }
}
