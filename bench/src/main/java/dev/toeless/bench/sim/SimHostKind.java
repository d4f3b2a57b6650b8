package dev.toeless.bench.sim;

/**
 * What host b of a seed runs its TCP on: its own host stack (behind the plain software NIC), or a
 * TOE card ({@code toe}: the connections on the card's TCP, the host driving them over the PCI
 * command queue), with the card's faults of {@link CardFaults}.
 */
public enum SimHostKind {
    HOST_STACK("host-stack"),
    TOE("toe");

    private final String label;

    SimHostKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
