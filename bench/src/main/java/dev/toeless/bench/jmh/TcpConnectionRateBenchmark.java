package dev.toeless.bench.jmh;

import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.TcpState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Whole connections per second of wall time, in virtual time: two {@link Host}s on a 10 Gb/s
 * link with 10 us of propagation delay; one operation is a client connecting, the server
 * accepting, a 100-byte request and a 100-byte response through copying writes and reads, the
 * client closing first and the server closing on end of stream, then virtual time moving past
 * the client's TIME_WAIT (MSL 1 ms) so the table does not grow. Every frame crosses both hosts'
 * NIC, IP and TCP layers and the link.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// C2 keeps compiling the whole host path for about 25 s: 3 x 1 s of warm-up measured it mid-compilation
@Warmup(iterations = 15, time = 2)
public class TcpConnectionRateBenchmark extends StandardRun {
    private static final int PORT = 80;
    private static final long MSL_NS = 1_000_000L;

    private EventScheduler scheduler;
    private Host client;
    private TcpListener listener;
    private final byte[] request = new byte[100];
    private final byte[] response = new byte[100];
    private final byte[] buffer = new byte[4096];
    private long connections;

    @Setup(Level.Trial)
    public void hosts() {
        final TcpConfig tcp = TcpConfig.builder().mslNs(MSL_NS).build();
        final Testbed bed = Testbed.builder(1).names("client", "server").hosts(c -> c.withTcp(tcp)).build();
        scheduler = bed.scheduler();
        client = bed.a();
        listener = bed.b().tcp().listenV4(PORT, 1024);
    }

    @Benchmark
    public long handshakeRequestResponseClose() {
        final TcpSocket c = client.tcp().connectV4(Testbed.IP_B, PORT);
        final TcpSocket[] accepted = new TcpSocket[1];
        run(() -> (accepted[0] = listener.accept()) != null);
        final TcpSocket s = accepted[0];
        c.write(request, 0, request.length);
        run(() -> s.readableBytes() >= request.length);
        s.read(buffer, 0, buffer.length);
        s.write(response, 0, response.length);
        run(() -> c.readableBytes() >= response.length);
        c.read(buffer, 0, buffer.length);
        c.close();
        run(s::isEndOfStream);
        s.close();
        run(() -> s.state() == TcpState.CLOSED && c.state() == TcpState.TIME_WAIT);
        scheduler.runUntil(scheduler.nowNs() + 2 * MSL_NS + 1);
        return ++connections;
    }

    private void run(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (!scheduler.runNext()) {
                throw new IllegalStateException("stalled after " + connections + " connections");
            }
        }
    }

    @TearDown(Level.Trial)
    public void check() {
        if (client.tcp().connectionCount() > 2) {
            throw new IllegalStateException("connections piling up: " + client.tcp().connectionCount());
        }
        System.out.printf("%n%,d connections, %.3f s virtual%n", connections, scheduler.nowNs() / 1e9);
    }
}
