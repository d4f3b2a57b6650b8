package dev.toeless.bench.ddp;

import dev.toeless.nic.card.ddp.AccessRights;
import dev.toeless.nic.card.ddp.DdpCard;
import dev.toeless.nic.card.ddp.RegionTable;
import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.stack.ddp.DdpPair;
import dev.toeless.stack.ddp.PostedBuffer;
import dev.toeless.stack.ddp.ReceivedMessage;
import dev.toeless.vfs.sink.FileSink;
import dev.toeless.vfs.sink.SinkConfig;
import dev.toeless.vfs.sink.SinkResult;
import dev.toeless.vfs.source.FileSource;
import dev.toeless.vfs.stats.VfsCounters;
import dev.toeless.vfs.writeback.Writeback;
import dev.toeless.vfs.writeback.WritebackConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file receive of {@code toe+ddp}, run over our host TCP (the TOE card that will carry it
 * does not exist yet): host b registers the pages that will become the file's page-cache pages as
 * one region and tells host a its STag in a SEND; a WRITEs the file into it, each segment placed
 * by b's card DMA after the tag check, and SENDs "done"; b then deregisters the region and flips
 * every page into the page cache, and writeback puts the file on disk. Not one byte of the file
 * passes through b's CPU: its ledger holds only the 16 bytes of the advertisement it wrote.
 */
class DdpFileReceiveTest {
    private static final int FILE_BYTES = 8 << 20;
    private static final int ADVERT_BYTES = 16;

    @TempDir
    Path dir;

    @Test
    void aFileWrittenIntoRegisteredPageCachePagesLandsWithoutAHostTouch() throws IOException {
        final DdpPair pair = new DdpPair(21);
        final HostMemory bMemory = pair.b.memory();
        final PagePool cachePool = new PagePool(bMemory, "b.cache", 2_100);
        final PagePool bufferPool = new PagePool(bMemory, "b.buffers", 2);
        final PagePool aBufferPool = new PagePool(pair.a.memory(), "a.buffers", 2);
        final PagePool sourcePool = new PagePool(pair.a.memory(), "a.file", 512);
        final FileSource source = FileSource.generated(21, FILE_BYTES, pair.a.memory(), new DiskDma(pair.a.memory()),
            sourcePool);
        final SinkResult[] result = new SinkResult[1];
        final Writeback writeback = new Writeback(pair.scheduler, bMemory, new DiskDma(bMemory),
            new WritebackConfig(2_000_000_000L, 0, WritebackConfig.DEFAULT_PAGES_PER_IO));
        final FileSink sink = new FileSink(SinkConfig.of(dir.resolve("ddp.bin")).withLength(FILE_BYTES)
            .withSha256(source.sha256()), pair.b.cpu(), cachePool, writeback, new VfsCounters(), r -> result[0] = r);
        final long copiedBefore = pair.b.ledger().copiedBytes();
        final long checksummedBefore = pair.b.ledger().checksummedBytes();

        // b: a small local region for posted buffers, and the file's pages as one region.
        final int[] local = {bufferPool.allocate()};
        final int localStag = pair.cardB.register(local, 1, 0, HostMemory.PAGE_SIZE, 0, AccessRights.LOCAL_WRITE,
            DdpPair.PD).stag();
        pair.responder.post(new PostedBuffer(localStag, 0, 64));
        final int pages = RegionTable.pagesSpanned(0, FILE_BYTES);
        final int[] cachePages = new int[pages];
        for (int i = 0; i < pages; i++) {
            cachePages[i] = cachePool.allocate();
        }
        final DdpCard.Registration file = pair.cardB.register(cachePages, pages, 0, FILE_BYTES, 0,
            AccessRights.REMOTE_WRITE | AccessRights.LOCAL_WRITE, DdpPair.PD);
        assertThat(file.ok()).isTrue();
        assertThat(file.costNs()).as("2 us a call (estimate) + 0.3 us a page").isEqualTo(2_000 + 300L * pages);
        assertThat(pair.cardB.translation().usedBytes()).as("8 bytes of card memory a page").isEqualTo(8L * (pages + 1));

        // a: a buffer for the advertisement.
        final int[] aLocal = {aBufferPool.allocate()};
        final int aStag = pair.cardA.register(aLocal, 1, 0, HostMemory.PAGE_SIZE, 0, AccessRights.LOCAL_WRITE,
            DdpPair.PD).stag();
        pair.initiator.post(new PostedBuffer(aStag, 0, 64));

        // b tells a the STag once registration is done (it takes the modeled registration time).
        final byte[] advert = new byte[ADVERT_BYTES];
        final UnsafeBuffer ad = new UnsafeBuffer(advert);
        ad.putInt(0, file.stag(), ByteOrder.BIG_ENDIAN);
        ad.putLong(4, 0, ByteOrder.BIG_ENDIAN);
        ad.putInt(12, FILE_BYTES, ByteOrder.BIG_ENDIAN);
        pair.scheduler.after(file.costNs(), () -> pair.responder.sendBytes(advert));

        final ReceivedMessage[] heard = new ReceivedMessage[1];
        assertThat(pair.run(() -> (heard[0] = pair.initiator.pollReceived()) != null, DdpPair.SECOND)).isTrue();
        final byte[] got = new byte[heard[0].lengthBytes()];
        pair.a.cpu().copyOut(aLocal[0], 0, got.length, got, 0);
        final UnsafeBuffer in = new UnsafeBuffer(got);
        final int stag = in.getInt(0, ByteOrder.BIG_ENDIAN);
        final long base = in.getLong(4, ByteOrder.BIG_ENDIAN);

        // a writes the file page by page, keeping at most 1 MiB queued, then says done.
        final boolean[] doneSent = {false};
        final ReceivedMessage[] done = new ReceivedMessage[1];
        final boolean finished = pair.runUntil(() -> done[0] != null, () -> {
            if (pair.initiator.queuedBytes() < (1 << 20) && !source.exhausted()) {
                try {
                    source.pump((offset, pfn, pageOffset, length) -> {
                        assertThat(pair.initiator.write(stag, base + offset, new FragList(1).add(pfn, pageOffset, length)))
                            .isTrue();
                    }, 64);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            if (source.exhausted() && !doneSent[0]) {
                doneSent[0] = pair.initiator.sendBytes(new byte[] {'d', 'o', 'n', 'e'});
            }
            pair.initiator.poll();
            pair.responder.poll();
            if (done[0] == null) {
                done[0] = pair.responder.pollReceived();
            }
        }, 60 * DdpPair.SECOND);
        assertThat(finished).as("%s / %s", pair.initiator, pair.responder).isTrue();
        assertThat(pair.responder.counters().taggedBytesPlaced()).isEqualTo(FILE_BYTES);

        // b: the region's pages become the file's page-cache pages.
        assertThat(pair.cardB.deregister(file.stag())).isTrue();
        for (int i = 0; i < pages; i++) {
            sink.accept((long) i * HostMemory.PAGE_SIZE, cachePages[i], 0,
                Math.min(HostMemory.PAGE_SIZE, FILE_BYTES - i * HostMemory.PAGE_SIZE));
        }
        pair.runUntil(() -> result[0] != null, () -> { }, 60 * DdpPair.SECOND);
        assertThat(result[0]).isInstanceOf(SinkResult.Completed.class);
        assertThat(((SinkResult.Completed) result[0]).sha256()).isEqualTo(source.sha256());
        assertThat(sink.stats().pagesFlipped()).isEqualTo(pages);
        assertThat(sink.stats().pagesCopied()).isZero();
        assertThat(pair.b.ledger().checksummedBytes() - checksummedBefore).isZero();
        assertThat(pair.b.ledger().copiedBytes() - copiedBefore).as("only the advertisement").isEqualTo(ADVERT_BYTES);
        System.out.printf("ddp file receive: %d bytes, %d pages flipped, %d copied; b's CPU touched %d file bytes"
                + " (%d bytes of advertisement); registration %d ns modeled; card DMA placed %d bytes;"
                + " translation memory peak %d bytes; %.3f s virtual%n", FILE_BYTES, sink.stats().pagesFlipped(),
            sink.stats().pagesCopied(), pair.b.ledger().copiedBytes() - copiedBefore - ADVERT_BYTES, ADVERT_BYTES,
            pair.cardB.registrationNs(), pair.cardB.placement().bytesPlaced(), pair.cardB.translation().peakBytes(),
            pair.scheduler.nowNs() / 1e9);

        source.close();
        pair.closeAndCheckNoLeaks(() -> {
            pair.cardB.deregister(localStag);
            pair.cardA.deregister(aStag);
            bMemory.release(local[0]);
            pair.a.memory().release(aLocal[0]);
        }, cachePool::close, bufferPool::close, aBufferPool::close, sourcePool::close);
    }
}
