package dev.toeless.bench.jmh;

import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.tso.SuperSegment;
import dev.toeless.tso.TsoEngine;
import dev.toeless.tso.TsoResult;
import dev.toeless.nic.wire.EthernetRepr;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpRepr;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * TSO of a 64 KiB super-segment (45 x 1448 payload bytes in 16 page fragments, IPv4) into wire
 * frames with IP and TCP checksums, against a plain copy of the same payload bytes out of the same
 * pages into a device buffer, measured in the same run. Both in ops/us; the ratio tso/copy is the
 * figure (goal at least 0.8).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TsoBenchmark extends StandardRun {
    private static final int MSS = 1448;
    private static final int PAYLOAD = 45 * MSS;

    private HostMemory memory;
    private DmaEngine dma;
    private TsoEngine tso;
    private final SuperSegment superSegment = new SuperSegment();
    private UnsafeBuffer header;
    private UnsafeBuffer device;
    private long wireBytes;

    @Setup(Level.Trial)
    public void setUp() {
        memory = new HostMemory(64);
        dma = new DmaEngine(memory);
        tso = new TsoEngine(dma, 1518);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        final int length = Frames.tcpV4(frame, 0, 2, 1, EthernetRepr.NO_VLAN, 0x0A000001, 0x0A000002,
            new TcpRepr(40_000, 80, 1, 1, TcpHeader.ACK | TcpHeader.PSH, 65535, 0, null), new byte[0]);
        header = new UnsafeBuffer(new byte[54]);
        header.putBytes(0, frame, 0, 54);
        superSegment.set(14, 34, 54, false, MSS);
        final byte[] bytes = new byte[PAYLOAD];
        new SplittableRandom(1).nextBytes(bytes);
        final UnsafeBuffer src = new UnsafeBuffer(bytes);
        int done = 0;
        while (done < PAYLOAD) {
            final int pfn = memory.allocate();
            final int take = Math.min(HostMemory.PAGE_SIZE, PAYLOAD - done);
            dma.toHost(src, done, take, HostMemory.address(pfn, 0));
            superSegment.payload().add(pfn, 0, take);
            done += take;
        }
        device = new UnsafeBuffer(BufferUtil.allocateDirectAligned(PAYLOAD, 64));
        if (length < 54) {
            throw new IllegalStateException("header template");
        }
    }

    @Benchmark
    public long tso() {
        wireBytes = 0;
        final TsoResult r = tso.segment(header, superSegment, (f, off, len) -> wireBytes += len);
        return r == TsoResult.OK ? wireBytes : -1;
    }

    @Benchmark
    public UnsafeBuffer copy() {
        int at = 0;
        for (int i = 0; i < superSegment.payload().count(); i++) {
            final int len = superSegment.payload().length(i);
            dma.fromHost(superSegment.payload().address(i), len, device, at);
            at += len;
        }
        return device;
    }
}
