package dev.toeless.bench.toe;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.ToeCard;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.tcp.TcpState;
import dev.toeless.stack.toe.CardFullPolicy;
import dev.toeless.stack.toe.ToeConfig;
import dev.toeless.stack.toe.ToeSocket;

import java.util.ArrayList;
import java.util.List;

/**
 * A ramp of concurrent connections against host B's TOE card: host A opens {@code connections}
 * connections, one every {@code spacingNs} of virtual time, spread over {@code ports} listening
 * ports (an ephemeral port range serves one remote port), and keeps every one open. Counted at the
 * end: connections admitted on the card, of those the ones the card later uploaded to the host
 * stack ({@code upload}), fallen back to the host stack, refused (the client saw its SYN reset),
 * and any not settled. Virtual time, deterministic.
 */
public final class CardExhaustion {
    private static final int FIRST_PORT = 9000;
    private static final long SECOND = 1_000_000_000L;

    /** @param synCookies whether the card's profile runs SYN cookies (off on real TOE firmware) */
    public record Spec(CardFullPolicy policy, int connections, int slots, long spacingNs, int ports, long seed,
                       boolean synCookies) {
        /** The card without SYN cookies, as real TOE firmware ships. */
        public Spec(CardFullPolicy policy, int connections, int slots, long spacingNs, int ports, long seed) {
            this(policy, connections, slots, spacingNs, ports, seed, false);
        }

        /** 100,000 connections, one every 10 us, against a T6-class card (16,384 slots) over four ports. */
        public static Spec of(CardFullPolicy policy, int connections) {
            return new Spec(policy, connections, ToeConfig.defaults().slots(), 10_000, 4, 1);
        }
    }

    public record Result(@JsonProperty("policy") String policy, @JsonProperty("attempted") int attempted,
                         @JsonProperty("slots") int slots, @JsonProperty("admitted_on_card") int admittedOnCard,
                         @JsonProperty("fell_back") int fellBack, @JsonProperty("refused") int refused,
                         @JsonProperty("unsettled") int unsettled,
                         @JsonProperty("peak_slots_in_use") long peakSlotsInUse,
                         @JsonProperty("host_connections") int hostConnections,
                         @JsonProperty("virtual_ns") long virtualNs,
                         @JsonProperty("uploaded") int uploaded) {
    }

    private CardExhaustion() {
    }

    public static Result run(Spec spec) {
        final int pages = 65_536;
        final Testbed bed = Testbed.builder(spec.seed())
            .a(c -> c.withNic(DriverMode.STATELESS).withMemory(pages, 8_192, 8_192))
            .b(c -> c.withMemory(pages, 8_192, 8_192)
                .withToe(ToeConfig.defaults().withSlots(spec.slots()).withPolicy(spec.policy())
                    .withSynCookies(spec.synCookies()).withReceiveBuffersPerSocket(2)))
            .build();
        final EventScheduler scheduler = bed.scheduler();
        final Host a = bed.a();
        final Host b = bed.b();
        final int[] onCard = {0};
        final int[] fellBack = {0};
        final List<StreamSocket> held = new ArrayList<>();
        for (int p = 0; p < spec.ports(); p++) {
            final Listener l = b.listenV4(FIRST_PORT + p, 4096);
            l.onAcceptable(listener -> {
                StreamSocket s;
                while ((s = listener.accept()) != null) {
                    held.add(s);
                    if (s instanceof ToeSocket) {
                        onCard[0]++;
                    } else {
                        fellBack[0]++;
                    }
                }
            });
        }
        final List<TcpSocket> clients = new ArrayList<>(spec.connections());
        for (int i = 0; i < spec.connections(); i++) {
            final int port = FIRST_PORT + i % spec.ports();
            scheduler.at(i * spec.spacingNs(), () -> clients.add(a.tcp().connectV4(Testbed.IP_B, port)));
        }
        final long rampEndNs = (long) spec.connections() * spec.spacingNs();
        final long limitNs = rampEndNs + 10 * SECOND;
        long events = 0;
        while (!scheduler.isIdle() && scheduler.nowNs() < limitNs) {
            scheduler.runNext();
            // settled: every client accepted somewhere or refused (counted now and then: it is a scan)
            if (++events % 4096 == 0 && scheduler.nowNs() > rampEndNs && clients.size() == spec.connections()
                && onCard[0] + fellBack[0] + refused(clients) == spec.connections()) {
                break;
            }
        }
        final int refused = refused(clients);
        final long peak = ((ToeCard) b.attachment()).counterSnapshot().getOrDefault("toe_peak_slots_in_use", 0L);
        return new Result(spec.policy().label(), spec.connections(), spec.slots(), onCard[0], fellBack[0], refused,
            spec.connections() - onCard[0] - fellBack[0] - refused, peak, b.tcp().connectionCount(),
            scheduler.nowNs(), uploaded(held));
    }

    private static int uploaded(List<StreamSocket> held) {
        int n = 0;
        for (StreamSocket s : held) {
            if (s instanceof ToeSocket t && t.isUploaded()) {
                n++;
            }
        }
        return n;
    }

    private static int refused(List<TcpSocket> clients) {
        int n = 0;
        for (TcpSocket c : clients) {
            if (c.state() == TcpState.CLOSED && c.closeReason() == CloseReason.REFUSED) {
                n++;
            }
        }
        return n;
    }
}
