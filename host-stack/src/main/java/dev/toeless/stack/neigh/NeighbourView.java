package dev.toeless.stack.neigh;

/**
 * A snapshot of one neighbour entry, for listing ({@code ip neigh}).
 *
 * @param hi            upper 64 bits of the protocol address (0 for IPv4)
 * @param lo            lower 64 bits (the unsigned IPv4 address)
 * @param state         its state
 * @param linkAddress   the 48-bit link address, -1 when none is known
 * @param probes        solicitations sent in the current INCOMPLETE or PROBE phase
 * @param queuedPackets packets waiting for resolution
 * @param deadlineNs    when its timer fires, {@link Long#MAX_VALUE} for none
 */
public record NeighbourView(long hi, long lo, NeighbourState state, long linkAddress, int probes,
                            int queuedPackets, long deadlineNs) {
}
