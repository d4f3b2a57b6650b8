package dev.toeless.nic.mem;

import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;

/**
 * What the host CPU did to payload bytes: every byte {@link CpuTouch} copied, checksummed or
 * compared. A pass is one trip of the CPU over one byte, so {@link #touchedBytes()} divided by
 * the payload delivered is the report's {@code touch_per_byte}, and {@link #copiedBytes()}
 * divided by it is {@code copies_per_byte}.
 *
 * <p>Protocol header bytes the CPU copies out of a page (in modes without header split) are
 * counted apart: they are not payload.
 */
public final class TouchLedger implements CounterSet {
    private long copiedBytes;
    private long checksummedBytes;
    private long comparedBytes;
    private long copyOps;
    private long headerBytes;

    void copied(int bytes) {
        copiedBytes += bytes;
        copyOps++;
    }

    void checksummed(int bytes) {
        checksummedBytes += bytes;
    }

    void compared(int bytes) {
        comparedBytes += bytes;
    }

    void header(int bytes) {
        headerBytes += bytes;
    }

    public long copiedBytes() {
        return copiedBytes;
    }

    public long checksummedBytes() {
        return checksummedBytes;
    }

    public long comparedBytes() {
        return comparedBytes;
    }

    public long copyOps() {
        return copyOps;
    }

    public long headerBytes() {
        return headerBytes;
    }

    /** Every pass of the host CPU over a payload byte. */
    public long touchedBytes() {
        return copiedBytes + checksummedBytes + comparedBytes;
    }

    /**
     * The ledger under its report names: {@code touched_bytes} (every pass), then copied,
     * checksummed and compared bytes, copy operations and header bytes.
     */
    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.counter("touched_bytes", touchedBytes());
        visitor.counter("copied_bytes", copiedBytes);
        visitor.counter("checksummed_bytes", checksummedBytes);
        visitor.counter("compared_bytes", comparedBytes);
        visitor.counter("copy_ops", copyOps);
        visitor.counter("header_bytes", headerBytes);
    }

    public void reset() {
        copiedBytes = 0;
        checksummedBytes = 0;
        comparedBytes = 0;
        copyOps = 0;
        headerBytes = 0;
    }
}
