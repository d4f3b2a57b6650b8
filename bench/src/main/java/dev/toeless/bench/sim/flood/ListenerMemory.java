package dev.toeless.bench.sim.flood;

/**
 * What the server under attack holds for its listener at one moment, and its counters so far:
 * the figures that must stay bounded under a flood.
 *
 * @param halfOpen          connections in the SYN backlog (state kept, handshake not complete)
 * @param sockets           connection state held (half-open, established, closing)
 * @param socketMemoryBytes bytes charged to socket memory (receive and send queues)
 * @param pagesInUse        pages of the server's memory referenced
 * @param synCookiesSent    SYN-ACKs sent statelessly, as cookies
 * @param cookieConnections connections built from a returning cookie
 * @param synQueueDrops     SYNs dropped because the backlog was full and cookies were off
 */
public record ListenerMemory(int halfOpen, int sockets, long socketMemoryBytes, long pagesInUse,
                             long synCookiesSent, long cookieConnections, long synQueueDrops) {
}
