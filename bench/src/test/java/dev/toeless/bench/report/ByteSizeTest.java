package dev.toeless.bench.report;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSizeTest {
    @Test
    void binaryUnits() {
        assertThat(ByteSize.parse("4096")).isEqualTo(4096);
        assertThat(ByteSize.parse("64K")).isEqualTo(65536);
        assertThat(ByteSize.parse("256MiB")).isEqualTo(256L << 20);
        assertThat(ByteSize.parse("5g")).isEqualTo(5L << 30);
        assertThat(ByteSize.parse("1 TB")).isEqualTo(1L << 40);
    }

    @Test
    void nonsenseIsAClearMessage() {
        assertThatThrownBy(() -> ByteSize.parse("lots")).isInstanceOf(CommandLine.TypeConversionException.class)
            .hasMessageContaining("not a size");
        assertThatThrownBy(() -> ByteSize.parse("-5M")).hasMessageContaining("negative");
        assertThatThrownBy(() -> ByteSize.parse("99999999999T")).hasMessageContaining("not a size");
    }

    @Test
    void formatting() {
        assertThat(ByteSize.format(512)).isEqualTo("512 B");
        assertThat(ByteSize.format(256L << 20)).isEqualTo("256 MiB");
        assertThat(ByteSize.format(1536)).isEqualTo("1.5 KiB");
    }
}
