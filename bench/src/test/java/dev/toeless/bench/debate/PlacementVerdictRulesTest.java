package dev.toeless.bench.debate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** C8 (DDP) and C9 (the card node): each rule's outcomes from figures that call for them. */
class PlacementVerdictRulesTest {
    private static final long MIB = 1L << 20;

    private static DdpExperiment.SizePoint size(long bytes, double touch, double stateless, double toe, double ddp) {
        return new DdpExperiment.SizePoint(bytes, true, touch, stateless, toe, ddp);
    }

    @Test
    void c8HoldsWhenDdpCostsTheHostLeastAtEverySize() {
        final Verdict v = DdpExperiment.verdict(List.of(size(MIB, 0, 0.31, 0.22, 0.11), size(32 * MIB, 0, 0.36, 0.21, 0.09)));
        assertThat(v.kind()).isEqualTo(Verdict.Kind.HOLDS);
        assertThat(v.figures()).containsEntry("toe+ddp", "0.090");
    }

    @Test
    void c8DependsOnTheSizeWhenRegistrationSinksTheSmallTransfer() {
        final Verdict v = DdpExperiment.verdict(List.of(size(MIB, 0, 0.31, 0.22, 0.40), size(32 * MIB, 0, 0.36, 0.21, 0.09)));
        assertThat(v.kind()).isEqualTo(Verdict.Kind.DEPENDS);
        assertThat(v.text()).contains("from 32 MiB on");
    }

    @Test
    void c8FailsWhenDdpNeverBeatsStatelessOrAddsNothingToTheToe() {
        assertThat(DdpExperiment.verdict(List.of(size(MIB, 0, 0.10, 0.22, 0.15), size(32 * MIB, 0, 0.08, 0.21, 0.12)))
            .text()).contains("never the stateless NIC");
        assertThat(DdpExperiment.verdict(List.of(size(32 * MIB, 0, 0.36, 0.21, 0.25))).kind())
            .isEqualTo(Verdict.Kind.FAILS);
        // a DDP that touches payload does not win, however cheap it looks
        assertThat(DdpExperiment.verdict(List.of(size(32 * MIB, 0.5, 0.36, 0.21, 0.09))).kind())
            .isEqualTo(Verdict.Kind.FAILS);
    }

    @Test
    void c8FailedWhenATransferDidNotArrive() {
        assertThat(DdpExperiment.verdict(List.of(new DdpExperiment.SizePoint(MIB, false, 0, 0, 0, 0))).kind())
            .isEqualTo(Verdict.Kind.FAILED);
    }

    private static CardNodeExperiment.RatePoint rate(double gbit, double statelessPackets, double nodePackets,
                                                     double statelessNs, double nodeNs, double saturation) {
        return new CardNodeExperiment.RatePoint(gbit, true, statelessPackets, nodePackets, statelessNs, nodeNs, saturation);
    }

    @Test
    void c9HoldsWhenTheHostGainsAndTheCardKeepsUp() {
        final Verdict v = CardNodeExperiment.verdict(List.of(rate(10, 435_054, 65_863, 0.363, 0.088, 83.8)));
        assertThat(v.kind()).isEqualTo(Verdict.Kind.HOLDS);
        assertThat(v.figures()).containsEntry("card_saturation_gbit_s (computed)", "83.8");
    }

    @Test
    void c9DependsOnTheCardsCoresWhenTheCardSaturatesBelowTheRate() {
        final Verdict v = CardNodeExperiment.verdict(List.of(rate(10, 435_054, 65_863, 0.363, 0.088, 83.8),
            rate(100, 435_054, 65_863, 0.363, 0.088, 83.8)));
        assertThat(v.kind()).isEqualTo(Verdict.Kind.DEPENDS);
        assertThat(v.text()).contains("saturates at 83.8 Gbit/s, below 100 Gbit/s");
    }

    @Test
    void c9FailsWhenTheHostGainsNothing() {
        assertThat(CardNodeExperiment.verdict(List.of(rate(10, 435_054, 500_000, 0.363, 0.088, 83.8))).kind())
            .isEqualTo(Verdict.Kind.FAILS);
        assertThat(CardNodeExperiment.verdict(List.of(rate(10, 435_054, 65_863, 0.363, 0.4, 83.8))).kind())
            .isEqualTo(Verdict.Kind.FAILS);
        assertThat(CardNodeExperiment.verdict(List.of(new CardNodeExperiment.RatePoint(10, false, 0, 0, 0, 0, 0))).kind())
            .isEqualTo(Verdict.Kind.FAILED);
    }
}
