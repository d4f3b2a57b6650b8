package dev.toeless.nic.feature;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffloadFeaturesTest {
    @Test
    void tsoOffLikeEthtool() {
        final OffloadFeatures f = OffloadFeatures.all().apply("tso off");
        assertThat(f.tso()).isFalse();
        assertThat(f.txChecksum()).isTrue();
        assertThat(f.pageAccum()).isTrue();
    }

    @Test
    void severalPairsLongAndShortNamesAnyCase() {
        final OffloadFeatures f = OffloadFeatures.none()
            .apply("rx on  TX on tcp-segmentation-offload on rxhash ON header-split on page-accum on rx-gro-hw on");
        assertThat(f).isEqualTo(OffloadFeatures.all());
        assertThat(OffloadFeatures.parse("rx-checksumming on receive-hashing on"))
            .isEqualTo(OffloadFeatures.of(Offload.RX_CHECKSUM, Offload.RX_HASH));
    }

    @Test
    void tsoNeedsTxChecksum() {
        assertThat(OffloadFeatures.all().apply("tx-checksum off").tso()).isFalse();
        assertThat(OffloadFeatures.parse("tso on").tso()).isFalse(); // requested on, fixed off
        assertThat(OffloadFeatures.parse("tso on tx-checksum on").tso()).isTrue();
    }

    @Test
    void pageAccumulationNeedsHeaderSplit() {
        assertThat(OffloadFeatures.all().apply("header-split off").pageAccum()).isFalse();
        assertThat(OffloadFeatures.none().with(Offload.PAGE_ACCUM, true).pageAccum()).isFalse();
        assertThat(OffloadFeatures.of(Offload.HEADER_SPLIT, Offload.PAGE_ACCUM).pageAccum()).isTrue();
    }

    @Test
    void hardwareGroNeedsReceiveChecksumAndPageAccumulation() {
        assertThat(OffloadFeatures.all().apply("rx-checksum off").rxGroHw()).isFalse();
        assertThat(OffloadFeatures.all().apply("page-accum off").rxGroHw()).isFalse();
        assertThat(OffloadFeatures.parse("rx-gro-hw on").rxGroHw()).isFalse(); // requested on, fixed off
        assertThat(OffloadFeatures.parse("rx on hds on page-accum on gro-hw on").rxGroHw()).isTrue();
    }

    @Test
    void badRequestsAreClearErrors() {
        assertThatThrownBy(() -> OffloadFeatures.all().apply("tso"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairs");
        assertThatThrownBy(() -> OffloadFeatures.all().apply("lro off"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown offload \"lro\"")
            .hasMessageContaining("page-accum");
        assertThatThrownBy(() -> OffloadFeatures.all().apply("tso maybe"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on or off");
        assertThatThrownBy(() -> OffloadFeatures.all().apply("  "))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsLikeEthtoolLowerK() {
        assertThat(OffloadFeatures.all().apply("rxhash off").format()).isEqualTo("""
            rx-checksumming: on
            tx-checksumming: on
            tcp-segmentation-offload: on
            tcp-data-split: on
            rx-page-accumulation: on
            receive-hashing: off
            rx-gro-hw: on
            """);
        assertThat(OffloadFeatures.of(Offload.TSO, Offload.TX_CHECKSUM).toString())
            .isEqualTo("OffloadFeatures[tx-checksum, tso]");
    }
}
