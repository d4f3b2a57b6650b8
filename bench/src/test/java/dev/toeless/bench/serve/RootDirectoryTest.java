package dev.toeless.bench.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Request targets mapped to files under the root, and every way out of it refused. */
class RootDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void targetsMapUnderTheRoot() throws Exception {
        final Path rootPath = Files.createDirectories(dir.resolve("root"));
        final RootDirectory root = new RootDirectory(rootPath);
        final Path real = rootPath.toRealPath();
        assertThat(root.resolve("/a.bin").path()).isEqualTo(real.resolve("a.bin"));
        assertThat(root.resolve("/sub/b.bin?x=1").path()).isEqualTo(real.resolve("sub/b.bin"));
        assertThat(root.resolve("/with%20space.txt").path()).isEqualTo(real.resolve("with space.txt"));
        assertThat(root.resolve("/caf%C3%A9").path()).isEqualTo(real.resolve("café"));
        assertThat(root.resolve("/").path()).isEqualTo(real);
        assertThat(root.resolve("/sub/").path()).isEqualTo(real.resolve("sub"));
    }

    @Test
    void waysOutAreRefused() throws Exception {
        final Path rootPath = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(rootPath.resolve("escape"), dir);
        final RootDirectory root = new RootDirectory(rootPath);
        for (String target : new String[] {"/../x", "/a/../../x", "/%2e%2e/x", "/%2E%2E%2Fx", "/a//b", "/./a",
            "/a%00b", "/a%5c..%5cb", "/escape/x", "/escape"}) {
            assertThat(root.resolve(target).status()).as(target).isEqualTo(403);
            assertThat(root.resolve(target).ok()).isFalse();
        }
        for (String target : new String[] {"x", "*", "/%zz", "/%4"}) {
            assertThat(root.resolve(target).status()).as(target).isEqualTo(400);
        }
    }
}
