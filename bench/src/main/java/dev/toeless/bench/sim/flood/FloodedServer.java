package dev.toeless.bench.sim.flood;

import dev.toeless.nic.link.Link;

import java.util.Map;

/**
 * The machine under attack in {@link SynFloodRun}, as the scenario sees it: it plugs into the
 * link, listens, runs its own small application (read the request, send the response, close
 * when the client does) and reports its listener's memory. The host stack is one attachment
 * ({@link HostFloodedServer}); a TOE card terminating TCP itself is another
 * ({@link ToeFloodedServer}), so the same scenario measures both.
 */
public interface FloodedServer {
    /** What the report calls it ("host", later "toe"). */
    String name();

    /** The server's IPv4 address. */
    int ipv4();

    /** Its MAC address, where frames to it go. */
    long mac();

    /** Connects it to the link's port. */
    void plugInto(Link.Port port);

    /** Listens on {@code port}; beyond {@code backlog} half-open connections, SYN cookies or drops. */
    void listen(int port, int backlog, boolean synCookies, int requestBytes, int responseBytes);

    /** Sends anything not for its own subnet to {@code gateway} (the spoofed addresses are elsewhere). */
    void defaultRouteVia(int gateway);

    /** The application's turn after a scheduler event: accept, read, respond, close. */
    void serve();

    /** Its listener's state and counters now. */
    ListenerMemory memory();

    /** Whether the SYN queue that decides its fate is at its backlog now (the card's, for a TOE). */
    boolean synQueueFull();

    /** Counters of its own beyond {@link ListenerMemory} (a card's admitted, fallen back, refused), at the end. */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /** Closes what is left and says whether every page came back (null) or what leaked. */
    String shutDown();
}
