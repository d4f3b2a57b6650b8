package dev.toeless.bench.jmh;

import dev.toeless.nic.pcap.PcapReader;
import dev.toeless.nic.pcap.PcapRecord;
import dev.toeless.nic.pcap.PcapWriter;
import net.openhft.chronicle.bytes.MappedBytes;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Reading a large capture (128 MiB of 1514-byte Ethernet frames, about 87,000 records, in the
 * page cache) record by record, as {@code replay} does before the NIC model sees a frame, four
 * ways; each reads every record header and two fields of every frame (its EtherType and its last
 * four bytes), so none can skip the frame:
 * <ul>
 *   <li>{@code pcapReaderStream}: what {@code replay} uses, {@link PcapReader} over a 64 KiB
 *   buffered stream, a {@code byte[]} per record.</li>
 *   <li>{@code pcapReaderChronicleMapped}: the same {@link PcapReader} over {@link MappedCaptureInput}
 *   (Chronicle Bytes, read-only mapping): what {@code replay} would use, records as it takes them.</li>
 *   <li>{@code jdkMapped}: one {@code FileChannel.map} of the whole file (a JDK mapping holds at
 *   most 2 GiB), each frame a view, nothing copied.</li>
 *   <li>{@code chronicleMapped}: Chronicle Bytes {@code MappedBytes}, read-only, mapped in 64 MiB
 *   chunks that overlap by 1 MiB (the largest record {@link PcapReader} accepts), so a capture of
 *   any size is read the same way; each frame a view, nothing copied.</li>
 * </ul>
 *
 * <p>Every pass maps the file anew, as a replay does once, so the page faults of a mapping are in its
 * figure. Figures (ms per pass over the file) are in the README under "Measured figures"; run with
 * {@code ./toeless jmh -f 1 -wi 3 -i 5 -w 1s -r 1s CaptureReadBenchmark} (the launcher passes the
 * JVM flags Chronicle Bytes needs on JDK 25).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CaptureReadBenchmark {
    static final int FRAME = 1514;
    static final long CAPTURE_BYTES = 128L << 20;
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final long CHUNK = 64L << 20;
    private static final long OVERLAP = 1L << 20;

    private Path dir;
    private Path capture;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        prepare(Files.createTempDirectory("toeless-capture-read"), CAPTURE_BYTES);
    }

    /** Writes a capture of about {@code bytes} under {@code folder} to read (for the benchmark and its test). */
    void prepare(Path folder, long bytes) throws IOException {
        dir = folder;
        capture = dir.resolve("large.pcap");
        write(capture, bytes);
    }

    /** A little-endian nanosecond pcap (as {@link PcapWriter} writes) of {@code bytes} or a little more, random frames of {@link #FRAME}. */
    static void write(Path path, long bytes) throws IOException {
        final SplittableRandom random = new SplittableRandom(1);
        final byte[] frame = new byte[FRAME];
        try (PcapWriter writer = PcapWriter.create(path)) {
            long timeNs = 0;
            for (long written = GLOBAL_HEADER; written < bytes; written += RECORD_HEADER + FRAME) {
                for (int i = 0; i < FRAME; i += 8) {
                    final long r = random.nextLong();
                    for (int b = 0; b < 8 && i + b < FRAME; b++) {
                        frame[i + b] = (byte) (r >>> (8 * b));
                    }
                }
                frame[12] = 0x08;
                frame[13] = 0x00;
                writer.write(timeNs, frame);
                timeNs += 1_000;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(capture);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long pcapReaderStream() throws IOException {
        return sumRecords(PcapReader.open(capture));
    }

    private static long sumRecords(PcapReader opened) throws IOException {
        long sum = 0;
        try (PcapReader reader = opened) {
            for (PcapRecord r = reader.next(); r != null; r = reader.next()) {
                final byte[] d = r.data();
                final int last = (d[d.length - 4] & 0xFF) | (d[d.length - 3] & 0xFF) << 8
                    | (d[d.length - 2] & 0xFF) << 16 | (d[d.length - 1] & 0xFF) << 24;
                sum += ((d[12] & 0xFF) << 8 | (d[13] & 0xFF)) + (last & 0xFFFF_FFFFL) + r.timeNs();
            }
        }
        return sum;
    }

    @Benchmark
    public long pcapReaderChronicleMapped() throws IOException {
        return sumRecords(new PcapReader(MappedCaptureInput.open(capture)));
    }

    @Benchmark
    public long jdkMapped() throws IOException {
        try (FileChannel ch = FileChannel.open(capture)) {
            final MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            final UnsafeBuffer file = new UnsafeBuffer(map);
            final long size = ch.size();
            long sum = 0;
            for (long at = GLOBAL_HEADER; at + RECORD_HEADER <= size; ) {
                final int pos = (int) at;
                final long timeNs = (file.getInt(pos, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL) * 1_000_000_000L
                    + (file.getInt(pos + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL);
                final int capLen = file.getInt(pos + 8, ByteOrder.LITTLE_ENDIAN);
                if (at + RECORD_HEADER + capLen > size) {
                    break;
                }
                view.wrap(file, pos + RECORD_HEADER, capLen);
                sum += frameFields(view, capLen) + timeNs;
                at += RECORD_HEADER + capLen;
            }
            return sum;
        }
    }

    @Benchmark
    public long chronicleMapped() throws IOException {
        final MappedBytes bytes = MappedBytes.mappedBytes(capture.toFile(), CHUNK, OVERLAP, true);
        try {
            final long size = Files.size(capture);
            long sum = 0;
            for (long at = GLOBAL_HEADER; at + RECORD_HEADER <= size; ) {
                final long timeNs = (bytes.readInt(at) & 0xFFFF_FFFFL) * 1_000_000_000L
                    + (bytes.readInt(at + 4) & 0xFFFF_FFFFL);
                final int capLen = bytes.readInt(at + 8);
                if (at + RECORD_HEADER + capLen > size) {
                    break;
                }
                view.wrap(bytes.addressForRead(at + RECORD_HEADER), capLen);
                sum += frameFields(view, capLen) + timeNs;
                at += RECORD_HEADER + capLen;
            }
            return sum;
        } finally {
            bytes.releaseLast();
        }
    }

    private static long frameFields(UnsafeBuffer frame, int length) {
        return (frame.getShort(12, ByteOrder.BIG_ENDIAN) & 0xFFFF)
            + (frame.getInt(length - 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL);
    }
}
