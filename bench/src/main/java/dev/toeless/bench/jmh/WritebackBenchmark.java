package dev.toeless.bench.jmh;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.TouchLedger;
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
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Writeback of 64 MiB of received pages to a real file, three ways, each ending with the data
 * durable (fsync or msync):
 * <ul>
 *   <li>{@code fileChannelGather}: what {@code dev.toeless.vfs.writeback.Writeback} does, 64 pages
 *   per gathering write from page memory ({@code DiskDma.gather}); no host CPU touch in the model.</li>
 *   <li>{@code fileChannelPositional}: one positional write per page ({@code DiskDma.write}).</li>
 *   <li>{@code chronicleMappedBytes}: Chronicle Bytes {@code MappedBytes} over the file; the host
 *   CPU copies each page into the mapping through {@code CpuTouch} (the only honest way: it is a
 *   CPU copy, and the ledger counts 64 MiB copied per operation), then {@code sync()}.</li>
 * </ul>
 *
 * <p>Measured on a shared 2-core VM, ext4 on a virtual disk, JDK 25, {@code -f 1 -wi 2 -i 3},
 * ms per 64 MiB made durable (lower is better), two runs: fileChannelGather 63 ± 43 and 120 ± 121;
 * fileChannelPositional 152 ± 135 and 224 ± 1797; chronicleMappedBytes 343 ± 3603 and 182 ± 1148.
 * The machine is noisy, but the gathering write was the fastest in every run, and it is the only
 * one that does not add a host CPU copy of every payload byte to the ledger, so Writeback uses it.
 *
 * <p>Chronicle Bytes needs the full flag set of the parent pom's {@code toeless.jvm.flags} on
 * JDK 25 (pass it to the forked JVM with {@code -jvmArgs}); with fewer opens its mapping fails
 * with an IllegalAccessException on {@code sun.nio.ch.UnixFileDispatcherImpl.map0}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class WritebackBenchmark {
    private static final int PAGE = HostMemory.PAGE_SIZE;
    private static final int PAGES = 64 * 1024 * 1024 / PAGE;
    private static final int PAGES_PER_IO = 64;

    private HostMemory memory;
    private DiskDma disk;
    private CpuTouch touch;
    private TouchLedger ledger;
    private final int[] pfns = new int[PAGES];
    private final int[] zeros = new int[PAGES_PER_IO];
    private final int[] lengths = new int[PAGES_PER_IO];
    private final int[] batch = new int[PAGES_PER_IO];
    private final UnsafeBuffer mappedView = new UnsafeBuffer(0, 0);
    private Path dir;
    private Path file;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        memory = new HostMemory(PAGES + 16);
        disk = new DiskDma(memory);
        ledger = new TouchLedger();
        touch = new CpuTouch(memory, ledger);
        final DmaEngine nic = new DmaEngine(memory);
        final byte[] content = new byte[PAGE];
        final SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < PAGES; i++) {
            pfns[i] = memory.allocate();
            random.nextBytes(content);
            nic.toHost(new UnsafeBuffer(content), 0, PAGE, HostMemory.address(pfns[i], 0));
        }
        java.util.Arrays.fill(lengths, PAGE);
        dir = Files.createTempDirectory("writeback-bench");
        file = dir.resolve("out.bin");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (int pfn : pfns) {
            memory.release(pfn);
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    private FileChannel create() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    }

    @Benchmark
    public long fileChannelGather() throws IOException {
        try (FileChannel channel = create()) {
            for (int first = 0; first < PAGES; first += PAGES_PER_IO) {
                System.arraycopy(pfns, first, batch, 0, PAGES_PER_IO);
                channel.position((long) first * PAGE);
                disk.gather(channel, batch, zeros, lengths, PAGES_PER_IO);
            }
            channel.force(true);
            return channel.size();
        }
    }

    @Benchmark
    public long fileChannelPositional() throws IOException {
        try (FileChannel channel = create()) {
            for (int i = 0; i < PAGES; i++) {
                disk.write(channel, (long) i * PAGE, pfns[i], 0, PAGE);
            }
            channel.force(true);
            return channel.size();
        }
    }

    @Benchmark
    public long chronicleMappedBytes() throws IOException {
        Files.deleteIfExists(file);
        final MappedBytes mapped = MappedBytes.singleMappedBytes(file.toFile(), (long) PAGES * PAGE);
        try {
            for (int i = 0; i < PAGES; i++) {
                mappedView.wrap(mapped.addressForWrite((long) i * PAGE), PAGE);
                touch.copyOut(pfns[i], 0, PAGE, mappedView, 0); // a CPU copy: counted
            }
            mapped.sync();
            return ledger.copiedBytes();
        } finally {
            mapped.releaseLast();
        }
    }
}
