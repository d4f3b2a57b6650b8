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

    @Test
    void noneKeepsAWindowNoReceiveWindowReachesWhateverHappens() {
        final CongestionControl none = CongestionControls.create("none");
        assertThat(none.name()).isEqualTo("none");
        none.init(0, 1460);
        final long window = none.cwndBytes();
        assertThat(window).isEqualTo(ConstantWindow.UNLIMITED_BYTES).isGreaterThanOrEqualTo(0xFFFFL << 14);
        none.onEnterRecovery(1, 100_000);
        none.onRetransmitTimeout(2, 100_000);
        none.onIdleRestart(3);
        none.onMssChange(4, 500);
        assertThat(none.cwndBytes()).isEqualTo(window);
        assertThatThrownBy(() -> new ConstantWindow("fixed", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
