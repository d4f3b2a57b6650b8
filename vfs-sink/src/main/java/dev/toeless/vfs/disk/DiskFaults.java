package dev.toeless.vfs.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Faults to inject into the disk under a written file: the channel fails once {@code failAfterBytes}
 * have been written (writing the bytes that still fit first, as a filling disk does), and/or its
 * {@code force} fails. {@link #NONE} opens plain channels.
 *
 * @param failAfterBytes bytes the disk accepts before it fails, or -1 for never
 * @param kind           what the failure looks like to the writer
 * @param failForce      true when {@code fsync} fails
 */
public record DiskFaults(long failAfterBytes, Kind kind, boolean failForce) {
    /** No faults: real channels, unwrapped. */
    public static final DiskFaults NONE = new DiskFaults(-1, Kind.IO_ERROR, false);

    /** How an injected failure reads: the messages are the ones Linux gives for EIO and ENOSPC. */
    public enum Kind {
        IO_ERROR("Input/output error"),
        DISK_FULL("No space left on device");

        private final String message;

        Kind(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    /** A disk that is full after {@code bytes}. */
    public static DiskFaults diskFullAfter(long bytes) {
        return new DiskFaults(bytes, Kind.DISK_FULL, false);
    }

    /** A disk that reports an I/O error after {@code bytes}. */
    public static DiskFaults ioErrorAfter(long bytes) {
        return new DiskFaults(bytes, Kind.IO_ERROR, false);
    }

    /** A disk whose writes succeed but whose fsync fails. */
    public static DiskFaults failingFsync() {
        return new DiskFaults(-1, Kind.IO_ERROR, true);
    }

    public boolean isNone() {
        return failAfterBytes < 0 && !failForce;
    }

    /** Opens {@code path} with {@code options}, wrapped to fail as configured. */
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        final FileChannel channel = FileChannel.open(path, options);
        return isNone() ? channel : new FaultInjectingChannel(channel, this);
    }
}
