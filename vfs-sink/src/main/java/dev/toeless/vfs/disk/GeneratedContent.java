package dev.toeless.vfs.disk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic pseudo-random file content: the byte at any offset is a pure function of the seed
 * and the offset, so a generated "file" of any size (beyond 4 GiB too) can be read at random
 * positions, and its SHA-256 computed ahead of a transfer without storing it.
 *
 * <p>Word {@code i} (bytes {@code 8i..8i+7}, little-endian) is a SplitMix64 finalisation of
 * {@code seed + i * golden}.
 */
public final class GeneratedContent {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private final long seed;

    public GeneratedContent(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The 64-bit word holding bytes {@code 8 * wordIndex .. 8 * wordIndex + 7}. */
    public long wordAt(long wordIndex) {
        return mix(seed + wordIndex * GOLDEN);
    }

    private static long mix(long z0) {
        long z = z0;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public byte byteAt(long offset) {
        return (byte) (wordAt(offset >>> 3) >>> ((offset & 7) << 3));
    }

    /** Fills {@code dst} from its position to its limit with the content at {@code offset} onwards. */
    public void fill(ByteBuffer dst, long offset) {
        final ByteOrder order = dst.order();
        dst.order(ByteOrder.LITTLE_ENDIAN);
        long at = offset;
        while (dst.hasRemaining() && (at & 7) != 0) {
            dst.put(byteAt(at++));
        }
        // whole words by absolute index (no position update per word), the next word's seed by addition
        int pos = dst.position();
        final int words = dst.remaining() >>> 3;
        long z0 = seed + (at >>> 3) * GOLDEN;
        for (int k = 0; k < words; k++) {
            dst.putLong(pos, mix(z0));
            z0 += GOLDEN;
            pos += Long.BYTES;
        }
        dst.position(pos);
        at += (long) words * Long.BYTES;
        while (dst.hasRemaining()) {
            dst.put(byteAt(at++));
        }
        dst.order(order);
    }

    /** The SHA-256 of the first {@code lengthBytes} bytes, generated in a small buffer. */
    public byte[] sha256(long lengthBytes) {
        return sha256(lengthBytes, () -> false);
    }

    /** The same, given up (null) as soon as {@code stop} says so. */
    private byte[] sha256(long lengthBytes, java.util.function.BooleanSupplier stop) {
        final MessageDigest digest = sha256Digest();
        final ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        long at = 0;
        while (at < lengthBytes) {
            if (stop.getAsBoolean()) {
                return null;
            }
            chunk.clear().limit((int) Math.min(chunk.capacity(), lengthBytes - at));
            fill(chunk, at);
            chunk.flip();
            at += chunk.remaining();
            digest.update(chunk);
        }
        return digest.digest();
    }

    /**
     * The SHA-256 of the first {@code lengthBytes} bytes, computed on a daemon thread of its own
     * (another core where there is one) while the caller goes on: a transfer need not wait for it.
     * Cancelling the future stops the thread.
     */
    public CompletableFuture<byte[]> sha256InBackground(long lengthBytes) {
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        final Thread t = new Thread(() -> {
            try {
                final byte[] sha = sha256(lengthBytes, result::isDone);
                if (sha != null) {
                    result.complete(sha);
                }
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "toeless-sha256");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** A fresh SHA-256 digest (every JDK has one). */
    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
