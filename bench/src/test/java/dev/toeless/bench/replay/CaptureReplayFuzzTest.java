package dev.toeless.bench.replay;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.toeless.nic.pcap.PcapReader;
import dev.toeless.nic.pcap.PcapWriter;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.Ipv4Address;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TcpOptions;
import dev.toeless.nic.wire.TcpRepr;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the replay reassembler ({@link CaptureReplay}): the fuzzer writes a
 * capture of up to 48 frames for three connections (two IPv4 directions, one IPv6): valid TCP
 * frames with any flags, sequence numbers and lengths around each stream (data before the SYN,
 * overlaps, gaps, repeats), some with one bit flipped, cut short or padded, and raw frames of any
 * bytes. Valid frames carry the honest byte of their stream for every sequence number; a raw
 * frame that happens to parse as an intact segment of one of the three streams is left out (that
 * would be a forged stream, which no checksum can refuse). Invariants: no exception (the replay's
 * own page-leak check included), and every file kept is a run of consecutive honest bytes of its
 * stream. {@code ./toeless fuzz replay} mutates for real.
 */
class CaptureReplayFuzzTest {
    private static final int MAX_FRAMES = 48;
    private static final int MEMORY_PAGES = 128;
    /** At least {@link #MAX_FRAMES}: no capture has more flows than frames, so the cache never evicts. */
    private static final int FLOW_CACHE_ENTRIES = 64;
    private static final long MAC_A = 0x02_00_00_00_00_0AL;
    private static final long MAC_B = 0x02_00_00_00_00_0BL;
    private static final int IP_A = Ipv4Address.parse("10.9.0.1");
    private static final int IP_B = Ipv4Address.parse("10.9.0.2");
    private static final Ipv6Address IP6_A = Ipv6Address.parse("fd00::a");
    private static final Ipv6Address IP6_B = Ipv6Address.parse("fd00::b");

    /** The three streams: forward IPv4, its reverse direction, and an IPv6 one. */
    private static final Flow[] FLOWS = {
        new Flow(0, false, 40_001, 6000), new Flow(1, false, 6000, 40_001), new Flow(2, true, 40_002, 443)};

    private record Flow(int id, boolean ipv6, int srcPort, int dstPort) {
        String label() {
            if (ipv6) {
                return "[" + (id == 1 ? IP6_B : IP6_A) + "]:" + srcPort + " > [" + (id == 1 ? IP6_A : IP6_B) + "]:" + dstPort;
            }
            return Ipv4Address.toString(id == 1 ? IP_B : IP_A) + ":" + srcPort + " > "
                + Ipv4Address.toString(id == 1 ? IP_A : IP_B) + ":" + dstPort;
        }

        boolean matches(ParsedFrame f) {
            final boolean sameAddresses = ipv6 ? f.isIpv6() && f.srcLow() == IP6_A.low() && f.dstLow() == IP6_B.low()
                : !f.isIpv6() && f.srcV4() == (id == 1 ? IP_B : IP_A) && f.dstV4() == (id == 1 ? IP_A : IP_B);
            return sameAddresses && f.srcPort() == srcPort && f.dstPort() == dstPort;
        }
    }

    /**
     * One scratch folder for the whole run, in an in-memory file system: each input's files go
     * there (its capture stays in memory), through the same sink, part files, renames and read-back
     * as on a disk, without a system call per file operation.
     */
    private static FileSystem fs;
    private static Path out;

    private final FrameParser parser = new FrameParser(true);
    private final ParsedFrame parsed = new ParsedFrame();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);

    @BeforeAll
    static void scratchFolder() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        out = Files.createDirectories(fs.getPath("/replay-fuzz/out"));
    }

    @AfterAll
    static void removeScratchFolder() throws IOException {
        fs.close();
    }

    @FuzzTest(maxDuration = "30s")
    void capturedFrames(FuzzedDataProvider in) throws IOException {
        final int[] isn = {in.consumeInt(), in.consumeInt(), in.consumeInt()};
        final List<List<Integer>> dataOffsets = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        final ByteArrayOutputStream capture = new ByteArrayOutputStream();
        try (PcapWriter pcap = new PcapWriter(capture, 4096)) {
            for (int i = 0; i < MAX_FRAMES && in.remainingBytes() > 0; i++) {
                final byte[] bytes = in.consumeInt(0, 7) == 7 ? raw(in) : valid(in, isn, dataOffsets);
                if (bytes != null) {
                    pcap.write(1_000L * i, bytes);
                }
            }
        }
        try (PcapReader reader = new PcapReader(new ByteArrayInputStream(capture.toByteArray()))) {
            final ReplayReport report = new CaptureReplay(MEMORY_PAGES, FLOW_CACHE_ENTRIES).run("capture", reader, out);
            for (StreamReport s : report.streams()) {
                if (s.file() != null) {
                    final Flow flow = Arrays.stream(FLOWS).filter(f -> s.stream().startsWith(f.label())).findFirst()
                        .orElseThrow(() -> new AssertionError("a stream nobody sent: " + s.stream()));
                    final byte[] kept = Files.readAllBytes(fs.getPath(s.file()));
                    assertThat((long) kept.length).as("file length of %s", s.stream()).isEqualTo(s.bytes());
                    assertThat(honestRun(flow, kept, dataOffsets.get(flow.id())))
                        .as("%s holds consecutive honest bytes", s.stream()).isTrue();
                }
            }
        } finally {
            emptyOut();
        }
    }

    /** A valid segment of one stream, possibly damaged on the way. */
    private byte[] valid(FuzzedDataProvider in, int[] isn, List<List<Integer>> dataOffsets) {
        final Flow flow = FLOWS[in.consumeInt(0, FLOWS.length - 1)];
        final int flags = in.consumeInt(0, 0x3F);
        final boolean syn = (flags & 0x02) != 0;
        final int offset = syn ? 0 : in.consumeInt(-2000, 70_000);
        final int length = in.consumeInt(0, 1400);
        final int seq = syn ? isn[flow.id()] : isn[flow.id()] + 1 + offset;
        final TcpRepr tcp = new TcpRepr(flow.srcPort(), flow.dstPort(), seq, in.consumeInt(), flags,
            in.consumeInt(0, 0xFFFF), 0, TcpOptions.NONE);
        final byte[] payload = honest(flow, offset, length);
        final int n = flow.ipv6()
            ? Frames.tcpV6(frame, 0, MAC_B, MAC_A, -1, flow.id() == 1 ? IP6_B : IP6_A, flow.id() == 1 ? IP6_A : IP6_B,
                tcp, payload)
            : Frames.tcpV4(frame, 0, flow.id() == 1 ? MAC_A : MAC_B, flow.id() == 1 ? MAC_B : MAC_A, -1,
                flow.id() == 1 ? IP_B : IP_A, flow.id() == 1 ? IP_A : IP_B, tcp, payload);
        if (length > 0 || (flags & 0x01) != 0) {
            dataOffsets.get(flow.id()).add(offset); // data, or a FIN, can be where a stream without SYN starts
        }
        final byte[] bytes = new byte[n];
        frame.getBytes(0, bytes);
        return switch (in.consumeInt(0, 5)) {
            case 0 -> { // one bit flipped: any single flip fails a checksum or misroutes the frame
                final int bit = in.consumeInt(0, n * 8 - 1);
                bytes[bit >>> 3] ^= (byte) (1 << (bit & 7));
                yield bytes;
            }
            case 1 -> Arrays.copyOf(bytes, in.consumeInt(0, n));
            case 2 -> Arrays.copyOf(bytes, n + in.consumeInt(1, 64));
            default -> bytes;
        };
    }

    /** Any bytes as a frame, unless they make an intact segment of one of the streams. */
    private byte[] raw(FuzzedDataProvider in) {
        final byte[] bytes = in.consumeBytes(in.consumeInt(0, 1600));
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        if (parser.parse(b, 0, bytes.length, parsed) == dev.toeless.nic.wire.ParseStatus.OK && parsed.isTcp()
            && parsed.transportChecksumOk()) {
            for (Flow f : FLOWS) {
                if (f.matches(parsed)) {
                    return null;
                }
            }
        }
        return bytes;
    }

    /** The stream's honest bytes at offsets {@code [from, from+n)} (offset 0 is ISN + 1). */
    private static byte[] honest(Flow flow, int from, int n) {
        final byte[] b = new byte[n];
        if (from >= HonestStreams.FIRST && from + n <= HonestStreams.END) {
            System.arraycopy(HonestStreams.BYTES[flow.id()], from - HonestStreams.FIRST, b, 0, n);
            return b;
        }
        for (int i = 0; i < n; i++) {
            b[i] = honestByte(flow.id(), from + i);
        }
        return b;
    }

    private static byte honestByte(int flowId, int x) {
        return (byte) (x ^ x >>> 8 ^ x >>> 16 ^ (flowId + 1) * 0x3B);
    }

    /**
     * Each stream's honest bytes over every offset a frame can carry, computed once: the fuzzer
     * instruments every comparison in test code, so a loop per payload byte is slow.
     */
    private static final class HonestStreams {
        static final int FIRST = -4096;
        static final int END = 80_000;
        static final byte[][] BYTES = new byte[FLOWS.length][END - FIRST];

        static {
            for (int id = 0; id < FLOWS.length; id++) {
                for (int x = FIRST; x < END; x++) {
                    BYTES[id][x - FIRST] = honestByte(id, x);
                }
            }
        }
    }

    /** The kept bytes are the honest ones from the stream's start or from where some data or FIN frame began. */
    private static boolean honestRun(Flow flow, byte[] kept, List<Integer> starts) {
        final List<Integer> bases = new ArrayList<>(starts);
        bases.add(0);
        for (int base : bases) {
            if (Arrays.equals(kept, honest(flow, base, kept.length))) {
                return true;
            }
        }
        return false;
    }

    /** Removes the files the input's replay kept, so the next input starts with an empty output folder. */
    private static void emptyOut() throws IOException {
        try (DirectoryStream<Path> kept = Files.newDirectoryStream(out)) {
            for (Path p : kept) {
                Files.delete(p);
            }
        }
    }
}
