package dev.toeless.bench.jmh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The three ways the capture benchmark reads a capture see the same records and the same bytes. */
class CaptureReadBenchmarkTest {
    @Test
    void streamJdkMappingAndChronicleMappingReadTheSameFrames(@TempDir Path dir) throws Exception {
        final CaptureReadBenchmark b = new CaptureReadBenchmark();
        b.prepare(dir, 3L << 20);
        final long stream = b.pcapReaderStream();
        assertThat(stream).isNotZero();
        assertThat(b.pcapReaderChronicleMapped()).isEqualTo(stream);
        assertThat(b.jdkMapped()).isEqualTo(stream);
        assertThat(b.chronicleMapped()).isEqualTo(stream);
        b.tearDown();
    }
}
