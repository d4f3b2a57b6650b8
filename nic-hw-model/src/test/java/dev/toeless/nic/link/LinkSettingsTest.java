package dev.toeless.nic.link;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkSettingsTest {
    @Test
    void faultsAreBuiltAndRebuilt() {
        final LinkFaults f = LinkFaults.builder().loss(0.1).duplicate(0.02).reorder(0.05, 1_000).corrupt(0.01, 3)
            .truncate(0.001).build();
        assertThat(f).isEqualTo(new LinkFaults(0.1, 0.001, 0.01, 3, 0.02, 0.05, 1_000));
        assertThat(f.toBuilder().loss(0).build().lossProbability()).isZero();
        assertThat(f.isNone()).isFalse();
        assertThat(LinkFaults.builder().build()).isEqualTo(LinkFaults.NONE);
        assertThat(LinkFaults.NONE.isNone()).isTrue();
    }

    @Test
    void nonsenseFaultsAreRefused() {
        assertThatThrownBy(() -> LinkFaults.builder().loss(1.5).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkFaults.builder().loss(Double.NaN).build())
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkFaults.builder().reorder(0.1, 0).build())
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkFaults.builder().corrupt(0.1, 0).build())
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ethernetFramingCountsPaddingFcsPreambleAndGap() {
        final LinkConfig c = LinkConfig.ethernet(1_000_000_000L);
        assertThat(c.wireBytes(1514)).isEqualTo(1538);
        assertThat(c.wireBytes(42)).isEqualTo(84);
        assertThat(c.maxFrameBytes()).isEqualTo(1514);
        assertThat(c.withMtuBytes(9000).maxFrameBytes()).isEqualTo(9014);
        assertThat(c.withFraming(0, 0).wireBytes(42)).isEqualTo(42);
    }

    @Test
    void nonsenseConfigIsRefused() {
        assertThatThrownBy(() -> LinkConfig.ethernet(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkConfig.ethernet(1).withMtuBytes(67)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkConfig.ethernet(1).withMtuBytes(65_536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkConfig.ethernet(1).withPropagationDelayNs(-1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkConfig.ethernet(1).withQueueLimit(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
