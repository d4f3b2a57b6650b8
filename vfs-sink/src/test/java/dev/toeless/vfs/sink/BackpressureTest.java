package dev.toeless.vfs.sink;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.vfs.testing.SinkFixture;
import dev.toeless.vfs.writeback.Writeback;
import dev.toeless.vfs.writeback.WritebackConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A slow disk closes the window; writeback reopens it; nothing is dropped. */
@ExtendWith(PageLeakCheck.class)
class BackpressureTest extends SinkFixture {
    private static final int PAGE = HostMemory.PAGE_SIZE;

    @TempDir
    Path dir;

    @Test
    void aSlowDiskClosesTheWindowAndWritebackReopensIt() {
        // 10 MB/s with 4-page writes: 1.64 ms per write
        writeback = new Writeback(scheduler, memory, disk, new WritebackConfig(10_000_000, 0, 4));
        final int pages = 200;
        final byte[] file = randomBytes(30, pages * PAGE);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("slow.bin")).withLength(file.length).withDirtyLimitPages(16));
        final List<Long> windowUpdates = new ArrayList<>();
        sink.onWindowChange(windowUpdates::add);

        int sent = 0;
        int closedTimes = 0;
        int maxDirty = 0;
        assertThat(sink.windowBytes()).isEqualTo(16 * PAGE);
        while (sent < pages) {
            // the sender sends what the window allows, at once (a fast network)
            while (sent < pages && sink.windowBytes() >= PAGE) {
                assertThat(sink.accept((long) sent * PAGE, rxPage(file, sent * PAGE, 0, PAGE), 0, PAGE))
                    .isEqualTo(Accept.PLACED);
                sent++;
                maxDirty = Math.max(maxDirty, sink.cache().dirtyPages());
            }
            if (sink.windowBytes() == 0) {
                closedTimes++;
            }
            scheduler.runNext(); // the disk finishes a write
        }
        drain();

        assertThat(closedTimes).as("the window closed behind the slow disk").isGreaterThan(10);
        assertThat(maxDirty).isLessThanOrEqualTo(16);
        assertThat(windowUpdates).as("writeback reopened the window").anyMatch(w -> w > 0);
        assertThat(sink.result()).isInstanceOf(SinkResult.Completed.class);
        assertThat(read(dir.resolve("slow.bin"))).isEqualTo(file);
        // 200 pages at 10 MB/s is 82 ms of disk time
        assertThat(scheduler.nowNs()).isBetween(81_000_000L, 83_000_000L);
        assertThat(sink.cache().highWaterPages()).isEqualTo(16);
    }

    @Test
    void theWindowCountsAPageHeldForAFlip() {
        final byte[] file = randomBytes(31, PAGE);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("w.bin")).withDirtyLimitPages(4));
        final int pfn = rxPage(file, 0, 0, 1448);
        sink.accept(0, pfn, 0, 1448);
        assertThat(sink.windowBytes()).isEqualTo(3 * PAGE);
        memory.retain(pfn);
        dmaInto(pfn, file, 1448, 1448, PAGE - 1448);
        sink.accept(1448, pfn, 1448, PAGE - 1448);
        assertThat(sink.cache().dirtyPages()).isEqualTo(1);
        sink.finish(PAGE);
        drain();
        assertThat(sink.stats().pagesFlipped()).isEqualTo(1);
        assertThat(sink.windowBytes()).isZero();
    }

    @Test
    void twoFilesShareOneSlowDiskAndBothComplete() {
        writeback = new Writeback(scheduler, memory, disk, new WritebackConfig(100_000_000, 10_000, 8));
        final byte[] a = randomBytes(32, 40 * PAGE);
        final byte[] b = randomBytes(33, 24 * PAGE + 5);
        final FileSink sinkA = sink(SinkConfig.of(dir.resolve("a")).withLength(a.length).withDirtyLimitPages(8));
        final FileSink sinkB = sink(SinkConfig.of(dir.resolve("b")).withLength(b.length).withDirtyLimitPages(8));
        long nextA = 0;
        long nextB = 0;
        while (!sinkA.isDone() || !sinkB.isDone()) {
            nextA = sendWhatFits(sinkA, a, nextA);
            nextB = sendWhatFits(sinkB, b, nextB);
            scheduler.runNext();
        }
        assertThat(read(dir.resolve("a"))).isEqualTo(a);
        assertThat(read(dir.resolve("b"))).isEqualTo(b);
        assertThat(counters.filesCompleted()).isEqualTo(2);
        assertThat(counters.bytesWritten()).isEqualTo(a.length + b.length);
    }

    private long sendWhatFits(FileSink sink, byte[] file, long next) {
        long at = next;
        while (at < file.length && sink.windowBytes() >= PAGE) {
            final int len = (int) Math.min(PAGE, file.length - at);
            sink.accept(at, rxPage(file, (int) at, 0, len), 0, len);
            at += len;
        }
        return at;
    }
}
