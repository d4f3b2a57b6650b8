package dev.toeless.nic.pcap;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the pcap reader: any bytes as a file are read to their end or
 * refused with a {@link PcapFormatException} (never another exception); records never claim more
 * bytes than the file holds; a file cut short counts at most one truncated record; and what was
 * read, written back with {@link PcapWriter}, reads back the same. {@code ./toeless fuzz pcap}
 * mutates for real.
 */
class PcapReaderFuzzTest {
    private static final int MAX_RECORDS = 10_000;

    @FuzzTest(maxDuration = "30s")
    void pcapFiles(byte[] file) throws IOException {
        final List<byte[]> records = new ArrayList<>();
        long consumed = 24;
        try (PcapReader reader = new PcapReader(new ByteArrayInputStream(file))) {
            for (PcapRecord r = reader.next(); r != null && records.size() < MAX_RECORDS; r = reader.next()) {
                assertThat(r.data().length).as("record length").isLessThanOrEqualTo(1 << 20);
                consumed += 16 + r.data().length;
                assertThat(consumed).as("records fit in the file").isLessThanOrEqualTo(file.length);
                records.add(r.data());
            }
            assertThat(reader.truncatedRecords()).as("only the last record can be cut").isLessThanOrEqualTo(1);
        } catch (PcapFormatException refused) {
            assertThat(refused.offset()).as("the offset of a refusal lies in the file").isBetween(0L, (long) file.length);
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        final ByteArrayOutputStream copy = new ByteArrayOutputStream();
        final int snap = records.stream().mapToInt(r -> r.length).max().orElse(0) + 1;
        try (PcapWriter writer = new PcapWriter(copy, snap)) {
            for (byte[] data : records) {
                writer.write(0, data);
            }
        }
        try (PcapReader again = new PcapReader(new ByteArrayInputStream(copy.toByteArray()))) {
            for (byte[] data : records) {
                final PcapRecord r = again.next();
                assertThat(r).isNotNull();
                assertThat(r.data()).as("written back, read back").isEqualTo(data);
            }
            assertThat(again.next()).isNull();
        }
    }
}
