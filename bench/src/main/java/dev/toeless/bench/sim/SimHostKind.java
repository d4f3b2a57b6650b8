package dev.toeless.bench.sim;

/**
 * What host b of a seed runs its TCP on: its own host stack (behind the modeled NIC, every offload off), a
 * TOE card ({@code toe}: the connections on the card's TCP, the host driving them over the PCI
 * command queue), with the card's faults of {@link CardFaults}, the same card running DDP on every
 * connection ({@code toe+ddp}, {@link ToeDdpSetup}), or its own host stack behind a
 * card node ({@code card-node}: Garzik's card between host b and the wire, {@link CardNodeSetup}).
 */
public enum SimHostKind {
    HOST_STACK("host-stack"),
    TOE("toe"),
    TOE_DDP("toe+ddp"),
    CARD_NODE("card-node");

    private final String label;

    SimHostKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
