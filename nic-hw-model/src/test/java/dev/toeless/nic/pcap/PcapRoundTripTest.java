package dev.toeless.nic.pcap;

import dev.toeless.nic.testing.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcapRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void framesComeBackWithTheirNanosecondTimes() throws IOException {
        final Path file = dir.resolve("t.pcap");
        try (PcapWriter w = PcapWriter.create(file)) {
            w.write(1_500_000_123L, new byte[]{1, 2, 3});
            w.write(2_000_000_000L, new byte[60]);
        }
        try (PcapReader r = PcapReader.open(file)) {
            assertThat(r.linkType()).isEqualTo(PcapWriter.LINKTYPE_ETHERNET);
            final PcapRecord first = r.next();
            assertThat(first.timeNs()).isEqualTo(1_500_000_123L);
            assertThat(first.data()).containsExactly(1, 2, 3);
            assertThat(r.next().data()).hasSize(60);
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void theSharedCapturesRead() throws IOException {
        for (String name : new String[]{"v4-plain.pcap", "v6-loss.pcap"}) {
            int n = 0;
            try (PcapReader r = PcapReader.open(SharedFiles.capture(name))) {
                assertThat(r.linkType()).isEqualTo(1);
                while (r.next() != null) {
                    n++;
                }
                assertThat(r.truncatedRecords()).isZero();
            }
            assertThat(n).as(name).isGreaterThan(1000);
        }
    }

    @Test
    void aFileCutMidRecordEndsCleanly() throws IOException {
        final Path file = dir.resolve("cut.pcap");
        try (PcapWriter w = PcapWriter.create(file)) {
            w.write(0, new byte[100]);
            w.write(1, new byte[100]);
        }
        final byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 30));
        try (PcapReader r = PcapReader.open(file)) {
            assertThat(r.next()).isNotNull();
            assertThat(r.next()).isNull();
            assertThat(r.truncatedRecords()).isEqualTo(1);
        }
    }

    @Test
    void notPcapIsAClearError() throws IOException {
        final Path file = dir.resolve("junk.pcap");
        Files.writeString(file, "this is not a capture, just some text...");
        assertThatThrownBy(() -> PcapReader.open(file)).isInstanceOf(PcapFormatException.class)
            .hasMessageContaining("not a pcap file");
    }
}
