package dev.toeless.stack.tcp.cc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CongestionControlsTest {
    @Test
    void factoryCreatesByNameAndRejectsUnknownNames() {
        assertThat(CongestionControls.create("newreno")).isInstanceOf(NewReno.class);
        assertThat(CongestionControls.create("CUBIC").name()).isEqualTo("cubic");
        assertThat(CongestionControls.create("cubic")).isNotSameAs(CongestionControls.create("cubic"));
        assertThatThrownBy(() -> CongestionControls.create("bbr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bbr").hasMessageContaining("newreno, cubic");
        assertThatThrownBy(() -> CongestionControls.create(null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
