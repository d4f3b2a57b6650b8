package dev.toeless.vfs.sink;

import dev.toeless.vfs.disk.DiskFaults;

import java.nio.file.Path;

/**
 * What a {@link FileSink} receives and where it puts it.
 *
 * @param path                the final file name ({@code NAME.PID.N.part} while receiving)
 * @param fileStartOffset     the stream offset of the file's first byte; bytes before it (a protocol
 *                            header) are released unread
 * @param expectedLengthBytes the file's length if known ahead, else -1 (then {@link FileSink#finish}
 *                            gives it)
 * @param expectedSha256      the sender's SHA-256 of the file, or null
 * @param dirtyLimitPages     the most dirty pages the file may hold before its window closes
 * @param verifyReadBack      read the written file back to hash it even without an expected hash
 * @param faults              faults to inject into the disk
 */
public record SinkConfig(Path path, long fileStartOffset, long expectedLengthBytes, byte[] expectedSha256,
                         int dirtyLimitPages, boolean verifyReadBack, DiskFaults faults) {
    /**
     * 64 MiB of dirty pages per file, like a Linux host's {@code vm.dirty_bytes} (or
     * {@code vm.dirty_ratio} of a few hundred MiB of memory): larger than a server's last-level
     * cache (32 MiB on the machine the figures were measured on), so that what the receive path
     * writes into the page cache is not all still cached when it is written back.
     */
    public static final int DEFAULT_DIRTY_LIMIT_PAGES = 16_384;

    public SinkConfig {
        if (fileStartOffset < 0) {
            throw new IllegalArgumentException("file start offset must not be negative: " + fileStartOffset);
        }
        if (expectedLengthBytes < -1) {
            throw new IllegalArgumentException("expected length is -1 (unknown) or a length: " + expectedLengthBytes);
        }
        if (expectedSha256 != null && expectedSha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 has 32 bytes, not " + expectedSha256.length);
        }
        if (dirtyLimitPages < 2) {
            throw new IllegalArgumentException("dirty limit must be at least 2 pages: " + dirtyLimitPages);
        }
        expectedSha256 = expectedSha256 == null ? null : expectedSha256.clone();
    }

    /** A file of unknown length starting at stream offset 0, verified by read-back. */
    public static SinkConfig of(Path path) {
        return new SinkConfig(path, 0, -1, null, DEFAULT_DIRTY_LIMIT_PAGES, true, DiskFaults.NONE);
    }

    public SinkConfig withFileStart(long streamOffset) {
        return new SinkConfig(path, streamOffset, expectedLengthBytes, expectedSha256, dirtyLimitPages, verifyReadBack, faults);
    }

    public SinkConfig withLength(long lengthBytes) {
        return new SinkConfig(path, fileStartOffset, lengthBytes, expectedSha256, dirtyLimitPages, verifyReadBack, faults);
    }

    public SinkConfig withSha256(byte[] sha256) {
        return new SinkConfig(path, fileStartOffset, expectedLengthBytes, sha256, dirtyLimitPages, verifyReadBack, faults);
    }

    public SinkConfig withDirtyLimitPages(int pages) {
        return new SinkConfig(path, fileStartOffset, expectedLengthBytes, expectedSha256, pages, verifyReadBack, faults);
    }

    public SinkConfig withVerifyReadBack(boolean verify) {
        return new SinkConfig(path, fileStartOffset, expectedLengthBytes, expectedSha256, dirtyLimitPages, verify, faults);
    }

    public SinkConfig withFaults(DiskFaults diskFaults) {
        return new SinkConfig(path, fileStartOffset, expectedLengthBytes, expectedSha256, dirtyLimitPages, verifyReadBack,
            diskFaults);
    }

    @Override
    public byte[] expectedSha256() {
        return expectedSha256 == null ? null : expectedSha256.clone();
    }
}
