package dev.toeless.stack.neigh;

import java.util.ArrayList;
import java.util.List;

/** Records what a neighbour table asks for, as lines a test can expect in order. */
final class Recorder implements NeighbourActions<String> {
    final List<String> log = new ArrayList<>();

    @Override
    public void solicit(long targetHi, long targetLo, long linkAddress) {
        log.add("solicit " + Long.toHexString(targetLo)
            + (linkAddress == MULTICAST ? " multicast" : " to " + Long.toHexString(linkAddress)));
    }

    @Override
    public void transmit(String packet, long linkAddress) {
        log.add("transmit " + packet + " to " + Long.toHexString(linkAddress));
    }

    @Override
    public void dropped(String packet, NeighbourDrop reason) {
        log.add("dropped " + packet + " " + reason);
    }

    /** The lines recorded since the last call. */
    List<String> take() {
        final List<String> out = List.copyOf(log);
        log.clear();
        return out;
    }
}
