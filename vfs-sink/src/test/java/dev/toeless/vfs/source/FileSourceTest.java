package dev.toeless.vfs.source;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.vfs.sink.Accept;
import dev.toeless.vfs.sink.FileSink;
import dev.toeless.vfs.sink.SinkConfig;
import dev.toeless.vfs.sink.SinkResult;
import dev.toeless.vfs.testing.SinkFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The send side's pages round-trip into the sink: exact bytes, no host CPU touch on either side. */
@ExtendWith(PageLeakCheck.class)
class FileSourceTest extends SinkFixture {
    private static final int PAGE = HostMemory.PAGE_SIZE;

    @TempDir
    Path dir;

    private final dev.toeless.nic.mem.PagePool sendPool = new dev.toeless.nic.mem.PagePool(memory, "send", 32);

    private SinkResult.Completed roundTrip(FileSource source, Path out) throws IOException {
        SinkConfig config = SinkConfig.of(out);
        if (source.lengthBytes() >= 0) {
            config = config.withLength(source.lengthBytes());
        }
        final FileSink sink = sink(source.sha256KnownAhead() ? config.withSha256(source.sha256()) : config);
        long end = 0;
        while (!source.exhausted()) {
            final long[] sent = {end};
            source.pump((s, pfn, off, len) -> {
                assertThat(sink.accept(s, pfn, off, len)).isEqualTo(Accept.PLACED);
                sent[0] = s + len;
            }, 64);
            end = sent[0];
            if (source.exhausted() && !source.sha256KnownAhead()) {
                sink.expectSha256(source.sha256()); // hashed as read: known once all of it was read
            }
            drain(); // writeback frees pages, which go back to the send pool
        }
        sink.finish(end);
        drain();
        assertThat(sink.result()).isInstanceOf(SinkResult.Completed.class);
        return (SinkResult.Completed) sink.result();
    }

    @Test
    void aGeneratedFileRoundTripsWithItsShaKnownAhead() throws IOException {
        final long length = 300L * PAGE + 123;
        try (FileSource source = FileSource.generated(42, length, memory, disk, sendPool)) {
            final byte[] expected = source.sha256();
            final SinkResult.Completed done = roundTrip(source, dir.resolve("gen.bin"));

            assertThat(done.sha256()).isEqualTo(expected);
            assertThat(Files.size(dir.resolve("gen.bin"))).isEqualTo(length);
            assertThat(disk.bytesRead()).isEqualTo(length);
            assertThat(ledger.touchedBytes()).isZero();
            assertThat(counters.pagesFlipped()).isEqualTo(301);
            assertThat(source.pageAllocFailures()).isPositive(); // 32 send pages for 301: the pool paced it
        }
    }

    @Test
    void aRealFileRoundTrips() throws IOException {
        final byte[] content = randomBytes(43, 17 * PAGE + 5);
        final Path in = dir.resolve("in.bin");
        Files.write(in, content);
        try (FileSource source = FileSource.open(in, memory, disk, sendPool)) {
            roundTrip(source, dir.resolve("out.bin"));
            assertThat(source.sha256()).isEqualTo(sha256(content));
        }
        assertThat(read(dir.resolve("out.bin"))).isEqualTo(content);
        assertThat(ledger.touchedBytes()).isZero();
    }

    /** The hash vouches for the bytes sent, not for another version of the file seen earlier. */
    @Test
    void aRealFileIsHashedAsItIsRead() throws IOException {
        final Path in = dir.resolve("changing.bin");
        Files.write(in, randomBytes(1, 5 * PAGE + 9));
        final byte[] rewritten = randomBytes(2, 5 * PAGE + 9);
        try (FileSource source = FileSource.open(in, memory, disk, sendPool)) {
            Files.write(in, rewritten); // changed after opening, before sending: the same size
            final SinkResult.Completed done = roundTrip(source, dir.resolve("out.bin"));
            assertThat(source.sha256()).isEqualTo(sha256(rewritten));
            assertThat(done.sha256()).isEqualTo(sha256(rewritten));
        }
        assertThat(read(dir.resolve("out.bin"))).isEqualTo(rewritten);
    }

    @Test
    void theHashOfARealFileIsNotClaimedBeforeItWasRead() throws IOException {
        final Path in = dir.resolve("in.bin");
        Files.write(in, randomBytes(3, PAGE + 1));
        try (FileSource source = FileSource.open(in, memory, disk, sendPool)) {
            assertThat(source.sha256KnownAhead()).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(source::sha256)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("in.bin");
        }
    }

    /** A /proc file says size 0 yet has bytes: it is read to its end, not taken for empty. */
    @Test
    void aFileOfUnknownSizeIsReadToItsEnd() throws IOException {
        final Path proc = Path.of("/proc/self/status");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(proc), "no /proc on this system");
        try (FileSource source = FileSource.open(proc, memory, disk, sendPool)) {
            assertThat(source.lengthBytes()).as("unknown until read").isEqualTo(-1);
            final SinkResult.Completed done = roundTrip(source, dir.resolve("status"));
            assertThat(source.lengthBytes()).isPositive();
            assertThat(done.lengthBytes()).isEqualTo(source.lengthBytes());
            assertThat(done.sha256()).isEqualTo(source.sha256());
            assertThat(Files.size(dir.resolve("status"))).isEqualTo(source.lengthBytes());
        }
    }

    @Test
    void fragmentsCarryTheStreamBase() throws IOException {
        try (FileSource source = FileSource.generated(1, 2 * PAGE + 10, memory, disk, sendPool).streamBase(500)) {
            final long[] offsets = new long[3];
            final int[] lengths = new int[3];
            final int[] n = {0};
            assertThat(source.pump((s, pfn, off, len) -> {
                offsets[n[0]] = s;
                lengths[n[0]++] = len;
                memory.release(pfn);
            }, 10)).isEqualTo(3);
            assertThat(offsets).containsExactly(500, 500 + PAGE, 500 + 2 * PAGE);
            assertThat(lengths).containsExactly(PAGE, PAGE, 10);
            assertThat(source.exhausted()).isTrue();
        }
    }

    @Test
    void anEmptyFileHasNoFragments() throws IOException {
        try (FileSource source = FileSource.generated(1, 0, memory, disk, sendPool)) {
            assertThat(source.pump((s, pfn, off, len) -> memory.release(pfn), 10)).isZero();
            assertThat(source.sha256()).isEqualTo(sha256(new byte[0]));
        }
    }
}
