package dev.toeless.bench.jmh;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.tcp.FragmentConsumer;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.TcpConnection;
import dev.toeless.stack.tcp.TcpFlags;
import dev.toeless.stack.tcp.TcpSegment;
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

/**
 * The host's cost per segment on the TCP engine's fast path (header prediction), for one
 * established {@link TcpConnection} with timestamps, SACK and window scaling negotiated:
 * <ul>
 *   <li>{@link #inOrderDataSegment}: one in-order 1448-byte data segment handed to
 *       {@code onSegment} and read by the application (the page reference goes in with the
 *       segment and comes back through the reader), an ACK emitted every second segment;</li>
 *   <li>{@link #sendSegmentAndPureAck}: the sending side: one 1448-byte page fragment queued with
 *       {@code send} (the segment goes out to a sink) and the pure ACK for it processed. The pure
 *       ACK alone costs less than this.</li>
 * </ul>
 * Segments are built in place in one reusable {@link TcpSegment}; emitted segments go to a sink
 * that only counts them. No NIC, IP or checksum work is included.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// C2 keeps compiling these paths for up to about 25 s: 3 x 1 s of warm-up measured them mid-compilation
@Warmup(iterations = 15, time = 2)
public class TcpFastPathBenchmark extends StandardRun {
    private static final int ISS = 1_000;
    private static final int PEER_ISS = 5_000_000;
    private static final int SEGMENT_BYTES = 1448;
    private static final int WINDOW_FIELD = 65_535;

    private HostMemory memory;
    private TcpConnection receiver;
    private TcpConnection sender;
    private final TcpSegment in = new TcpSegment();
    private int page;
    private long nowNs;
    private int peerSeq;
    private int tsVal;
    private int lastTsVal;
    private long emitted;
    private FragmentConsumer release;

    @Setup(Level.Trial)
    public void establish() {
        memory = new HostMemory(64);
        page = memory.allocate();
        release = (pfn, offset, length) -> memory.release(pfn);
        final TcpConfig config = TcpConfig.builder().receiveBufferBytes(1 << 20).sendBufferBytes(1 << 20).build();
        receiver = open(config);
        sender = open(config);
        peerSeq = PEER_ISS + 1;
    }

    private TcpConnection open(TcpConfig config) {
        final TcpConnection c = new TcpConnection(config, memory, seg -> {
            emitted++;
            if (seg.hasTimestamps()) {
                lastTsVal = seg.tsVal();
            }
        });
        c.connect(nowNs, ISS);
        nowNs += 1_000_000;
        in.clear().header(PEER_ISS, ISS + 1, TcpFlags.SYN | TcpFlags.ACK, WINDOW_FIELD).mssOption(1460)
            .windowScaleOption(7).sackPermitted(true).timestamps(++tsVal, lastTsVal);
        c.onSegment(nowNs, in);
        if (c.state() != TcpState.ESTABLISHED) {
            throw new IllegalStateException("handshake did not complete: " + c);
        }
        return c;
    }

    @Benchmark
    public long inOrderDataSegment() {
        nowNs += 1_000;
        memory.retain(page);
        in.clear().header(peerSeq, ISS + 1, TcpFlags.ACK, WINDOW_FIELD).timestamps(++tsVal, lastTsVal)
            .addFragment(page, 0, SEGMENT_BYTES);
        receiver.onSegment(nowNs, in);
        peerSeq += SEGMENT_BYTES;
        return receiver.read(nowNs, release, Long.MAX_VALUE);
    }

    @Benchmark
    public long sendSegmentAndPureAck() {
        nowNs += 1_000;
        memory.retain(page);
        sender.send(nowNs, page, 0, SEGMENT_BYTES);
        in.clear().header(PEER_ISS + 1, sender.sndNxt(), TcpFlags.ACK, WINDOW_FIELD).timestamps(++tsVal, lastTsVal);
        sender.onSegment(nowNs, in);
        return emitted;
    }

    @TearDown(Level.Trial)
    public void check() {
        if (receiver.counters().fastPathData() == 0 && sender.counters().fastPathAcks() == 0) {
            throw new IllegalStateException("fast path not taken: " + receiver.counters() + " / " + sender.counters());
        }
        System.out.println("\nreceiver " + receiver.counters() + "\nsender " + sender.counters());
    }
}
