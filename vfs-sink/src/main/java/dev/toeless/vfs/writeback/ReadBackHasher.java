package dev.toeless.vfs.writeback;

import dev.toeless.vfs.disk.GeneratedContent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads a part file back and hashes it while it is being written, on a thread of its own (another
 * core where there is one), so that the verification at commit need not read the whole file after
 * the transfer. The writer tells it each write as it completes ({@link #written}); the thread reads
 * from disk (the OS page cache) only bytes below the written prefix, in order. Writes must arrive in
 * file order: a write that leaves a gap or lands below the prefix already told marks the hash
 * unusable, and {@link #sha256(long)} then answers null so the caller reads the file back whole.
 * What is hashed is what the file holds, read back, as before; only when it is read moves. The
 * thread starts once the file passes {@link #START_AFTER_BYTES}: a smaller file is read back whole
 * at commit, which costs less than starting a thread (a replay or a fuzz run writes thousands).
 */
final class ReadBackHasher {
    private final FileChannel channel;
    private final MessageDigest digest = GeneratedContent.sha256Digest();
    /** Below this many bytes written, no thread is started and commit reads the file back whole. */
    static final long START_AFTER_BYTES = 256 * 1024;

    private final Thread thread;
    private boolean started;
    private volatile long writtenPrefix;
    private volatile boolean unusable;
    private volatile boolean stopped;
    private volatile long hashed;
    private volatile IOException failure;

    ReadBackHasher(FileChannel channel) {
        this.channel = channel;
        this.thread = new Thread(this::run, "toeless-readback");
        thread.setDaemon(true);
    }

    /** A write of {@code length} bytes at {@code offset} is on disk (the writer's thread). */
    void written(long offset, long length) {
        if (offset != writtenPrefix) {
            unusable = true; // out of order or a rewrite: hashed bytes might not be the file's
            if (started) {
                LockSupport.unpark(thread);
            }
            return;
        }
        writtenPrefix = offset + length;
        if (!started && writtenPrefix >= START_AFTER_BYTES) {
            started = true;
            thread.start();
        }
        LockSupport.unpark(thread);
    }

    /**
     * The SHA-256 of the file's first {@code lengthBytes} bytes, waiting for the thread to finish
     * them; null when the writes did not come in order, the file is not that long, or a read failed.
     */
    byte[] sha256(long lengthBytes) {
        if (!started || unusable || writtenPrefix != lengthBytes) {
            stop();
            return null;
        }
        while (hashed < lengthBytes && failure == null && !unusable && thread.isAlive()) {
            LockSupport.unpark(thread);
            LockSupport.parkNanos(100_000);
        }
        stop();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return failure == null && !unusable && hashed == lengthBytes ? digest.digest() : null;
    }

    /** Stops the thread (the file is discarded, or its hash is no longer wanted). */
    void stop() {
        stopped = true;
        if (started) {
            LockSupport.unpark(thread);
        }
    }

    /** Whether the thread was started (the file passed {@link #START_AFTER_BYTES} in order). */
    boolean started() {
        return started;
    }

    private void run() {
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long at = 0;
        try {
            while (!stopped && !unusable) {
                final long limit = writtenPrefix;
                if (at >= limit) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                buffer.clear().limit((int) Math.min(buffer.capacity(), limit - at));
                final int n = channel.read(buffer, at);
                if (n <= 0) {
                    unusable = true; // shorter than written: let the caller read it back whole
                    return;
                }
                digest.update(buffer.flip());
                at += n;
                hashed = at;
            }
        } catch (IOException e) {
            failure = e;
        }
    }
}
