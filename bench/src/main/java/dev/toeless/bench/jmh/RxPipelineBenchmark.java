package dev.toeless.bench.jmh;

import dev.toeless.accum.AccumConfig;
import dev.toeless.accum.AccumulatingPlacement;
import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.device.Nic;
import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.device.NicQueue;
import dev.toeless.nic.feature.Offload;
import dev.toeless.nic.feature.OffloadFeatures;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.ring.DescriptorRing;
import dev.toeless.nic.ring.RxCompletionDescriptor;
import dev.toeless.nic.ring.RxHeaderBufferDescriptor;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.wire.EthernetRepr;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpRepr;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The NIC's receive pipeline per 1514-byte frame of one in-order TCP flow, with every offload on:
 * parse, IPv4 and TCP checksum verification, RSS (Toeplitz + indirection table), header split into
 * a posted header buffer, and page accumulation. Each invocation receives {@value #BATCH} frames and
 * then does the minimum a driver must (consume completions, release fragment references, repost
 * header buffers and pages), which is included in the figure. Throughput in ops/us = Mpps; the
 * goal is at least 5.
 *
 * <p>The frame's sequence number advances per frame and its TCP checksum is patched incrementally
 * (RFC 1624), so the accumulator sees a real in-order stream.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RxPipelineBenchmark extends StandardRun {
    static final int BATCH = 32;
    private static final int PAYLOAD = 1460;
    private static final int SEQ_AT = 14 + 20 + 4;
    private static final int CSUM_AT = 14 + 20 + 16;

    /**
     * Payload placement: receive page accumulation, the same with hardware GRO (rx-gro-hw: one
     * completion and one header DMA for several segments), or packed pages (page-accum off).
     */
    @Param({"accum", "accum+gro-hw", "packed"})
    public String placement;

    private HostMemory memory;
    private PagePool pool;
    private Nic nic;
    private NicQueue queue;
    private UnsafeBuffer frame;
    private int frameLength;
    private int headerPage;
    private int seq = 1;
    private final RxCompletionDescriptor completion = new RxCompletionDescriptor();
    private final RxHeaderBufferDescriptor header = new RxHeaderBufferDescriptor();

    @Setup(Level.Trial)
    public void setUp() {
        memory = new HostMemory(4096);
        pool = new PagePool(memory, "rx", 2048);
        nic = new Nic("bench", memory, new EventScheduler(), NicConfig.defaults().withRings(256, 64)
            .withFeatures(OffloadFeatures.all().with(Offload.PAGE_ACCUM, placement.startsWith("accum"))
                .with(Offload.RX_GRO_HW, placement.equals("accum+gro-hw")))
            .withAccumPlacement(AccumulatingPlacement.factory(AccumConfig.defaults().withFlushTimeoutNs(Long.MAX_VALUE))));
        queue = nic.queue(0);
        headerPage = memory.allocate();
        frame = new UnsafeBuffer(new byte[2048]);
        frameLength = Frames.tcpV4(frame, 0, 2, 1, EthernetRepr.NO_VLAN, 0x0A000001, 0x0A000002,
            new TcpRepr(40_000, 80, seq, 1, TcpHeader.ACK, 65535, 0, null), new byte[PAYLOAD]);
        refill();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        drain();
        nic.close();
        memory.release(headerPage);
        pool.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int receive() {
        for (int i = 0; i < BATCH; i++) {
            nextSeq();
            nic.onFrame(0, frame, 0, frameLength);
        }
        final int n = drain();
        refill();
        return n;
    }

    private void nextSeq() {
        final int old = frame.getInt(SEQ_AT, ByteOrder.BIG_ENDIAN);
        final int next = old + PAYLOAD;
        frame.putInt(SEQ_AT, next, ByteOrder.BIG_ENDIAN);
        final int csum = frame.getShort(CSUM_AT, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        frame.putShort(CSUM_AT, (short) InternetChecksum.update32(csum, old, next), ByteOrder.BIG_ENDIAN);
    }

    private int drain() {
        final DescriptorRing ring = queue.completionRing();
        int n = 0;
        for (int at = ring.peek(); at != DescriptorRing.EMPTY; at = ring.peek()) {
            completion.wrap(ring.buffer(), at);
            for (int i = 0; i < completion.fragCount(); i++) {
                memory.release(completion.fragPfn(i));
            }
            ring.consume();
            n++;
        }
        return n;
    }

    private void refill() {
        final DescriptorRing headers = queue.headerRing();
        while (headers.freeSlots() > 0) {
            final int id = (int) (headers.tail() & 15);
            header.wrap(headers.buffer(), headers.produce()).address(HostMemory.address(headerPage, id * 256))
                .lengthBytes(256).bufferId(id);
        }
        queue.pageRing().fill(pool);
        nic.rxDoorbell(0);
    }
}
