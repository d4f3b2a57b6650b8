package dev.toeless.nic.card.ddp;

import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.zip.CRC32C;

/**
 * The card's DMA for direct data placement: it reads a received segment's bytes where the byte
 * stream holds them and writes them into a registered region, but only after the
 * {@link TagChecker} has passed the whole segment; and it computes MPA's CRC32c as it reads. The
 * bytes pass through the card's own staging buffer; none reaches the host CPU, so the host's touch
 * ledger never sees them (they are counted here, and as DMA in the engine).
 *
 * <p>The stream's bytes may sit in a memory other than the regions' host memory: on a TOE card the
 * byte stream lives in card memory, read by the card without crossing the bus, and only the writes
 * into registered host pages cross the PCI link ({@link #bus}).
 *
 * <p>Page arguments are borrowed for the call: no reference changes hands.
 */
public final class PlacementDma {
    private final DmaEngine dma;
    private final DmaEngine source;
    private final TagChecker checker;
    private final RegionTable table;
    private final byte[] stagingBytes = new byte[HostMemory.PAGE_SIZE];
    private final UnsafeBuffer staging = new UnsafeBuffer(stagingBytes);
    private final CRC32C crc = new CRC32C();
    private long bytesPlaced;
    private long segmentsPlaced;
    private long segmentsRefused;
    private long crcBytes;

    PlacementDma(HostMemory memory, HostMemory streamMemory, TagChecker checker) {
        this.dma = new DmaEngine(memory);
        this.source = streamMemory == memory ? dma : new DmaEngine(streamMemory);
        this.checker = checker;
        this.table = checker.table();
    }

    /**
     * Checks and places one segment: {@code lengthBytes} bytes at offset {@code srcFrom} of the
     * stream fragments {@code src}, to tagged offset {@code to} of region {@code stag}, for a stream
     * of protection domain {@code pd} asking {@code wantedRights}. Returns the check's answer; on
     * anything but {@link ProtectionError#NONE} not one byte is written.
     */
    public ProtectionError place(int stag, int pd, int wantedRights, long to, FragList src, long srcFrom,
                                 int lengthBytes) {
        final ProtectionError e = checker.check(stag, pd, wantedRights, to, lengthBytes);
        if (e != ProtectionError.NONE) {
            segmentsRefused++;
            return e;
        }
        if (srcFrom < 0 || srcFrom + lengthBytes > src.totalBytes()) {
            throw new IndexOutOfBoundsException("segment outside the stream fragments: " + srcFrom + "+" + lengthBytes
                + " of " + src.totalBytes());
        }
        final int index = checker.lastIndex();
        long regionOffset = to - table.base(index);
        long skip = srcFrom;
        int left = lengthBytes;
        for (int i = 0; i < src.count() && left > 0; i++) {
            final int fragLength = src.length(i);
            if (skip >= fragLength) {
                skip -= fragLength;
                continue;
            }
            int fragAt = (int) skip;
            skip = 0;
            while (fragAt < fragLength && left > 0) {
                final int dstOffset = table.pageOffsetAt(index, regionOffset);
                final int n = Math.min(Math.min(fragLength - fragAt, HostMemory.PAGE_SIZE - dstOffset), left);
                source.fromHost(src.address(i) + fragAt, n, staging, 0);
                dma.toHost(staging, 0, n, HostMemory.address(table.pfnAt(index, regionOffset), dstOffset));
                fragAt += n;
                regionOffset += n;
                left -= n;
            }
        }
        bytesPlaced += lengthBytes;
        segmentsPlaced++;
        return ProtectionError.NONE;
    }

    /** The CRC32c (RFC 3385, as MPA uses it) of {@code lengthBytes} bytes at {@code from} of {@code src}. */
    public int crc32c(FragList src, long from, long lengthBytes) {
        if (from < 0 || lengthBytes < 0 || from + lengthBytes > src.totalBytes()) {
            throw new IndexOutOfBoundsException("CRC range outside the fragments: " + from + "+" + lengthBytes
                + " of " + src.totalBytes());
        }
        crc.reset();
        long skip = from;
        long left = lengthBytes;
        for (int i = 0; i < src.count() && left > 0; i++) {
            final int fragLength = src.length(i);
            if (skip >= fragLength) {
                skip -= fragLength;
                continue;
            }
            final int n = (int) Math.min(fragLength - skip, left);
            source.fromHost(src.address(i) + skip, n, staging, 0);
            crc.update(stagingBytes, 0, n);
            skip = 0;
            left -= n;
        }
        crcBytes += lengthBytes;
        return (int) crc.getValue();
    }

    /** The PCI link the writes into host pages cross (reads of the stream stay on the card when it is in card memory). */
    void bus(DeviceBus bus) {
        dma.bus(bus);
    }

    public long bytesPlaced() {
        return bytesPlaced;
    }

    public long segmentsPlaced() {
        return segmentsPlaced;
    }

    public long segmentsRefused() {
        return segmentsRefused;
    }

    /** Bytes the CRC unit read. */
    public long crcBytes() {
        return crcBytes;
    }

    /** The DMA engine's own counters (bytes to and from host memory). */
    public long dmaBytesToHost() {
        return dma.bytesToHost();
    }
}
