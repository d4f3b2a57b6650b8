package dev.toeless.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTableTest {
    @Test
    void textLeftNumbersRight() {
        final String out = new TextTable(List.of("mode", "touch_per_byte", "sha256_ok"))
            .row(List.of("none", "2.00", "yes"))
            .row(List.of("stateless", "0.0001", "yes"))
            .note("touch_per_byte: host CPU passes per payload byte")
            .render();
        assertThat(out).isEqualTo("""
            mode      | touch_per_byte | sha256_ok
            ----------+----------------+----------
            none      |           2.00 | yes
            stateless |         0.0001 | yes
            touch_per_byte: host CPU passes per payload byte
            """);
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() {
        assertThatThrownBy(() -> new TextTable(List.of("a", "b")).row(List.of("1")))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
