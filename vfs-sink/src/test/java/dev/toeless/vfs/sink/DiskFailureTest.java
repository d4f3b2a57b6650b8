package dev.toeless.vfs.sink;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.vfs.disk.DiskFaults;
import dev.toeless.vfs.testing.SinkFixture;
import dev.toeless.vfs.writeback.Writeback;
import dev.toeless.vfs.writeback.WritebackConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A disk that fails mid-transfer: a clear error, no final file, no .part, every page back. */
@ExtendWith(PageLeakCheck.class)
class DiskFailureTest extends SinkFixture {
    private static final int PAGE = HostMemory.PAGE_SIZE;
    private static final int PAGES = 64;

    @TempDir
    Path dir;

    private final byte[] file = randomBytes(20, PAGES * PAGE);

    /** Sends the file as whole aligned pages, running the disk as it goes, until the sink stops taking. */
    private FileSink transfer(SinkConfig config) {
        final FileSink sink = sink(config.withLength(file.length));
        for (int p = 0; p < PAGES; p++) {
            sink.accept((long) p * PAGE, rxPage(file, p * PAGE, 0, PAGE), 0, PAGE);
            scheduler.runNext();
        }
        drain();
        return sink;
    }

    private void assertNothingLeftOnDisk(String name) throws IOException {
        assertThat(dir.resolve(name)).doesNotExist();
        assertThat(partFiles(dir, name)).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFullDiskAbortsWithAClearErrorAndLeavesNothing() throws IOException {
        final FileSink sink = transfer(SinkConfig.of(dir.resolve("full.bin")).withFaults(DiskFaults.diskFullAfter(100_000)));

        final SinkError error = ((SinkResult.Failed) sink.result()).error();
        assertThat(error.kind()).isEqualTo(SinkError.Kind.DISK_FULL);
        assertThat(error.message()).contains("full.bin." + ProcessHandle.current().pid() + ".").contains(".part")
            .contains("No space left on device");
        assertNothingLeftOnDisk("full.bin");
        assertThat(counters.filesAborted()).isEqualTo(1);
        assertThat(counters.filesCompleted()).isZero();
        assertThat(sink.windowBytes()).isZero();
        assertThat(memory.pagesInUse()).isZero();
        assertThat(results).hasSize(1);
    }

    @Test
    void anIoErrorMidTransferAbortsAndReturnsEveryPage() throws IOException {
        final FileSink sink = transfer(SinkConfig.of(dir.resolve("eio.bin")).withFaults(DiskFaults.ioErrorAfter(3 * PAGE)));

        final SinkError error = ((SinkResult.Failed) sink.result()).error();
        assertThat(error.kind()).isEqualTo(SinkError.Kind.IO_ERROR);
        assertThat(error.message()).contains("Input/output error");
        assertNothingLeftOnDisk("eio.bin");
        assertThat(memory.pagesInUse()).isZero();
    }

    @Test
    void aFailingFsyncKeepsNoFileUnderTheFinalName() throws IOException {
        final FileSink sink = transfer(SinkConfig.of(dir.resolve("sync.bin")).withFaults(DiskFaults.failingFsync()));

        assertThat(((SinkResult.Failed) sink.result()).error().kind()).isEqualTo(SinkError.Kind.IO_ERROR);
        assertNothingLeftOnDisk("sync.bin");
    }

    @Test
    void aFileThatCannotBeCreatedFailsAtOnce() throws IOException {
        Files.writeString(dir.resolve("not-a-dir"), "x");
        final FileSink sink = sink(SinkConfig.of(dir.resolve("not-a-dir").resolve("f.bin")));

        assertThat(sink.result()).isInstanceOf(SinkResult.Failed.class);
        assertThat(sink.accept(0, rxPage(file, 0, 0, PAGE), 0, PAGE)).isEqualTo(Accept.CLOSED);
    }

    @Test
    void anAbortWhileAWriteIsInFlightDropsTheWriteAndReturnsItsPages() throws IOException {
        writeback = new Writeback(scheduler, memory, disk, WritebackConfig.megabytesPerSecond(10));
        final FileSink sink = sink(SinkConfig.of(dir.resolve("reset.bin")));
        for (int p = 0; p < 8; p++) {
            sink.accept((long) p * PAGE, rxPage(file, p * PAGE, 0, PAGE), 0, PAGE);
        }
        assertThat(writeback.busy()).isTrue();

        sink.abort("connection reset by peer");
        drain();

        final SinkError error = ((SinkResult.Failed) sink.result()).error();
        assertThat(error.kind()).isEqualTo(SinkError.Kind.ABORTED);
        assertThat(error.message()).contains("connection reset by peer");
        assertThat(writeback.bytesWritten()).isZero();
        assertNothingLeftOnDisk("reset.bin");
        assertThat(memory.pagesInUse()).isZero();
    }

    @Test
    void aSenderOverrunningTheCopyPoolIsAnErrorNotAWrongByte() throws IOException {
        final var tinyPool = new dev.toeless.nic.mem.PagePool(memory, "tiny", 2);
        final FileSink sink = new FileSink(SinkConfig.of(dir.resolve("oom.bin")).withFileStart(1), touch, tinyPool,
            writeback, counters, results::add);
        Accept last = Accept.PLACED;
        for (int p = 0; p < 8 && last == Accept.PLACED; p++) {
            last = sink.accept((long) p * PAGE, rxPage(file, p * PAGE, 0, PAGE), 0, PAGE); // disk never runs
        }
        assertThat(last).isEqualTo(Accept.FAILED);
        assertThat(((SinkResult.Failed) sink.result()).error().kind()).isEqualTo(SinkError.Kind.OUT_OF_PAGES);
        drain();
        assertNothingLeftOnDisk("oom.bin");
    }
}
