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
    void hashesAndNamesStayLeftAligned() {
        final String out = new TextTable(List.of("stream", "sha256", "goodput"))
            .row(List.of("a", "7d1ed9d4a4c8ead5befa6991cc60feb39434eb43d962bfab728d30634572aedd", "9.41 Gbit/s"))
            .row(List.of("b", "0123", "10 Gbit/s"))
            .render();
        assertThat(out.lines().skip(3).findFirst().orElseThrow()).isEqualTo("b      | 0123 "
            + " ".repeat(60) + "|   10 Gbit/s");
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() {
        assertThatThrownBy(() -> new TextTable(List.of("a", "b")).row(List.of("1")))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
