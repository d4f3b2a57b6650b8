package dev.toeless.vfs.sink;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.vfs.testing.SinkFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(PageLeakCheck.class)
class FileSinkTest extends SinkFixture {
    private static final int PAGE = HostMemory.PAGE_SIZE;

    @TempDir
    Path dir;

    @Test
    void alignedStreamFlipsEveryPageAndTouchesNoByte() {
        final byte[] file = randomBytes(1, 64 * PAGE);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("a.bin")).withLength(file.length).withSha256(sha256(file)));

        for (int i = 0; i < 64; i++) {
            assertThat(sink.accept((long) i * PAGE, rxPage(file, i * PAGE, 0, PAGE), 0, PAGE)).isEqualTo(Accept.PLACED);
        }
        drain();

        assertThat(sink.result()).isInstanceOf(SinkResult.Completed.class);
        assertThat(read(dir.resolve("a.bin"))).isEqualTo(file);
        assertThat(((SinkResult.Completed) sink.result()).sha256()).isEqualTo(sha256(file));
        assertThat(sink.stats().pagesFlipped()).isEqualTo(64);
        assertThat(sink.stats().pagesCopied()).isZero();
        assertThat(ledger.touchedBytes()).isZero();
        assertThat(counters.bytesWritten()).isEqualTo(file.length);
        assertThat(counters.filesCompleted()).isEqualTo(1);
        assertThat(partFiles(dir, "a.bin")).isEmpty();
    }

    @Test
    void segmentsAccumulatedInOnePageAreFlippedOnceThePageIsWhole() {
        final byte[] file = randomBytes(2, 3 * PAGE);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("acc.bin")));
        for (int p = 0; p < 3; p++) {
            final int pfn = rxPool.allocate();
            for (int off = 0; off < PAGE; off += 1448) {
                final int len = Math.min(1448, PAGE - off);
                dmaInto(pfn, file, p * PAGE + off, off, len);
                if (off > 0) {
                    memory.retain(pfn); // one reference per fragment, as a driver hands them out
                }
                sink.accept((long) p * PAGE + off, pfn, off, len);
            }
        }
        sink.finish(file.length);
        drain();

        assertThat(sink.result()).isInstanceOf(SinkResult.Completed.class);
        assertThat(read(dir.resolve("acc.bin"))).isEqualTo(file);
        assertThat(sink.stats().pagesFlipped()).isEqualTo(3);
        assertThat(ledger.touchedBytes()).isZero();
    }

    @Test
    void headerBeforeTheFileIsSkippedAndAnAlignedBodyStillFlips() {
        final int header = 300;
        final byte[] stream = randomBytes(3, header + 5 * PAGE + 1000);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("h.bin")).withFileStart(header));
        // an alignment hint placed the body at page boundaries, the header at the end of a page
        assertThat(sink.accept(0, rxPage(stream, 0, PAGE - header, header), PAGE - header, header))
            .isEqualTo(Accept.SKIPPED);
        for (int i = 0; i < 6; i++) {
            final int from = header + i * PAGE;
            final int len = Math.min(PAGE, stream.length - from);
            sink.accept(from, rxPage(stream, from, 0, len), 0, len);
        }
        sink.finish(stream.length);
        drain();

        assertThat(read(dir.resolve("h.bin"))).isEqualTo(slice(stream, header, stream.length));
        assertThat(sink.stats().bytesSkipped()).isEqualTo(header);
        assertThat(sink.stats().pagesFlipped()).as("five whole pages and the last page, from its offset 0 to the end")
            .isEqualTo(6);
        assertThat(ledger.touchedBytes()).isZero();
    }

    @Test
    void misalignedStreamIsAssembledByCountedCopies() {
        final int header = 300;
        final byte[] stream = randomBytes(4, header + 8 * PAGE);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("m.bin")).withFileStart(header));
        // no hint: stream offset s sits at page offset s mod 4096, so every file page straddles two RX pages
        for (int from = 0; from < stream.length; from += PAGE) {
            final int len = Math.min(PAGE, stream.length - from);
            sink.accept(from, rxPage(stream, from, 0, len), 0, len);
        }
        sink.finish(stream.length);
        drain();

        final long fileLength = stream.length - header;
        assertThat(read(dir.resolve("m.bin"))).isEqualTo(slice(stream, header, stream.length));
        assertThat(sink.stats().pagesFlipped()).isZero();
        assertThat(sink.stats().pagesCopied()).isEqualTo(8);
        assertThat(sink.stats().bytesCopied()).isEqualTo(fileLength);
        assertThat(ledger.copiedBytes()).isEqualTo(fileLength);
        assertThat(counters.bytesCopied()).isEqualTo(fileLength);
    }

    @Test
    void partialFirstAndLastPagesAreCopiedAndTheMiddleFlipped() {
        final byte[] file = randomBytes(5, 10 * PAGE + 1000);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("e.bin")).withLength(file.length));
        // first page in two misaligned pieces
        sink.accept(0, rxPage(file, 0, 2096, 2000), 2096, 2000);
        sink.accept(2000, rxPage(file, 2000, 0, PAGE - 2000), 0, PAGE - 2000);
        for (int p = 1; p < 10; p++) {
            sink.accept((long) p * PAGE, rxPage(file, p * PAGE, 0, PAGE), 0, PAGE);
        }
        sink.accept(10L * PAGE, rxPage(file, 10 * PAGE, 500, 1000), 500, 1000);
        drain();

        assertThat(read(dir.resolve("e.bin"))).isEqualTo(file);
        assertThat(sink.stats().pagesFlipped()).isEqualTo(9);
        assertThat(sink.stats().pagesCopied()).isEqualTo(2);
        assertThat(ledger.copiedBytes()).isEqualTo(PAGE + 1000);
    }

    @Test
    void duplicateAndOverlappingFragmentsNeverChangeAByte() {
        final byte[] file = randomBytes(6, 3 * PAGE);
        final byte[] corrupt = randomBytes(66, 3 * PAGE);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("d.bin")).withLength(file.length));
        sink.accept(0, rxPage(file, 0, 0, PAGE), 0, PAGE);
        assertThat(sink.accept(0, rxPage(corrupt, 0, 0, PAGE), 0, PAGE)).isEqualTo(Accept.DUPLICATE);
        sink.accept(2L * PAGE, rxPage(file, 2 * PAGE, 0, PAGE), 0, PAGE); // past a hole, held
        // a fragment overlapping both received ranges: only its fresh middle is taken
        final int mixed = rxPage(file, PAGE, 0, PAGE);
        sink.accept(PAGE, mixed, 0, PAGE);
        drain();

        assertThat(read(dir.resolve("d.bin"))).isEqualTo(file);
        assertThat(sink.stats().bytesDuplicate()).isEqualTo(PAGE);
    }

    @Test
    void aHoleIsNeverWrittenAndAStreamEndingWithOneIsNotKept() throws Exception {
        final byte[] file = randomBytes(7, 10 * PAGE);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("hole.bin")));
        sink.accept(0, rxPage(file, 0, 0, PAGE), 0, PAGE);
        sink.accept(PAGE, rxPage(file, PAGE, 0, PAGE), 0, PAGE);
        for (int p = 4; p < 10; p++) {
            sink.accept((long) p * PAGE, rxPage(file, p * PAGE, 0, PAGE), 0, PAGE);
        }
        drain();
        assertThat(sink.stats().bytesWritten()).as("only the contiguous prefix").isEqualTo(2 * PAGE);
        assertThat(Files.size(partFiles(dir, "hole.bin").getFirst())).isEqualTo(2 * PAGE);
        assertThat(sink.missingRanges()).containsExactly(new ByteRange(2 * PAGE, 4 * PAGE));

        sink.finish(file.length);
        drain();

        final SinkError error = ((SinkResult.Failed) sink.result()).error();
        assertThat(error.kind()).isEqualTo(SinkError.Kind.INCOMPLETE);
        assertThat(error.missing()).containsExactly(new ByteRange(2 * PAGE, 4 * PAGE));
        assertThat(error.message()).contains("8192 of 40960 bytes missing");
        assertThat(dir.resolve("hole.bin")).doesNotExist();
        assertThat(partFiles(dir, "hole.bin")).isEmpty();
        assertThat(counters.filesAborted()).isEqualTo(1);
    }

    @Test
    void aHoleFilledLaterCompletesTheFile() {
        final byte[] file = randomBytes(8, 6 * PAGE + 77);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("late.bin")).withLength(file.length));
        sink.accept(0, rxPage(file, 0, 0, 1000), 0, 1000);
        sink.accept(3L * PAGE, rxPage(file, 3 * PAGE, 0, PAGE), 0, PAGE);
        sink.accept(4L * PAGE, rxPage(file, 4 * PAGE, 0, PAGE), 0, PAGE);
        sink.accept(5L * PAGE, rxPage(file, 5 * PAGE, 0, PAGE), 0, PAGE);
        sink.accept(6L * PAGE, rxPage(file, 6 * PAGE, 0, 77), 0, 77);
        drain();
        assertThat(sink.stats().bytesWritten()).isZero();
        sink.accept(1000, rxPage(file, 1000, 1000, PAGE - 1000), 1000, PAGE - 1000);
        sink.accept(PAGE, rxPage(file, PAGE, 0, PAGE), 0, PAGE);
        sink.accept(2L * PAGE, rxPage(file, 2 * PAGE, 0, PAGE), 0, PAGE);
        drain();

        assertThat(sink.result()).isInstanceOf(SinkResult.Completed.class);
        assertThat(read(dir.resolve("late.bin"))).isEqualTo(file);
    }

    @Test
    void malformedAndLateFragmentsAreCountedDrops() {
        final byte[] file = randomBytes(9, PAGE);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("x.bin")).withLength(PAGE));
        assertThat(sink.accept(0, 999_999, 0, 10)).isEqualTo(Accept.MALFORMED);
        assertThat(sink.accept(0, rxPage(file, 0, 0, 10), 4090, 10)).isEqualTo(Accept.MALFORMED);
        assertThat(sink.accept(PAGE, rxPage(file, 0, 0, 10), 0, 10)).isEqualTo(Accept.BEYOND_END);
        sink.accept(0, rxPage(file, 0, 0, PAGE), 0, PAGE);
        drain();
        assertThat(sink.accept(0, rxPage(file, 0, 0, PAGE), 0, PAGE)).isEqualTo(Accept.CLOSED);
        assertThat(sink.stats().fragmentsMalformed()).isEqualTo(2);
        assertThat(read(dir.resolve("x.bin"))).isEqualTo(file);
    }

    @Test
    void anEmptyFileCompletesAtOnce() {
        final FileSink sink = sink(SinkConfig.of(dir.resolve("empty")).withLength(0));
        assertThat(sink.result()).isInstanceOf(SinkResult.Completed.class);
        assertThat(read(dir.resolve("empty"))).isEmpty();
    }

    @Test
    void aWrongSenderHashFailsVerificationAndKeepsNothing() {
        final byte[] file = randomBytes(10, 2 * PAGE);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("v.bin")).withLength(file.length)
            .withSha256(sha256(randomBytes(11, 2 * PAGE))));
        sink.accept(0, rxPage(file, 0, 0, PAGE), 0, PAGE);
        sink.accept(PAGE, rxPage(file, PAGE, 0, PAGE), 0, PAGE);
        drain();
        final SinkError error = ((SinkResult.Failed) sink.result()).error();
        assertThat(error.kind()).isEqualTo(SinkError.Kind.VERIFY_FAILED);
        assertThat(error.message()).contains("the sender's is");
        assertThat(dir.resolve("v.bin")).doesNotExist();
        assertThat(partFiles(dir, "v.bin")).isEmpty();
    }

    @Test
    void aStreamEndingBeforeDataItSentIsAProtocolError() {
        final byte[] file = randomBytes(12, 2 * PAGE);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("p.bin")));
        sink.accept(PAGE, rxPage(file, PAGE, 0, PAGE), 0, PAGE);
        sink.finish(100);
        drain();
        assertThat(((SinkResult.Failed) sink.result()).error().kind()).isEqualTo(SinkError.Kind.PROTOCOL);
    }

    @Test
    void streamOffsetsPastFourGibibytesMapToTheFile() {
        final long start = 5L << 30; // the file begins after 5 GiB of stream (sequence numbers wrapped on the way)
        final byte[] file = randomBytes(13, 2 * PAGE + 9);
        final FileSink sink = sink(SinkConfig.of(dir.resolve("far.bin")).withFileStart(start));
        sink.accept(start - 100, rxPage(file, 0, 0, 100), 0, 100);
        sink.accept(start, rxPage(file, 0, 0, PAGE), 0, PAGE);
        sink.accept(start + PAGE, rxPage(file, PAGE, 0, PAGE), 0, PAGE);
        sink.accept(start + 2 * PAGE, rxPage(file, 2 * PAGE, 0, 9), 0, 9);
        sink.finish(start + file.length);
        drain();

        assertThat(read(dir.resolve("far.bin"))).isEqualTo(file);
        assertThat(sink.stats().pagesFlipped()).isEqualTo(3);
        assertThat(sink.stats().bytesSkipped()).isEqualTo(100);
    }
}
