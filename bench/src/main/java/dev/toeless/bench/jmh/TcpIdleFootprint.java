package dev.toeless.bench.jmh;

import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.TcpConnection;
import dev.toeless.stack.tcp.TcpFlags;
import dev.toeless.stack.tcp.TcpSegment;
import dev.toeless.stack.tcp.TcpState;

import java.util.ArrayList;
import java.util.List;

/**
 * Heap per established idle connection, measured as a heap delta: the used heap after full
 * collections before and after opening N connections, divided by the connections (each kept
 * reachable until the second reading). Two figures:
 * <ul>
 *   <li>engine: N bare {@link TcpConnection}s brought to ESTABLISHED with hand-made SYN-ACKs;</li>
 *   <li>host: N connections between two {@link Host}s over a link, counted per endpoint (socket,
 *       engine, socket-memory account, connection-table slot, timer), both ends included.</li>
 * </ul>
 * Page memory is off-heap and an idle connection holds no page, so the heap is all there is.
 * Run with {@code java -cp toeless.jar dev.toeless.bench.jmh.TcpIdleFootprint [N]}; JMH measures
 * time, not retained size, so this is a plain program beside the benchmarks.
 */
public final class TcpIdleFootprint {
    private static final int PER_PORT = 20_000;

    private TcpIdleFootprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final double engine = engineBytes(n);
        final double host = hostBytes(n);
        System.out.printf("idle established connection, %,d connections: engine %.0f B, host endpoint %.0f B "
            + "(goal under 2048 B)%n", n, engine, host);
    }

    /** Heap bytes per bare engine in ESTABLISHED. */
    static double engineBytes(int n) throws InterruptedException {
        final HostMemory memory = new HostMemory(16);
        final TcpConfig config = TcpConfig.builder().build();
        final TcpSegment synAck = new TcpSegment();
        final List<TcpConnection> kept = new ArrayList<>(n);
        final long before = usedHeap();
        for (int i = 0; i < n; i++) {
            final TcpConnection c = new TcpConnection(config, memory, seg -> { });
            c.connect(0, 1_000);
            synAck.clear().header(7_000, 1_001, TcpFlags.SYN | TcpFlags.ACK, 65_535).mssOption(1460)
                .windowScaleOption(7).sackPermitted(true).timestamps(1, 0);
            c.onSegment(1_000_000, synAck);
            if (c.state() != TcpState.ESTABLISHED) {
                throw new IllegalStateException("not established: " + c);
            }
            kept.add(c);
        }
        final long after = usedHeap();
        final double perConnection = (after - before - 16.0 * n) / n; // minus the list's slots
        if (kept.size() != n) {
            throw new IllegalStateException();
        }
        return perConnection;
    }

    /** Heap bytes per endpoint of a connection between two hosts. */
    static double hostBytes(int n) throws InterruptedException {
        final Testbed bed = Testbed.builder(1).ipv4Only().link(LinkConfig.ethernet(LinkConfig.UNLIMITED_RATE)).build();
        final EventScheduler scheduler = bed.scheduler();
        final Host a = bed.a();
        final Host b = bed.b();
        final int ports = (n + PER_PORT - 1) / PER_PORT;
        final List<TcpListener> listeners = new ArrayList<>();
        for (int p = 0; p < ports; p++) {
            listeners.add(b.tcp().listenV4(1_000 + p, 1 << 16));
        }
        // one connection first, so ARP and the listener's first allocations are not counted
        a.tcp().connectV4(Testbed.IP_B, 1_000);
        scheduler.runAll(Long.MAX_VALUE);
        final List<TcpSocket> kept = new ArrayList<>(2 * n + 2);
        kept.add(listeners.getFirst().accept());
        final long before = usedHeap();
        for (int i = 0; i < n; i++) {
            kept.add(a.tcp().connectV4(Testbed.IP_B, 1_000 + i % ports));
            if (i % 1_000 == 999) {
                scheduler.runAll(Long.MAX_VALUE);
                acceptAll(listeners, kept);
            }
        }
        scheduler.runAll(Long.MAX_VALUE);
        acceptAll(listeners, kept);
        final long after = usedHeap();
        if (kept.size() != 2 * n + 1 || a.tcp().connectionCount() != n + 1) {
            throw new IllegalStateException("expected " + n + " connections, have " + a.tcp().connectionCount()
                + " and " + (kept.size() - 1) + " sockets");
        }
        return (after - before - 8.0 * kept.size()) / (2.0 * n);
    }

    private static void acceptAll(List<TcpListener> listeners, List<TcpSocket> kept) {
        for (TcpListener l : listeners) {
            TcpSocket s;
            while ((s = l.accept()) != null) {
                kept.add(s);
            }
        }
    }

    private static long usedHeap() throws InterruptedException {
        final Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
