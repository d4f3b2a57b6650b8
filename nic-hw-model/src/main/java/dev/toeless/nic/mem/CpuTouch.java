package dev.toeless.nic.mem;

import dev.toeless.nic.cost.ByteOp;
import dev.toeless.nic.cost.CostMeter;
import dev.toeless.nic.csum.InternetChecksum;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The host CPU's only way to payload bytes in {@link HostMemory}: copy, checksum, compare.
 * Every byte it passes over is counted in the {@link TouchLedger}, so the report's
 * {@code touch_per_byte} cannot under-count.
 *
 * <p>It is also where the host's CPU work is charged: every pass over payload costs the
 * {@link CostMeter}'s warm or cold rate, and the host code that holds this object charges its
 * per-packet work through {@link #cost()}. The meter charges nothing unless one is set.
 *
 * <p>All page arguments are borrowed for the call; no reference changes hands. Ranges must lie
 * within one page: the callers hold fragments, and a fragment never crosses a page.
 */
public final class CpuTouch {
    private final HostMemory memory;
    private final TouchLedger ledger;
    private final UnsafeBuffer bytes;
    private CostMeter cost = CostMeter.NONE;

    public CpuTouch(HostMemory memory, TouchLedger ledger) {
        this.memory = memory;
        this.ledger = ledger;
        this.bytes = memory.bytes();
    }

    /** Where this host's CPU work is charged (the cost model), {@link CostMeter#NONE} by default. */
    public CostMeter cost() {
        return cost;
    }

    /** Charges this host's CPU work to {@code meter} from now on. */
    public void cost(CostMeter meter) {
        this.cost = meter;
    }

    public HostMemory memory() {
        return memory;
    }

    public TouchLedger ledger() {
        return ledger;
    }

    /** Copies payload from one page range to another (a counted copy). */
    public void copy(int srcPfn, int srcOffset, int dstPfn, int dstOffset, int length) {
        checkRange(srcPfn, srcOffset, length);
        checkRange(dstPfn, dstOffset, length);
        bytes.putBytes(HostMemory.byteIndex(dstPfn, dstOffset), bytes, HostMemory.byteIndex(srcPfn, srcOffset), length);
        ledger.copied(length);
        cost.touch(ByteOp.COPY, HostMemory.address(srcPfn, srcOffset), length);
        cost.written(length);
    }

    /** Copies payload out of a page into a buffer outside host memory (a copying read). */
    public void copyOut(int pfn, int offset, int length, MutableDirectBuffer dst, int dstOffset) {
        checkRange(pfn, offset, length);
        bytes.getBytes(HostMemory.byteIndex(pfn, offset), dst, dstOffset, length);
        ledger.copied(length);
        cost.touch(ByteOp.COPY, HostMemory.address(pfn, offset), length);
    }

    /** Copies payload out of a page into an array (a copying read). */
    public void copyOut(int pfn, int offset, int length, byte[] dst, int dstOffset) {
        checkRange(pfn, offset, length);
        bytes.getBytes(HostMemory.byteIndex(pfn, offset), dst, dstOffset, length);
        ledger.copied(length);
        cost.touch(ByteOp.COPY, HostMemory.address(pfn, offset), length);
    }

    /** Copies payload from outside host memory into a page (a copying write). */
    public void copyIn(DirectBuffer src, int srcOffset, int length, int pfn, int offset) {
        checkRange(pfn, offset, length);
        bytes.putBytes(HostMemory.byteIndex(pfn, offset), src, srcOffset, length);
        ledger.copied(length);
        cost.touch(ByteOp.COPY, HostMemory.address(pfn, offset), length);
        cost.written(length);
    }

    /** Copies payload from an array into a page (a copying write). */
    public void copyIn(byte[] src, int srcOffset, int length, int pfn, int offset) {
        checkRange(pfn, offset, length);
        bytes.putBytes(HostMemory.byteIndex(pfn, offset), src, srcOffset, length);
        ledger.copied(length);
        cost.touch(ByteOp.COPY, HostMemory.address(pfn, offset), length);
        cost.written(length);
    }

    /**
     * Adds the Internet checksum words of a page range to {@code acc} (a counted checksum pass).
     * The range is summed as if it started at an even stream offset; place it with
     * {@link InternetChecksum#sumAt(long, int, long)}.
     */
    public long checksum(int pfn, int offset, int length, long acc) {
        checkRange(pfn, offset, length);
        ledger.checksummed(length);
        cost.touch(ByteOp.CHECKSUM, HostMemory.address(pfn, offset), length);
        return InternetChecksum.sum(bytes, HostMemory.byteIndex(pfn, offset), length, acc);
    }

    /** Compares a page range with a buffer (a counted pass). */
    public boolean contentEquals(int pfn, int offset, int length, DirectBuffer other, int otherOffset) {
        checkRange(pfn, offset, length);
        ledger.compared(length);
        cost.touch(ByteOp.CHECKSUM, HostMemory.address(pfn, offset), length);
        final int base = HostMemory.byteIndex(pfn, offset);
        for (int i = 0; i < length; i++) {
            if (bytes.getByte(base + i) != other.getByte(otherOffset + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies protocol headers out of a page (modes without header split). Counted as header
     * bytes, not payload: callers pass the header length the parser found, never payload.
     */
    public void copyHeader(int pfn, int offset, int length, MutableDirectBuffer dst, int dstOffset) {
        checkRange(pfn, offset, length);
        bytes.getBytes(HostMemory.byteIndex(pfn, offset), dst, dstOffset, length);
        ledger.header(length);
    }

    /**
     * Writes protocol headers into a page (a header buffer posted for transmit). Counted as
     * header bytes, not payload.
     */
    public void writeHeader(DirectBuffer src, int srcOffset, int length, int pfn, int offset) {
        checkRange(pfn, offset, length);
        bytes.putBytes(HostMemory.byteIndex(pfn, offset), src, srcOffset, length);
        ledger.header(length);
    }

    private void checkRange(int pfn, int offset, int length) {
        if (!memory.isPage(pfn) || offset < 0 || length < 0 || offset + length > HostMemory.PAGE_SIZE) {
            throw outsidePage(pfn, offset, length);
        }
    }

    /** Kept out of {@link #checkRange} so the check is small enough to inline everywhere. */
    private static IndexOutOfBoundsException outsidePage(int pfn, int offset, int length) {
        return new IndexOutOfBoundsException("page range outside one page: pfn " + pfn + " offset " + offset
            + " length " + length);
    }
}
