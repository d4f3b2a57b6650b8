package dev.toeless.nic.wire;

import dev.toeless.nic.pcap.PcapWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wireshark is the independent judge of our emitters: a capture of generated TCP frames (IPv4
 * and IPv6, tagged and not, every option kind, with and without payload) must dissect with zero
 * malformed frames and zero bad IP or TCP checksums. Skipped, with the reason printed, when
 * tshark is not installed (CI installs it).
 */
class TsharkAcceptsOurFramesTest {
    private static final long SEED = 20261123L;
    private static final int FRAMES_PER_FAMILY = 40;

    @TempDir
    Path dir;

    @Test
    void generatedTcpFramesHaveNoMalformedFramesAndNoBadChecksums() throws Exception {
        final String tshark = findTshark();
        if (tshark == null) {
            System.out.println("SKIPPED TsharkAcceptsOurFramesTest: tshark not found on PATH (apt-get install tshark)");
        }
        Assumptions.assumeTrue(tshark != null, "tshark not found on PATH (apt-get install tshark)");

        final Path capture = dir.resolve("generated-tcp.pcap");
        final int written = writeCapture(capture);
        final List<String> lines = run(tshark, "-r", capture.toString(), "-n",
            "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
            "-T", "fields", "-E", "separator=|", "-E", "occurrence=a",
            "-e", "frame.number", "-e", "ip.checksum.status", "-e", "tcp.checksum.status", "-e", "_ws.malformed",
            "-e", "_ws.expert.message");
        assertThat(lines).hasSize(written);
        int v4 = 0;
        for (String line : lines) {
            final String[] f = line.split("\\|", -1);
            assertThat(f).as(line).hasSize(5);
            if (!f[1].isEmpty()) {
                assertThat(f[1]).as("IP header checksum status (1 = good) in: %s", line).isEqualTo("1");
                v4++;
            }
            assertThat(f[2]).as("TCP checksum status (1 = good) in: %s", line).isEqualTo("1");
            assertThat(f[3]).as("malformed marker in: %s", line).isEmpty();
            assertThat(f[4].toLowerCase()).as("expert info in: %s", line).doesNotContain("malformed").doesNotContain("bad checksum");
        }
        assertThat(v4).isEqualTo(FRAMES_PER_FAMILY);
    }

    private static int writeCapture(Path file) throws IOException {
        final SplittableRandom random = new SplittableRandom(SEED);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[2048]);
        final long macA = MacAddress.parse("02:00:00:00:00:0a");
        final long macB = MacAddress.parse("02:00:00:00:00:0b");
        int frames = 0;
        try (PcapWriter pcap = PcapWriter.create(file)) {
            for (int i = 0; i < 2 * FRAMES_PER_FAMILY; i++) {
                final boolean v6 = i >= FRAMES_PER_FAMILY;
                final TcpRepr tcp = new TcpRepr(40000 + (i & 3), 6000, 1000L + 1448L * i, 77, flagsFor(i), 502, 0,
                    optionsFor(i, random));
                final byte[] payload = new byte[i % 3 == 0 ? random.nextInt(1, 1400) : 0];
                random.nextBytes(payload);
                final int vlan = i % 5 == 0 ? 0x0064 : EthernetRepr.NO_VLAN;
                final int length = v6
                    ? Frames.tcpV6(b, 0, macB, macA, vlan, Ipv6Address.parse("fd00::a"), Ipv6Address.parse("fd00::b"), tcp, payload)
                    : Frames.tcpV4(b, 0, macB, macA, vlan, Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"), tcp, payload);
                pcap.write(1_000_000L * i, b, 0, length);
                frames++;
            }
        }
        return frames;
    }

    private static int flagsFor(int i) {
        return switch (i % FRAMES_PER_FAMILY) {
            case 0 -> TcpHeader.SYN;
            case 1 -> TcpHeader.SYN | TcpHeader.ACK;
            default -> TcpHeader.ACK | (i % 4 == 0 ? TcpHeader.PSH : 0);
        };
    }

    private static TcpOptions optionsFor(int i, SplittableRandom random) {
        final long tsVal = random.nextLong(1, 0xFFFF_FFFFL);
        return switch (i % 5) {
            case 0 -> new TcpOptions(1460, 7, true, true, tsVal, 0, List.of());
            case 1 -> new TcpOptions(TcpOptionsView.NONE, TcpOptionsView.NONE, false, true, tsVal, tsVal - 3, List.of());
            case 2 -> new TcpOptions(TcpOptionsView.NONE, TcpOptionsView.NONE, false, true, tsVal, tsVal - 9,
                List.of(new TcpOptions.SackBlock(5000, 6448), new TcpOptions.SackBlock(9000, 10448)));
            case 3 -> new TcpOptions(TcpOptionsView.NONE, TcpOptionsView.NONE, false, false, 0, 0,
                List.of(new TcpOptions.SackBlock(1, 2), new TcpOptions.SackBlock(3, 4), new TcpOptions.SackBlock(5, 6),
                    new TcpOptions.SackBlock(7, 8)));
            default -> TcpOptions.NONE;
        };
    }

    private static String findTshark() {
        final String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            final Path p = Path.of(d, "tshark");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final List<String> lines = new ArrayList<>();
        try (var reader = p.inputReader(StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("tshark finished").isTrue();
        assertThat(p.exitValue()).as("tshark exit code").isZero();
        return lines;
    }
}
