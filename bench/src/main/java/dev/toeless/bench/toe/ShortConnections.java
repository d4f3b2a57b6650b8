package dev.toeless.bench.toe;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.toeless.bench.demo.CostSetup;
import dev.toeless.bench.demo.DemoMode;
import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.cost.HostCost;
import dev.toeless.nic.cost.PciLink;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.OffloadNic;
import dev.toeless.stack.host.ToeCard;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpState;

/**
 * Short connections against host B in one mode: host A keeps {@code concurrency} clients busy,
 * each opening a connection, sending a request, reading the response and closing, then opening the
 * next, until {@code connections} are done. Host B's server accepts, reads the request, writes the
 * response and closes after the client. Host B is charged by the cost model (its CPU and its PCI
 * link; for {@code toe} also the card's CPU); host A is not. Virtual time, deterministic.
 */
public final class ShortConnections {
    private static final int PORT = 8080;
    private static final long SECOND = 1_000_000_000L;

    /**
     * @param connections connections to complete
     * @param concurrency clients at once
     */
    public record Spec(DemoMode mode, int connections, int concurrency, int requestBytes, int responseBytes, long seed,
                       CostSetup cost) {
        /** Handshake, a 100-byte request, a 1,000-byte response, close; 64 clients at once; the default cost model. */
        public static Spec of(DemoMode mode, int connections) {
            return new Spec(mode, connections, 64, 100, 1_000, 1, CostSetup.defaults());
        }
    }

    /**
     * @param connPerSecond   completed connections per second of virtual time
     * @param hostNsPerConn   host B's modeled CPU nanoseconds per completed connection
     * @param hostCpuUtil     busy share of host B's modeled cores
     * @param cardNsPerConn   the card CPU's modeled nanoseconds per connection (toe only)
     * @param pciBytesPerConn host B's PCI link bytes per connection, overhead included
     */
    public record Result(@JsonProperty("mode") String mode, @JsonProperty("completed") int completed,
                         @JsonProperty("failed") int failed, @JsonProperty("virtual_ns") long virtualNs,
                         @JsonProperty("conn_per_s") double connPerSecond,
                         @JsonProperty("host_ns_per_conn") double hostNsPerConn,
                         @JsonProperty("host_cpu_util") double hostCpuUtil,
                         @JsonProperty("card_ns_per_conn") double cardNsPerConn,
                         @JsonProperty("pci_bytes_per_conn") double pciBytesPerConn,
                         @JsonProperty("cost_model") String costModel) {
    }

    private ShortConnections() {
    }

    public static Result run(Spec spec) {
        final Testbed bed = Testbed.builder(spec.seed()).a(c -> c.withNic(DriverMode.STATELESS))
            .b(spec.mode()::apply).build();
        final EventScheduler scheduler = bed.scheduler();
        final Host a = bed.a();
        final Host b = bed.b();
        final Listener listener = b.listenV4(PORT, 1024);
        final Server server = new Server(spec);
        listener.onAcceptable(l -> {
            StreamSocket s;
            while ((s = l.accept()) != null) {
                server.serve(s);
            }
        });
        // one connection first, not measured: the neighbours resolve and the card learns its peer
        final Clients warmUp = new Clients(new Spec(spec.mode(), 1, 1, spec.requestBytes(), spec.responseBytes(),
            spec.seed(), spec.cost()), a);
        warmUp.start();
        while (warmUp.done() < 1 && !scheduler.isIdle()) {
            scheduler.runNext();
        }
        final HostCost cost = new HostCost(spec.cost().profile(), scheduler.clock());
        final PciLink pci = new PciLink(spec.cost().pci(), scheduler.clock()).cache(cost.cache());
        b.cpu().cost(cost);
        if (b.attachment() instanceof OffloadNic nic) {
            nic.driver().nic().bus(pci);
        } else if (b.attachment() instanceof ToeCard card) {
            card.bus(pci);
        }
        final Clients clients = new Clients(spec, a);
        clients.start();
        final long startNs = scheduler.nowNs();
        final long limitNs = 600 * SECOND;
        long lastNs = startNs;
        while (clients.done() < spec.connections() && !scheduler.isIdle() && scheduler.nowNs() < limitNs) {
            scheduler.runNext();
            if (clients.done() > 0) {
                lastNs = Math.max(lastNs, clients.lastDoneNs);
            }
        }
        final long virtualNs = Math.max(1, lastNs - startNs);
        final int completed = clients.completed;
        final double perConn = 1.0 / Math.max(1, completed);
        final HostCost card = b.attachment() instanceof ToeCard t ? t.driver().card().cost() : null;
        return new Result(spec.mode().label(), completed, clients.failed, virtualNs, completed * 1e9 / virtualNs,
            cost.busyPs() / 1000.0 * perConn, cost.busyPs() / (1000.0 * virtualNs * cost.cpu().cores()),
            card == null ? 0 : card.busyPs() / 1000.0 * perConn, pci.pciBytes() * perConn, spec.cost().label());
    }

    /** Host B's application: read the request, answer, close after the client. */
    private static final class Server {
        private final Spec spec;
        private final byte[] buffer = new byte[64 * 1024];
        private final byte[] response;

        Server(Spec spec) {
            this.spec = spec;
            this.response = new byte[spec.responseBytes()];
        }

        void serve(StreamSocket s) {
            final int[] got = {0};
            final int[] written = {0};
            final StreamSocket.Readiness step = socket -> {
                int n;
                while ((n = socket.read(buffer, 0, buffer.length)) > 0) {
                    got[0] += n;
                }
                if (got[0] >= spec.requestBytes() && written[0] < response.length) {
                    written[0] += socket.write(response, written[0], response.length - written[0]);
                }
                if (n < 0 || socket.isEndOfStream()) {
                    socket.close();
                    socket.onReady(null);
                }
            };
            s.onReady(step);
            step.ready(s);
        }
    }

    /** Host A's clients: a closed loop of {@code concurrency}. */
    private static final class Clients {
        private final Spec spec;
        private final Host a;
        private final byte[] request;
        private final byte[] buffer = new byte[64 * 1024];
        private int started;
        int completed;
        int failed;
        long lastDoneNs;

        Clients(Spec spec, Host a) {
            this.spec = spec;
            this.a = a;
            this.request = new byte[spec.requestBytes()];
        }

        int done() {
            return completed + failed;
        }

        void start() {
            for (int i = 0; i < spec.concurrency() && started < spec.connections(); i++) {
                open();
            }
        }

        private void open() {
            started++;
            final TcpSocket s = a.tcp().connectV4(Testbed.IP_B, PORT);
            final int[] got = {0};
            final boolean[] sent = {false};
            final boolean[] finished = {false};
            s.onReady(socket -> {
                if (finished[0]) {
                    return;
                }
                if (s.state() == TcpState.CLOSED) {
                    finish(s, finished, false);
                    return;
                }
                if (!sent[0] && socket.isEstablished()) {
                    sent[0] = socket.write(request, 0, request.length) == request.length;
                }
                int n;
                while ((n = socket.read(buffer, 0, buffer.length)) > 0) {
                    got[0] += n;
                }
                if (got[0] >= spec.responseBytes()) {
                    socket.close();
                    finish(s, finished, true);
                }
            });
        }

        private void finish(TcpSocket s, boolean[] finished, boolean ok) {
            finished[0] = true;
            s.onReady(null);
            if (ok) {
                completed++;
            } else {
                failed++;
            }
            lastDoneNs = a.scheduler().nowNs();
            if (started < spec.connections()) {
                open();
            }
        }
    }
}
