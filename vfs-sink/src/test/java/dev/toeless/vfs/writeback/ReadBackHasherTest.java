package dev.toeless.vfs.writeback;

import dev.toeless.vfs.disk.DiskFaults;
import dev.toeless.vfs.disk.GeneratedContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The part file's read-back hash, computed behind the writes: the file's bytes, however they were written. */
class ReadBackHasherTest {
    @TempDir
    Path dir;

    private static byte[] content(long seed, int length) {
        final byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] sha(byte[] bytes) {
        return GeneratedContent.sha256Digest().digest(bytes);
    }

    /** Writes {@code bytes[from, to)} at {@code from} and tells the part file. */
    private static void write(PartFile part, byte[] bytes, int from, int to) throws Exception {
        part.channel().write(ByteBuffer.wrap(bytes, from, to - from), from);
        part.written(from, to - from);
    }

    @Test
    void writesInFileOrderAreHashedBehindTheWrites() throws Exception {
        final byte[] bytes = content(1, 1_000_003);
        final PartFile part = PartFile.create(dir.resolve("in-order.bin"), DiskFaults.NONE);
        for (int at = 0; at < bytes.length; at += 40_960) {
            write(part, bytes, at, Math.min(bytes.length, at + 40_960));
        }
        assertThat(part.commit(bytes.length, sha(bytes), true)).isEqualTo(sha(bytes));
        assertThat(part.hashedBehindWrites()).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("in-order.bin"))).isEqualTo(bytes);
    }

    @Test
    void aRewriteBelowWhatWasHashedFallsBackToReadingTheFileWhole() throws Exception {
        final byte[] bytes = content(2, 300_000);
        final PartFile part = PartFile.create(dir.resolve("rewritten.bin"), DiskFaults.NONE);
        final byte[] first = bytes.clone();
        first[10] ^= 1; // the first version of the start differs from what the file ends with
        write(part, first, 0, 150_000);
        Thread.sleep(20); // lets the thread hash the first version
        write(part, bytes, 150_000, bytes.length);
        write(part, bytes, 0, 150_000); // rewritten: the hash behind the writes is not the file's
        assertThat(part.commit(bytes.length, sha(bytes), true)).isEqualTo(sha(bytes));
        assertThat(part.hashedBehindWrites()).isFalse();
    }

    @Test
    void aFileThatDoesNotHashAsExpectedStillFails() throws Exception {
        final byte[] bytes = content(3, 100_000);
        final PartFile part = PartFile.create(dir.resolve("wrong.bin"), DiskFaults.NONE);
        write(part, bytes, 0, bytes.length);
        final byte[] other = sha(content(4, 100_000));
        assertThatThrownBy(() -> part.commit(bytes.length, other, true))
            .isInstanceOf(FileVerificationException.class).hasMessageContaining("reads back with SHA-256");
        part.discard();
        assertThat(dir.resolve("wrong.bin")).doesNotExist();
    }

    @Test
    void aSmallFileIsReadBackWholeAtCommitWithoutAThread() throws Exception {
        final byte[] bytes = content(5, (int) ReadBackHasher.START_AFTER_BYTES - 1);
        final PartFile part = PartFile.create(dir.resolve("small.bin"), DiskFaults.NONE);
        write(part, bytes, 0, bytes.length);
        assertThat(part.commit(bytes.length, sha(bytes), true)).isEqualTo(sha(bytes));
        assertThat(part.hashedBehindWrites()).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("small.bin"))).isEqualTo(bytes);
    }
}
