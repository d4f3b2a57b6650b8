package dev.toeless.bench.jmh;

import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.Ipv4Address;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpOptions;
import dev.toeless.nic.wire.TcpRepr;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of parsing one full-sized TCP data frame, L2 to L4 with options (what the NIC's RX
 * pipeline, replay and the host stack pay per frame), in nanoseconds, for IPv4 and IPv6.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FrameParserBenchmark extends StandardRun {
    private final FrameParser parser = new FrameParser();
    private final ParsedFrame frame = new ParsedFrame();
    private UnsafeBuffer v4;
    private UnsafeBuffer v6;
    private int v4Length;
    private int v6Length;

    @Setup
    public void setUp() {
        final TcpOptions options = new TcpOptions(-1, -1, false, true, 123456, 654321,
            List.of(new TcpOptions.SackBlock(1000, 2448)));
        final TcpRepr tcp = new TcpRepr(40000, 6000, 1, 1, TcpHeader.ACK, 502, 0, options);
        v4 = new UnsafeBuffer(new byte[1600]);
        v6 = new UnsafeBuffer(new byte[1600]);
        v4Length = Frames.tcpV4(v4, 0, 0x0200_0000_000BL, 0x0200_0000_000AL, -1, Ipv4Address.parse("10.0.0.1"),
            Ipv4Address.parse("10.0.0.2"), tcp, new byte[1448 - options.bufferLength()]);
        v6Length = Frames.tcpV6(v6, 0, 0x0200_0000_000BL, 0x0200_0000_000AL, -1, Ipv6Address.parse("fd00::1"),
            Ipv6Address.parse("fd00::2"), tcp, new byte[1428 - options.bufferLength()]);
    }

    @Benchmark
    public ParseStatus parseIpv4Tcp() {
        return parser.parse(v4, 0, v4Length, frame);
    }

    @Benchmark
    public ParseStatus parseIpv6Tcp() {
        return parser.parse(v6, 0, v6Length, frame);
    }

    @Benchmark
    public boolean parseIpv4TcpAndVerifyChecksum() {
        parser.parse(v4, 0, v4Length, frame);
        return frame.transportChecksumOk();
    }
}
