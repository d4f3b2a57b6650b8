package dev.toeless.bench.sim;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.toe.CardFullPolicy;
import dev.toeless.stack.toe.ToeConfig;

/**
 * The TOE card of a {@code toe} seed and what goes wrong with it: a connection table that may be
 * too small for the seed's connections (card full, handled by the drawn policy), and a card reset
 * at some time of the fault phase, which loses the card's connections: their sockets on host b fail
 * as reset and the simulated applications give them up, so nothing is lost silently.
 *
 * @param slots     the card's connection slots (an IPv6 connection takes two)
 * @param policy    what the full card does with a new connection
 * @param resetAtNs when the card resets, or -1 for never
 */
public record CardFaults(int slots, CardFullPolicy policy, long resetAtNs) {
    /** Card memory for a seed: 8 MiB, enough for a seed's connections and small enough to build fast. */
    static final int CARD_PAGES = 2048;
    /** Receive pages the driver keeps posted per connection. */
    static final int RECEIVE_BUFFERS = 8;

    static CardFaults draw(SimRandom r, int connections, long faultPhaseNs) {
        final int slots = r.chance(0.5) ? 1 + r.nextInt(2 * connections) : ToeConfig.defaults().slots();
        final CardFullPolicy policy = CardFullPolicy.values()[r.nextInt(CardFullPolicy.values().length)];
        final long resetAtNs = r.chance(0.4) ? r.nextLong(faultPhaseNs) : -1;
        return new CardFaults(slots, policy, resetAtNs);
    }

    public boolean resets() {
        return resetAtNs >= 0;
    }

    /** The card's configuration. */
    public ToeConfig config() {
        return ToeConfig.defaults().withSlots(slots).withPolicy(policy).withCardMemoryPages(CARD_PAGES)
            .withReceiveBuffersPerSocket(RECEIVE_BUFFERS);
    }

    @Override
    public String toString() {
        return "toe card " + slots + " slots, " + policy.label() + " when full"
            + (resets() ? ", card reset at " + resetAtNs / SimScenario.MS + " ms" : "");
    }
}
