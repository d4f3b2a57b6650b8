package dev.toeless.nic.mem;

/**
 * What the host CPU did to payload bytes: every byte {@link CpuTouch} copied, checksummed or
 * compared. A pass is one trip of the CPU over one byte, so {@link #touchedBytes()} divided by
 * the payload delivered is the report's {@code touch_per_byte}, and {@link #copiedBytes()}
 * divided by it is {@code copies_per_byte}.
 *
 * <p>Protocol header bytes the CPU copies out of a page (in modes without header split) are
 * counted apart: they are not payload.
 */
public final class TouchLedger {
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

    public TouchSnapshot snapshot() {
        return new TouchSnapshot(copiedBytes, checksummedBytes, comparedBytes, copyOps, headerBytes);
    }

    public void reset() {
        copiedBytes = 0;
        checksummedBytes = 0;
        comparedBytes = 0;
        copyOps = 0;
        headerBytes = 0;
    }

    /** The ledger's figures at one moment. */
    public record TouchSnapshot(long copiedBytes, long checksummedBytes, long comparedBytes, long copyOps,
                                long headerBytes) {
        public long touchedBytes() {
            return copiedBytes + checksummedBytes + comparedBytes;
        }

        public TouchSnapshot minus(TouchSnapshot earlier) {
            return new TouchSnapshot(copiedBytes - earlier.copiedBytes, checksummedBytes - earlier.checksummedBytes,
                comparedBytes - earlier.comparedBytes, copyOps - earlier.copyOps, headerBytes - earlier.headerBytes);
        }
    }
}
