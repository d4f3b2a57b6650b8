package dev.toeless.bench.sim.flood;

import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.ToeCard;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.stack.toe.CardListenerView;
import dev.toeless.stack.toe.ToeFirmware;
import dev.toeless.stack.toe.ToeListener;
import dev.toeless.stack.toe.ToeSocket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TOE card under attack: a {@link Host} whose attachment is a TOE card ({@code config}'s
 * {@link dev.toeless.stack.toe.ToeConfig}, its full-card policy included). The listener is on the
 * card, whose own TCP keeps the SYN queue (each half-open connection in a card slot, no SYN
 * cookies: TOE firmware has none), and on the host stack beside it, where fallen-back SYNs land
 * (with the scenario's SYN cookies). The half-open figure is the card's; the queue is full when
 * the card's listener holds its backlog.
 */
public final class ToeFloodedServer implements FloodedServer {
    private final Host host;
    private final ToeFirmware card;
    private final String name;
    private final Responder responder = new Responder(s -> false);
    private ToeListener listener;
    private long acceptedOnCard;
    private long acceptedOnHost;

    /** @param host a host whose attachment is a TOE card ({@link dev.toeless.stack.host.HostConfig#withToe}) */
    public ToeFloodedServer(String name, Host host) {
        this.name = name;
        this.host = host;
        if (!(host.attachment() instanceof ToeCard toe)) {
            throw new IllegalArgumentException("the server's config has no TOE card");
        }
        this.card = toe.driver().card();
    }

    @Override
    public Host host() {
        return host;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void listen(int port, int backlog, boolean synCookies, int requestBytes, int responseBytes) {
        host.tcp().synCookies(synCookies); // the host stack's, for the SYNs the card passes up
        this.listener = (ToeListener) host.listenV4(port, backlog);
        responder.exchange(requestBytes, responseBytes);
    }

    @Override
    public void serve() {
        StreamSocket s;
        while ((s = listener.accept()) != null) {
            if (s instanceof ToeSocket) {
                acceptedOnCard++;
            } else {
                acceptedOnHost++;
            }
            responder.accepted(s);
        }
        responder.serve();
    }

    private CardListenerView cardListener() {
        for (CardListenerView v : card.listenerViews()) {
            if (v.port() == listener.localPort() && !v.ipv6()) {
                return v;
            }
        }
        return null;
    }

    @Override
    public ListenerMemory memory() {
        final CardListenerView v = cardListener();
        final var hostListener = listener.hostListener();
        return new ListenerMemory(v == null ? 0 : v.halfOpen(), card.connections() + host.tcp().connectionCount(),
            host.tcp().socketMemory().usedBytes(), host.memory().pagesInUse(),
            hostListener.synCookiesSent() + (v == null ? 0 : v.synCookiesSent()), hostListener.cookieConnections(),
            hostListener.synQueueDrops() + (v == null ? 0 : v.synQueueDrops()));
    }

    @Override
    public boolean synQueueFull() {
        final CardListenerView v = cardListener();
        return v != null && v.halfOpen() >= v.backlog();
    }

    @Override
    public Map<String, Long> counters() {
        final Map<String, Long> all = CounterSnapshot.of(card);
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("accepted_on_card", acceptedOnCard);
        m.put("accepted_on_host", acceptedOnHost);
        for (String k : List.of("toe_connections_admitted", "toe_syns_fell_back", "toe_syns_refused", "toe_slots",
            "toe_peak_slots_in_use")) {
            m.put(k, all.getOrDefault(k, 0L));
        }
        return m;
    }

    @Override
    public String shutDown() {
        responder.abortAll();
        listener.close();
        host.scheduler().runAll(1_000_000);
        final int cardPages = card.cardMemory().pagesInUse();
        host.close(); // the card's NIC path keeps its RX ring posted until the host closes it
        final long inUse = host.memory().pagesInUse();
        return inUse == 0 && cardPages == 0 ? null : inUse + " page(s) of the server and " + cardPages
            + " card page(s) still referenced";
    }
}
