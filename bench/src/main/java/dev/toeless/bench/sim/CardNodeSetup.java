package dev.toeless.bench.sim;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.cardnode.CardNodeConfig;
import dev.toeless.stack.tcp.TcpConfig;

/**
 * The card node of a {@code card-node} seed: host b sits behind Garzik's card, a node of its own
 * whose port to the wire takes the seed's link faults. In proxy mode the card's
 * {@link dev.toeless.stack.cardnode.SpliceProxy} ends each of host a's connections on the card (its
 * wire TCP with the seed's settings) and relays the stream over TCP across the PCI link to host b;
 * in routing mode the card forwards IP and host b ends TCP itself, with the seed's settings. The
 * card node is IPv4 only: a card-node seed's connections are all IPv4.
 *
 * @param routing routing mode (else proxy mode)
 */
public record CardNodeSetup(boolean routing) {
    /** Card memory for a seed: 24 MiB, room for both devices' receive rings and small enough to build fast. */
    static final int CARD_PAGES = 6144;
    static final int CARD_RX_PAGES = 2048;
    static final int CARD_SEND_PAGES = 1024;

    static CardNodeSetup draw(SimRandom r) {
        return new CardNodeSetup(r.chance(0.3));
    }

    /** The card, its wire port at {@code wireIpv4} with the seed's TCP (the side that meets the faults). */
    CardNodeConfig config(long wireMac, int wireIpv4, TcpConfig wireTcp) {
        final CardNodeConfig c = CardNodeConfig.of("card", wireMac, wireIpv4);
        return new CardNodeConfig(c.name(), c.wireMac(), c.wireIpv4(), c.wirePrefixLength(), c.wireMtuBytes(),
            c.cardPciIpv4(), c.hostPciIpv4(), CARD_PAGES, CARD_RX_PAGES, CARD_SEND_PAGES, wireTcp, c.pciTcp(), c.pci());
    }

    @Override
    public String toString() {
        return "behind a card node, " + (routing ? "routing mode (host b ends TCP)"
            : "proxy mode (the card ends TCP and splices to host b)");
    }
}
