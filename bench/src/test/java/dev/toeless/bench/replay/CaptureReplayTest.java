package dev.toeless.bench.replay;

import dev.toeless.bench.cli.CliRun;
import dev.toeless.nic.pcap.PcapReader;
import dev.toeless.nic.pcap.PcapRecord;
import dev.toeless.nic.pcap.PcapWriter;
import dev.toeless.nic.testing.SharedFiles;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.ParsedFrame;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Real Linux captures through the NIC's receive model into files: the sender's bytes, exactly. */
class CaptureReplayTest {
    @TempDir
    Path dir;

    static String expectedSha256(String capture) throws IOException {
        final Path sums = SharedFiles.capture(capture.replace(".pcap", ".sha256"));
        return Files.readAllLines(sums).getFirst().split("\\s+")[0];
    }

    @ParameterizedTest
    @ValueSource(strings = {"v4-plain.pcap", "v6-loss.pcap"})
    void theSharedCapturesComeBackExactly(String name) throws IOException {
        final ReplayReport report = new CaptureReplay().run(SharedFiles.capture(name), dir);
        assertThat(report.streams()).hasSize(1);
        final StreamReport s = report.streams().getFirst();
        assertThat(s.complete()).isTrue();
        assertThat(s.sha256()).isEqualTo(expectedSha256(name));
        assertThat(report.dropped()).isEmpty();
        assertThat(Path.of(s.file())).exists().hasSize(s.bytes());
        assertThat(s.pagesFlipped()).as("whole aligned pages flipped, not copied").isGreaterThan(s.bytes() / 4096 / 2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(f -> f.endsWith(".part"));
        }
    }

    @Test
    void aLossFreeCaptureFlipsAlmostEveryPage() throws IOException {
        final StreamReport s = new CaptureReplay().run(SharedFiles.capture("v4-plain.pcap"), dir).streams().getFirst();
        assertThat(s.pagesFlipped() + s.pagesCopied()).isEqualTo(s.bytes() / 4096);
        assertThat(s.pagesFlipped()).isGreaterThanOrEqualTo(s.bytes() / 4096 * 99 / 100);
    }

    /** The project's hostile-capture tool: duplicates, reordering, corrupted copies first, truncation, junk. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aHostileVariantStillYieldsTheExactBytes(int seed) throws Exception {
        for (String name : List.of("v4-plain.pcap", "v6-loss.pcap")) {
            final Path mutated = dir.resolve(seed + "-" + name);
            mutate(SharedFiles.capture(name), mutated, seed);
            final ReplayReport report = new CaptureReplay().run(mutated, dir.resolve("out-" + seed + "-" + name));
            final StreamReport s = report.streams().getFirst();
            assertThat(s.complete()).as("%s seed %d", name, seed).isTrue();
            assertThat(s.sha256()).as("%s seed %d", name, seed).isEqualTo(expectedSha256(name));
            assertThat(report.dropped()).as("bad frames are counted drops").containsKey("bad_tcp_checksum");
        }
    }

    @Test
    void aRealGapIsReportedIncompleteAndNoFileIsKept() throws IOException {
        final Path holed = dir.resolve("holed.pcap");
        final long[] removed = removeDataFrames(SharedFiles.capture("v4-plain.pcap"), holed, 100_000, 110_000);
        assertThat(removed[0]).isGreaterThan(0);
        final Path out = dir.resolve("out");
        final ReplayReport report = new CaptureReplay().run(holed, out);
        final StreamReport s = report.streams().getFirst();
        assertThat(s.complete()).isFalse();
        assertThat(s.file()).isNull();
        assertThat(s.missing()).isNotEmpty();
        assertThat(s.missing().getFirst()).startsWith("[" + removed[1] + ",");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).as("no file, not even a .part").isEmpty();
        }
        final CliRun run = CliRun.of("replay", holed.toString(), "--out", dir.resolve("cli").toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("NO").contains("missing byte ranges: [" + removed[1]);
    }

    @Test
    void theCommandPrintsOneRowPerStreamAndItsDrops() throws Exception {
        final Path mutated = dir.resolve("m.pcap");
        mutate(SharedFiles.capture("v6-loss.pcap"), mutated, 5);
        final CliRun run = CliRun.of("replay", mutated.toString(), "--out", dir.resolve("o").toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("[fd77:1::1]:", " > [fd77::2]:6000", expectedSha256("v6-loss.pcap"),
            "frames dropped, by reason:", "bad_tcp_checksum");
        final CliRun json = CliRun.of("replay", mutated.toString(), "--out", dir.resolve("j").toString(), "--json");
        assertThat(json.out()).contains("\"complete\" : true", "\"dropped\"");
    }

    @Test
    void badInputIsAClearMessageNotAStackTrace() throws IOException {
        final CliRun missing = CliRun.of("replay", dir.resolve("nope.pcap").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.pcap").contains("no such capture file").doesNotContain("Exception");
        final Path text = dir.resolve("text.pcap");
        Files.writeString(text, "not a capture at all, just text");
        final CliRun junk = CliRun.of("replay", text.toString(), "--out", dir.resolve("x").toString());
        assertThat(junk.exitCode()).isEqualTo(1);
        assertThat(junk.err()).contains("not a pcap file").doesNotContain("\tat ");
    }

    /** Runs shared/tools/mutate-pcap.py (python3), the same hostile variants the team uses by hand. */
    static void mutate(Path in, Path out, int seed) throws Exception {
        final Path tool = SharedFiles.root().resolve("tools/mutate-pcap.py");
        Process p;
        try {
            p = new ProcessBuilder("python3", tool.toString(), in.toString(), out.toString(), Integer.toString(seed))
                .redirectErrorStream(true).start();
        } catch (IOException e) {
            System.out.println("python3 is not installed: skipping the hostile-capture test");
            Assumptions.abort("python3 is not installed");
            return;
        }
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    /**
     * Copies a capture leaving out every frame whose TCP payload starts in stream bytes
     * {@code [from, to)}; returns {count removed, first missing stream offset}.
     */
    static long[] removeDataFrames(Path in, Path out, long from, long to) throws IOException {
        final FrameParser parser = new FrameParser();
        final ParsedFrame f = new ParsedFrame();
        long isn = -1;
        long removed = 0;
        long firstMissing = Long.MAX_VALUE;
        try (PcapReader r = PcapReader.open(in); PcapWriter w = PcapWriter.create(out)) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                parser.parse(new UnsafeBuffer(rec.data()), 0, rec.data().length, f);
                if (f.isOk() && f.isTcp() && (f.tcpFlags() & 0x02) != 0 && (f.tcpFlags() & 0x10) == 0) {
                    isn = f.tcpSeq();
                }
                if (f.isOk() && f.isTcp() && f.payloadLength() > 0 && isn >= 0) {
                    final long offset = (f.tcpSeq() - isn - 1) & 0xFFFF_FFFFL;
                    if (offset >= from && offset < to) {
                        removed++;
                        firstMissing = Math.min(firstMissing, offset);
                        continue;
                    }
                }
                w.write(rec.timeNs(), rec.data());
            }
        }
        return new long[]{removed, firstMissing};
    }
}
