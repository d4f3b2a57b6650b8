package dev.toeless.bench.jmh;

import dev.toeless.nic.pcap.PcapReader;
import dev.toeless.nic.pcap.PcapRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A capture read through the mapping gives the records the buffered stream gives, across chunk edges. */
class MappedCaptureInputTest {
    @Test
    void recordsCrossingChunkEdgesReadAsFromTheStream(@TempDir Path dir) throws IOException {
        final Path capture = dir.resolve("c.pcap");
        CaptureReadBenchmark.write(capture, 1L << 20);
        try (PcapReader stream = PcapReader.open(capture);
             PcapReader mapped = new PcapReader(MappedCaptureInput.open(capture, 64 << 10))) {
            int records = 0;
            for (PcapRecord s = stream.next(); s != null; s = stream.next()) {
                final PcapRecord m = mapped.next();
                assertThat(m).as("record %d", records).isNotNull();
                assertThat(m.timeNs()).isEqualTo(s.timeNs());
                assertThat(m.data()).as("record %d", records).isEqualTo(s.data());
                records++;
            }
            assertThat(mapped.next()).isNull();
            assertThat(records).isGreaterThan(600);
            assertThat(mapped.truncatedRecords()).isEqualTo(stream.truncatedRecords());
        }
    }

    @Test
    void aCaptureCutMidRecordEndsAsTheStreamDoes(@TempDir Path dir) throws IOException {
        final Path capture = dir.resolve("cut.pcap");
        CaptureReadBenchmark.write(capture, 100_000);
        final byte[] all = Files.readAllBytes(capture);
        Files.write(capture, java.util.Arrays.copyOf(all, all.length - 700));
        try (PcapReader mapped = new PcapReader(MappedCaptureInput.open(capture, 64 << 10))) {
            int records = 0;
            while (mapped.next() != null) {
                records++;
            }
            assertThat(records).isEqualTo((all.length - 24) / (16 + CaptureReadBenchmark.FRAME) - 1);
            assertThat(mapped.truncatedRecords()).isEqualTo(1);
        }
    }
}
