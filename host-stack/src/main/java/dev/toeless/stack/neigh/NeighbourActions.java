package dev.toeless.stack.neigh;

/**
 * What a {@link NeighbourTable} asks its caller to do; the caller implements it once. Calls happen
 * inside the table's methods, so an implementation must not call back into the same table.
 *
 * @param <T> the caller's packet handle
 */
public interface NeighbourActions<T> {
    /**
     * Not a link address: "send to the broadcast address (ARP) or to the target's solicited-node
     * group (ND)"; {@link NeighbourAddresses} computes both.
     */
    long MULTICAST = -1;

    /**
     * Send an ARP request or a neighbour solicitation for {@code (targetHi, targetLo)}, to
     * {@code linkAddress} (unicast, when probing a known neighbour) or {@link #MULTICAST}.
     */
    void solicit(long targetHi, long targetLo, long linkAddress);

    /** A queued packet may go now, to {@code linkAddress}; it is the caller's again. */
    void transmit(T packet, long linkAddress);

    /** A queued packet is given up; it is the caller's again, to release. */
    void dropped(T packet, NeighbourDrop reason);
}
