package dev.toeless.stack.toe;

/**
 * A read-only look at one offloaded connection, for reports: what the card's TCP runs for it,
 * which no host control reaches.
 *
 * @param tid                the card slot
 * @param localPort          its local port
 * @param remotePort         its remote port
 * @param established        the handshake completed
 * @param congestionControl  the congestion control the card's TCP runs for it
 * @param receiveWindowBytes the receive window the card advertises
 * @param cardBufferedBytes  bytes the card holds for it: received and not yet placed, plus sent and not yet acknowledged
 * @param bytesToHost        payload placed into the host's pages so far
 * @param bytesFromHost      payload taken from the host's pages so far
 */
public record CardConnectionView(int tid, int localPort, int remotePort, boolean established, String congestionControl,
                                 long receiveWindowBytes, long cardBufferedBytes, long bytesToHost, long bytesFromHost) {
}
