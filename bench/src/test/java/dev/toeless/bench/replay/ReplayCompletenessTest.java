package dev.toeless.bench.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toeless.bench.cli.CliRun;
import dev.toeless.nic.testing.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Stream;

import static dev.toeless.bench.replay.ScriptedCapture.FIN;
import static dev.toeless.bench.replay.ScriptedCapture.PSH;
import static dev.toeless.bench.replay.ScriptedCapture.RST;
import static dev.toeless.bench.replay.ScriptedCapture.SYN;
import static dev.toeless.bench.replay.ScriptedCapture.UP;
import static dev.toeless.bench.replay.ScriptedCapture.UP_FILE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A passive receiver knows a stream whole only from its SYN to its FIN: replay says incomplete
 * whenever either end is unknown, and keeps each connection on a four-tuple apart.
 */
class ReplayCompletenessTest {
    private static final long ISN = 1000;

    @TempDir
    Path dir;

    private ReplayReport replay(Path capture) throws IOException {
        return new CaptureReplay().run(capture, dir.resolve("out"));
    }

    private StreamReport up(ReplayReport report) {
        return report.streams().stream().filter(s -> s.stream().equals(UP)).findFirst().orElseThrow();
    }

    private long outFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            return files.count();
        }
    }

    @Test
    void aStreamWithBothEndsIsComplete() throws IOException {
        final Path pcap = dir.resolve("whole.pcap");
        try (ScriptedCapture c = new ScriptedCapture(pcap)) {
            c.up(SYN, ISN, "").down(SYN, 5000, "").up(PSH, ISN + 1, "hello ").up(PSH, ISN + 7, "world")
                .up(FIN, ISN + 12, "");
        }
        final StreamReport s = up(replay(pcap));
        assertThat(s.complete()).as(s.notes().toString()).isTrue();
        assertThat(Files.readString(Path.of(s.file()))).isEqualTo("hello world");
    }

    @Test
    void aCaptureThatStartsMidConnectionIsIncompleteAndSaysItsStartIsUnknown() throws IOException {
        final Path pcap = dir.resolve("mid.pcap");
        try (ScriptedCapture c = new ScriptedCapture(pcap)) {
            c.up(PSH, ISN + 7, "world").up(FIN, ISN + 12, "");
        }
        final StreamReport s = up(replay(pcap));
        assertThat(s.complete()).isFalse();
        assertThat(s.file()).isNull();
        assertThat(s.notes()).anyMatch(n -> n.contains("start is unknown: no SYN captured"));
        assertThat(outFiles()).isZero();
        final CliRun run = CliRun.of("replay", pcap.toString(), "--out", dir.resolve("cli").toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("NO", "start is unknown");
    }

    @Test
    void aCaptureCutShortIsIncompleteAndSaysItsEndIsUnknown() throws IOException {
        final Path whole = SharedFiles.capture("v4-plain.pcap");
        final Path cut = dir.resolve("cut.pcap");
        final byte[] bytes = Files.readAllBytes(whole);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2)); // head -c
        final ReplayReport report = replay(cut);
        final StreamReport s = report.streams().getFirst();
        assertThat(s.complete()).isFalse();
        assertThat(s.notes()).anyMatch(n -> n.contains("end is unknown: no FIN captured"));
        assertThat(s.file()).isNull();
        assertThat(report.dropped()).containsEntry("truncated_record", 1L);
        assertThat(outFiles()).isZero();
    }

    @Test
    void aStreamEndedByAResetIsIncomplete() throws IOException {
        final Path pcap = dir.resolve("rst.pcap");
        try (ScriptedCapture c = new ScriptedCapture(pcap)) {
            c.up(SYN, ISN, "").down(SYN, 5000, "").up(PSH, ISN + 1, "hello ").up(RST, ISN + 7, "");
        }
        final StreamReport s = up(replay(pcap));
        assertThat(s.complete()).isFalse();
        assertThat(s.notes()).anyMatch(n -> n.contains("reset before this stream's FIN"));
        assertThat(outFiles()).isZero();
    }

    @Test
    void dataAfterTheReceiversResetIsNotWrittenAndIsNoted() throws IOException {
        final Path pcap = dir.resolve("rst-then-data.pcap");
        try (ScriptedCapture c = new ScriptedCapture(pcap)) {
            c.up(SYN, ISN, "").down(SYN, 5000, "").up(PSH, ISN + 1, "hello ").down(RST, 5001, "")
                .up(PSH, ISN + 7, "world").up(FIN, ISN + 12, "");
        }
        final ReplayReport report = replay(pcap);
        final StreamReport s = up(report);
        assertThat(s.complete()).isFalse();
        assertThat(s.notes()).anyMatch(n -> n.contains("5 bytes arrived after the receiver's reset, from stream offset 6"));
        assertThat(report.dropped()).containsEntry("after_reset", 1L);
    }

    @Test
    void aNewSynAfterAFinCloseOnTheSameFourTupleIsANewStreamAndFile() throws IOException {
        final Path pcap = dir.resolve("reuse.pcap");
        try (ScriptedCapture c = new ScriptedCapture(pcap)) {
            c.up(SYN, ISN, "").down(SYN, 5000, "").up(PSH, ISN + 1, "first").up(FIN, ISN + 6, "")
                .down(FIN, 5001, "");
            final long isn2 = 900_000;
            c.up(SYN, isn2, "").down(SYN, 77_000, "").up(PSH, isn2 + 1, "second!").up(FIN, isn2 + 8, "")
                .down(FIN, 77_001, "");
        }
        final ReplayReport report = replay(pcap);
        assertThat(report.streams()).hasSize(2);
        assertThat(report.streams()).allMatch(StreamReport::complete);
        assertThat(Files.readString(dir.resolve("out").resolve(UP_FILE + ".bin"))).isEqualTo("first");
        assertThat(Files.readString(dir.resolve("out").resolve(UP_FILE + "-2.bin"))).isEqualTo("second!");
    }

    @Test
    void aRecordLengthOfAllOnesIsACountedTruncatedRecord() throws IOException {
        final Path pcap = dir.resolve("ffff.pcap");
        Files.copy(SharedFiles.capture("v4-plain.pcap"), pcap);
        final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(1).putInt(0).putInt(0xFFFF_FFFF).putInt(0xFFFF_FFFF);
        Files.write(pcap, header.array(), StandardOpenOption.APPEND);
        final CliRun run = CliRun.of("replay", pcap.toString(), "--out", dir.resolve("cli").toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        final JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("dropped").get("truncated_record").asLong()).isEqualTo(1);
        assertThat(json.get("streams").get(0).get("complete").asBoolean()).isTrue();
    }

    @Test
    void anIncompleteReplayRemovesAnOlderFileOfTheSameName() throws IOException {
        final Path out = dir.resolve("out");
        final StreamReport first = new CaptureReplay().run(SharedFiles.capture("v4-plain.pcap"), out).streams().getFirst();
        assertThat(first.complete()).isTrue();
        final Path file = Path.of(first.file());
        assertThat(file).exists();
        final Path holed = dir.resolve("holed.pcap");
        CaptureReplayTest.removeDataFrames(SharedFiles.capture("v4-plain.pcap"), holed, 100_000, 110_000);
        final StreamReport again = new CaptureReplay().run(holed, out).streams().getFirst();
        assertThat(again.complete()).isFalse();
        assertThat(file).as("no older file left looking like this replay's result").doesNotExist();
        assertThat(again.notes()).anyMatch(n -> n.contains("an older file of the same name") && n.contains("removed"));
    }

    @Test
    void manyMissingRangesPrintTheFirstTwentyAndHowManyMoreJsonListsAll() throws IOException {
        final Path pcap = dir.resolve("holes.pcap");
        try (ScriptedCapture c = new ScriptedCapture(pcap)) {
            c.up(SYN, ISN, "");
            for (int i = 0; i < 60; i += 2) { // every other 10-byte segment missing: 30 holes
                c.up(PSH, ISN + 1 + 10L * (i + 1), "0123456789");
            }
            c.up(FIN, ISN + 1 + 600, "");
        }
        final CliRun run = CliRun.of("replay", pcap.toString(), "--out", dir.resolve("t").toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("missing byte ranges: [0, 10) [20, 30)", "... 10 more (--json lists them all)");
        assertThat(run.out().lines().mapToInt(String::length).max().orElse(0)).isLessThan(200);
        final CliRun json = CliRun.of("replay", pcap.toString(), "--out", dir.resolve("j").toString(), "--json");
        assertThat(new ObjectMapper().readTree(json.out()).get("streams").get(0).get("missing")).hasSize(30);
    }

    @Test
    void aRetransmissionWithOtherBytesKeepsTheFirstInOrderAndIsReportedWithWhere() throws IOException {
        final Path pcap = dir.resolve("conflict.pcap");
        try (ScriptedCapture c = new ScriptedCapture(pcap)) {
            c.up(SYN, ISN, "").up(PSH, ISN + 1, "hello world").up(PSH, ISN + 1 + 6, "WORLD").up(FIN, ISN + 12, "");
        }
        final StreamReport s = up(replay(pcap));
        assertThat(s.complete()).isTrue();
        assertThat(Files.readString(Path.of(s.file()))).isEqualTo("hello world");
        assertThat(s.conflicts()).containsExactly("[6, 11)");
        assertThat(s.notes()).anyMatch(n -> n.contains("5 byte(s) were captured again with different content"));
        final CliRun run = CliRun.of("replay", pcap.toString(), "--out", dir.resolve("cli").toString());
        assertThat(run.out()).contains("byte ranges captured again with other content: [6, 11)");
    }

    /** Out of order, as Linux: the segment that starts first keeps the bytes two segments share. */
    @Test
    void outOfOrderOverlapsKeepTheBytesOfTheSegmentThatStartsFirst() throws IOException {
        final Path pcap = dir.resolve("ofo.pcap");
        try (ScriptedCapture c = new ScriptedCapture(pcap)) {
            c.up(SYN, ISN, "").up(PSH, ISN + 1 + 10, "BBBBBBBBBB").up(PSH, ISN + 1 + 5, "aaaaaaaaaa")
                .up(PSH, ISN + 1, "00000").up(FIN, ISN + 21, "");
        }
        final StreamReport s = up(replay(pcap));
        assertThat(s.complete()).as(s.notes().toString()).isTrue();
        assertThat(Files.readString(Path.of(s.file()))).isEqualTo("00000aaaaaaaaaaBBBBB");
        assertThat(s.conflicts()).containsExactly("[10, 15)");
    }
}
