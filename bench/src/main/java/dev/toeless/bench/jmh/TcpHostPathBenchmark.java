package dev.toeless.bench.jmh;

import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.FragmentConsumer;
import dev.toeless.stack.tcp.TcpConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One in-order 1448-byte segment through two whole {@link Host}s on a link with no delay: the
 * sender queues a page fragment (sendfile-like, no copy), its stack builds the segment, the NIC
 * model sends the frame, the receiving NIC DMAs it into a page and checks its checksums, IP and
 * the TCP fast path take it, and the application is handed the page (and releases it); every
 * second segment an ACK goes back the same way. Virtual time stands still (the link has no
 * delay), so timers stay pending as in a dense stream. The figure is both hosts' cost per
 * segment, the link's event handling included: an upper bound for one host's receive cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// C2 keeps compiling the whole host path for about 25 s: 3 x 1 s of warm-up measured it mid-compilation
@Warmup(iterations = 15, time = 2)
public class TcpHostPathBenchmark extends StandardRun {
    private static final int SEGMENT_BYTES = 1448;

    private EventScheduler scheduler;
    private Host a;
    private Host b;
    private TcpSocket sender;
    private TcpSocket receiver;
    private int page;
    private FragmentConsumer release;
    private long segments;

    @Setup(Level.Trial)
    public void connect() {
        final TcpConfig tcp = TcpConfig.builder().build();
        final Testbed bed = Testbed.builder(1).ipv4Only().link(LinkConfig.ethernet(LinkConfig.UNLIMITED_RATE))
            .hosts(c -> c.withTcp(tcp)).build();
        scheduler = bed.scheduler();
        a = bed.a();
        b = bed.b();
        final TcpListener listener = b.tcp().listenV4(5001, 4);
        sender = a.tcp().connectV4(Testbed.IP_B, 5001);
        scheduler.runAll(Long.MAX_VALUE);
        receiver = listener.accept();
        if (receiver == null) {
            throw new IllegalStateException("not connected: " + sender);
        }
        page = a.memory().allocate();
        final HostMemory rxMemory = b.memory();
        release = (pfn, offset, length) -> rxMemory.release(pfn);
    }

    @Benchmark
    public long oneSegmentThroughBothHosts() {
        a.memory().retain(page);
        if (!sender.send(page, 0, SEGMENT_BYTES)) {
            a.memory().release(page);
        }
        // the link has no delay: the frame, its delivery and any ACK all happen now; timers
        // (delayed ACK, RTO) stay pending as they would in a stream of segments
        scheduler.runUntil(scheduler.nowNs());
        segments++;
        return receiver.read(release, Long.MAX_VALUE);
    }

    @TearDown(Level.Trial)
    public void check() {
        System.out.println("\nsender " + sender.connection().counters() + "\nreceiver "
            + receiver.connection().counters());
    }
}
