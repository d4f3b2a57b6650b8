package dev.toeless.bench.sim.flood;

import dev.toeless.stack.host.Host;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.route.Route;


import java.util.Map;

/**
 * The machine under attack in {@link SynFloodRun}, as the scenario sees it: it is on the
 * link, listens, runs its own small application (read the request, send the response, close
 * when the client does) and reports its listener's memory. The host stack is one attachment
 * ({@link HostFloodedServer}); a TOE card terminating TCP itself is another
 * ({@link ToeFloodedServer}), so the same scenario measures both.
 */
public interface FloodedServer {
    /** What the report calls it ("host", later "toe"). */
    String name();

    /** The host whose address, link port and routes it uses (for a TOE, the host behind the card). */
    Host host();

    /** The server's IPv4 address. */
    default int ipv4() {
        return host().config().ipv4();
    }

    /** Its MAC address, where frames to it go. */
    default long mac() {
        return host().config().mac();
    }

    /** Listens on {@code port}; beyond {@code backlog} half-open connections, SYN cookies or drops. */
    void listen(int port, int backlog, boolean synCookies, int requestBytes, int responseBytes);

    /** Sends anything not for its own subnet to {@code gateway} (the spoofed addresses are elsewhere). */
    default void defaultRouteVia(int gateway) {
        host().routes().add(Route.viaV4(Prefix.v4(0, 0), gateway, host().config().mtuBytes(), 0));
    }

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
