package dev.toeless.vfs.writeback;

import dev.toeless.vfs.disk.DiskFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A part file is this run's own, and one being stopped leaves none behind. */
class PartFileTest {
    @TempDir
    Path dir;

    @Test
    void twoReceiversOfTheSameNameWriteTwoPartFiles() throws IOException {
        final Path name = dir.resolve("same.bin");
        try (PartFile one = PartFile.create(name, DiskFaults.NONE); PartFile two = PartFile.create(name, DiskFaults.NONE)) {
            assertThat(one.partPath()).isNotEqualTo(two.partPath());
            assertThat(one.partPath().getFileName().toString())
                .matches("same\\.bin\\." + ProcessHandle.current().pid() + "\\.\\d+\\.part");
            one.channel().write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
            two.channel().write(ByteBuffer.wrap(new byte[] {9}), 0);
            one.commit(3, null, true);
            assertThat(Files.readAllBytes(name)).containsExactly(1, 2, 3);
            two.discard();
        }
        assertThat(Files.readAllBytes(name)).as("the other run's part did not touch it").containsExactly(1, 2, 3);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(name);
        }
    }

    @Test
    void anOpenPartFileIsDeletedWhenTheProcessIsStopped() throws IOException {
        final PartFile open = PartFile.create(dir.resolve("big.bin"), DiskFaults.NONE);
        final PartFile done = PartFile.create(dir.resolve("small.bin"), DiskFaults.NONE);
        done.commit(0, null, false);
        PartFile.discardAllOpen(); // what the command line's shutdown hook runs on Ctrl-C
        assertThat(open.partPath()).doesNotExist();
        assertThat(dir.resolve("small.bin")).exists();
    }
}
