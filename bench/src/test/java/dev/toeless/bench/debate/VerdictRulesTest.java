package dev.toeless.bench.debate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict rules read the figures, not the claim: each outcome from figures that call for it. */
class VerdictRulesTest {
    private static final int[] HEADS = {0, 100, 4096};
    private static final long BODY = 8L << 20;

    @Test
    void c10DependsOnTheHintWhenOnlyTheHintlessRunsCopy() {
        final Verdict v = UlpHeaderExperiment.verdict(HEADS, new double[] {0, 4096.0 / BODY, 0}, new double[] {0, 1, 0},
            BODY);
        assertThat(v.kind()).isEqualTo(Verdict.Kind.DEPENDS);
        assertThat(v.text()).contains("alignment hint");
        assertThat(v.figures().get("without hint, worst")).isEqualTo("1.00 at a 100-byte head");
    }

    @Test
    void c10HoldsWhenTheHintDoesNotHelpAndFailsWhenNothingIsCopied() {
        assertThat(UlpHeaderExperiment.verdict(HEADS, new double[] {0, 0.5, 0}, new double[] {0, 1, 0}, BODY).kind())
            .isEqualTo(Verdict.Kind.HOLDS);
        assertThat(UlpHeaderExperiment.verdict(HEADS, new double[3], new double[3], BODY).kind())
            .isEqualTo(Verdict.Kind.FAILS);
    }

    private static CrossoverExperiment.Design design(String name, double saturation) {
        return new CrossoverExperiment.Design(name, "", 8 / saturation, 1, saturation, true);
    }

    @Test
    void c6ComparesTheNewestHostWithEachCard() {
        assertThat(CrossoverExperiment.verdict(List.of(design("host-2025", 150), design("bluefield-2", 50),
            design("toe-asic", 96))).kind()).isEqualTo(Verdict.Kind.HOLDS);
        final Verdict depends = CrossoverExperiment.verdict(List.of(design("host-2025", 150), design("bluefield-2", 50),
            design("bluefield-3", 200)));
        assertThat(depends.kind()).isEqualTo(Verdict.Kind.DEPENDS);
        assertThat(depends.text()).contains("outruns bluefield-2 but not bluefield-3");
        assertThat(CrossoverExperiment.verdict(List.of(design("host-2025", 10), design("toe-asic", 96))).kind())
            .isEqualTo(Verdict.Kind.FAILS);
        assertThat(CrossoverExperiment.verdict(List.of(new CrossoverExperiment.Design("host-2025", "", Double.NaN, 8,
            Double.NaN, false))).kind()).isEqualTo(Verdict.Kind.FAILED);
    }

    private static HeaderCostExperiment.Split split(String mode, double protocol, double touch, long fast, long slow) {
        return new HeaderCostExperiment.Split(mode, protocol, touch, 1 - protocol - touch, 50, 200, fast, slow, 0.3);
    }

    @Test
    void c2HoldsOnlyWhenProtocolIsTheSmallerPartAndTheFastPathCommon() {
        assertThat(HeaderCostExperiment.verdict(List.of(split("none", 0.2, 0.5, 95, 5))).kind())
            .isEqualTo(Verdict.Kind.HOLDS);
        assertThat(HeaderCostExperiment.verdict(List.of(split("none", 0.5, 0.2, 95, 5))).kind())
            .isEqualTo(Verdict.Kind.FAILS);
        assertThat(HeaderCostExperiment.verdict(List.of(split("none", 0.2, 0.5, 50, 50))).kind())
            .isEqualTo(Verdict.Kind.FAILS);
        assertThat(HeaderCostExperiment.verdict(List.of(split("stateless", 0.2, 0.5, 95, 5))).kind())
            .isEqualTo(Verdict.Kind.FAILED);
    }

    @Test
    void theRegistryLetsALaterModeJoinByRegistering() {
        final ModeRegistry modes = ModeRegistry.standard();
        assertThat(modes.all()).as("every mode is built").allMatch(DebateMode::available);
        modes.register(DebateMode.notYetAvailable("card-node", "a build without the card node"));
        assertThat(modes.available("card-node")).isFalse();
        assertThat(modes.missing("card-node", "stateless")).containsExactly("card-node");
        modes.register(DebateMode.card("card-node", "the card runs a full stack as its own node"));
        assertThat(modes.available("card-node")).isTrue();
        assertThat(modes.all()).extracting(DebateMode::label)
            .containsExactly("none", "csum", "csum+gro", "stateless", "toe", "toe+ddp", "card-node");
        assertThat(modes.hostModes()).extracting(DebateMode::label).containsExactly("none", "csum", "csum+gro", "stateless");
    }

    private static final int[] C3_SIZES = {1 << 10, 16 << 10, 256 << 10, 1 << 20};
    private static final String[] C3_BEST = {"stateless", "stateless", "csum+gro", "stateless"};

    @Test
    void c3DependsOnResponseSizeWhenToeLeadsSmallAndTrailsLargeAndNamesTheCrossover() {
        final Verdict v = ShortConnectionsExperiment.verdict(C3_SIZES, new double[] {88_520, 60_000, 3_000, 611},
            new double[] {84_580, 50_000, 4_000, 1_116}, C3_BEST);
        assertThat(v.kind()).isEqualTo(Verdict.Kind.DEPENDS);
        assertThat(v.text()).contains("depends on response size").contains("between 16 KiB and 256 KiB")
            .contains("toe ahead below, behind above");
        assertThat(v.figures()).containsEntry("at 1 KiB toe / best host (stateless) conn_per_s", "88,520 / 84,580")
            .containsEntry("at 1 MiB toe / best host (stateless) conn_per_s", "611 / 1,116");
    }

    @Test
    void c3NamesACrossoverTheOtherWayRound() {
        final Verdict v = ShortConnectionsExperiment.verdict(C3_SIZES, new double[] {50_000, 40_000, 5_000, 1_200},
            new double[] {80_000, 50_000, 4_000, 1_000}, C3_BEST);
        assertThat(v.kind()).isEqualTo(Verdict.Kind.DEPENDS);
        assertThat(v.text()).contains("between 16 KiB and 256 KiB").contains("toe behind below, ahead above");
    }

    @Test
    void c3HoldsWhenToeTrailsEverywhereFailsWhenItNeverDoesAndLeavesFailedPointsOut() {
        assertThat(ShortConnectionsExperiment.verdict(C3_SIZES, new double[] {1, 2, 3, 4}, new double[] {2, 3, 4, 5},
            C3_BEST).kind()).isEqualTo(Verdict.Kind.HOLDS);
        assertThat(ShortConnectionsExperiment.verdict(C3_SIZES, new double[] {5, 5, 5, 5}, new double[] {2, 3, 4, 5},
            C3_BEST).kind()).isEqualTo(Verdict.Kind.FAILS);
        // the only size where toe would lead failed: left out, so toe trails at every size left
        assertThat(ShortConnectionsExperiment.verdict(C3_SIZES, new double[] {Double.NaN, 2, 3, 4},
            new double[] {1, 3, 4, 5}, C3_BEST).kind()).isEqualTo(Verdict.Kind.HOLDS);
        final double[] none = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        assertThat(ShortConnectionsExperiment.verdict(C3_SIZES, none, new double[] {1, 2, 3, 4}, C3_BEST).kind())
            .isEqualTo(Verdict.Kind.FAILED);
    }

    @Test
    void theToeCardProfileChargesConnectionSetupAndTeardownAndSaysWhereTheFiguresComeFrom() {
        final dev.toeless.nic.cost.CostProfile card = DebateReport.cardProfiles().getFirst();
        assertThat(card.value("connection_setup_ns")).isPositive();
        assertThat(card.value("connection_teardown_ns")).isPositive();
        assertThat(card.parameter("connection_setup_ns").isEstimate()).isTrue();
    }

    private static SynFloodExperiment.Rate rate(double syn, long fullNs, double refuse, double fallback, double onHost) {
        return new SynFloodExperiment.Rate(syn, 1.0, fullNs, refuse, fallback, onHost);
    }

    @Test
    void c5HoldsWhenTheQueueFillsInSecondsAndBothPoliciesLoseWhatTheCardWasFor() {
        final Verdict v = SynFloodExperiment.verdict(List.of(rate(0, -1, 1, 1, 0), rate(2000, 78_000_000, 0.01, 1, 0.99)));
        assertThat(v.kind()).isEqualTo(Verdict.Kind.HOLDS);
        assertThat(v.figures().get("card's SYN queue full after")).isEqualTo("0.078 s at 2000 SYN/s");
    }

    @Test
    void c5DependsOnThePolicyWhenOnlyOneLosesAndFailsWhenTheQueueNeverFillsOrNothingIsLost() {
        final Verdict depends = SynFloodExperiment.verdict(List.of(rate(2000, 78_000_000, 0.01, 1, 0)));
        assertThat(depends.kind()).isEqualTo(Verdict.Kind.DEPENDS);
        assertThat(depends.text()).contains("refuse loses").contains("fallback does not");
        assertThat(SynFloodExperiment.verdict(List.of(rate(2000, 78_000_000, 1, 1, 0.5))).text())
            .contains("fallback loses");
        // full only after 12 s: not "in seconds" by the rule's 10 s
        assertThat(SynFloodExperiment.verdict(List.of(rate(0, -1, 1, 1, 0), rate(10, 12_000_000_000L, 0, 0, 1))).kind())
            .isEqualTo(Verdict.Kind.FAILS);
        assertThat(SynFloodExperiment.verdict(List.of(rate(2000, 78_000_000, 1, 1, 0))).kind())
            .isEqualTo(Verdict.Kind.FAILS);
    }

    private static final List<String> CONTROLS = List.of("filter", "qdisc", "cc", "memory");

    @Test
    void c7HoldsWhenToeLosesEveryControlTheHostsHonourDependsWhenSomeFailsWhenNone() {
        final boolean[] hosts = {true, true, true, true};
        assertThat(ControlsExperiment.verdict(CONTROLS, hosts, new Boolean[] {false, false, false, false}).kind())
            .isEqualTo(Verdict.Kind.HOLDS);
        final Verdict depends = ControlsExperiment.verdict(CONTROLS, hosts, new Boolean[] {false, true, false, true});
        assertThat(depends.kind()).isEqualTo(Verdict.Kind.DEPENDS);
        assertThat(depends.text()).isEqualTo("depends on the control: toe loses filter, cc and keeps qdisc, memory");
        assertThat(ControlsExperiment.verdict(CONTROLS, hosts, new Boolean[] {true, true, true, true}).kind())
            .isEqualTo(Verdict.Kind.FAILS);
    }

    @Test
    void c7CountsNoLossWhereTheHostsDoNotHonourEitherAndFailsWhenToesRunFailed() {
        final Verdict v = ControlsExperiment.verdict(CONTROLS, new boolean[] {true, true, true, false},
            new Boolean[] {false, false, false, false});
        assertThat(v.kind()).isEqualTo(Verdict.Kind.DEPENDS);
        assertThat(v.figures()).containsEntry("toe loses", "filter, qdisc, cc");
        assertThat(ControlsExperiment.verdict(CONTROLS, new boolean[] {true, true, true, true},
            new Boolean[] {false, null, false, false}).kind()).isEqualTo(Verdict.Kind.FAILED);
    }

    @Test
    void c1HoldsDependsAndFailsOnStatelesssTouchAndCostPerByte() {
        assertThat(BulkReceiveExperiment.verdict(true, 0, 0.05, 0.05, "stateless").kind()).isEqualTo(Verdict.Kind.HOLDS);
        final Verdict depends = BulkReceiveExperiment.verdict(true, 0, 0.05, 0.04, "csum+gro");
        assertThat(depends.kind()).isEqualTo(Verdict.Kind.DEPENDS);
        assertThat(depends.figures()).containsEntry("csum+gro host_ns_per_byte_modeled", "0.040");
        assertThat(BulkReceiveExperiment.verdict(true, 1.0, 0.05, 0.05, "stateless").kind())
            .isEqualTo(Verdict.Kind.FAILS);
        assertThat(BulkReceiveExperiment.verdict(false, 0, 0.05, 0.05, "stateless").kind())
            .isEqualTo(Verdict.Kind.FAILED);
    }

    private static dev.toeless.bench.toe.CardExhaustion.Result ramp(int attempted, int slots, int onCard, int fellBack,
                                                                    int refused, int unsettled) {
        return new dev.toeless.bench.toe.CardExhaustion.Result("fallback", attempted, slots, onCard, fellBack, refused,
            unsettled, onCard, fellBack, 0, 0);
    }

    /** An upload ramp: {@code admitted} opened on the card, {@code uploaded} of them handed to the host, peak {@code peak}. */
    private static dev.toeless.bench.toe.CardExhaustion.Result uploadRamp(int attempted, int slots, int admitted,
                                                                          int uploaded, int fellBack, int unsettled,
                                                                          int peak) {
        return new dev.toeless.bench.toe.CardExhaustion.Result("upload", attempted, slots, admitted, fellBack, 0,
            unsettled, peak, uploaded + fellBack, 0, uploaded);
    }

    @Test
    void c4HoldsOnlyWhenTheCardStopsAtItsSlotsAndSettlesEveryConnectionBeyond() {
        final var ok = ramp(4096, 1024, 1024, 3072, 0, 0);
        assertThat(CardExhaustionExperiment.bounded(ok) && CardExhaustionExperiment.beyondHandled(ok)).isTrue();
        assertThat(CardExhaustionExperiment.bounded(ramp(4096, 1024, 1100, 2996, 0, 0))).isFalse();
        assertThat(CardExhaustionExperiment.beyondHandled(ramp(4096, 1024, 1024, 3000, 0, 72))).isFalse();
        assertThat(CardExhaustionExperiment.beyondHandled(ramp(4096, 1024, 1024, 1000, 0, 0))).isFalse();
        assertThat(CardExhaustionExperiment.verdict(1024, 0, true, true, 0, java.util.Map.of()).kind())
            .isEqualTo(Verdict.Kind.HOLDS);
        assertThat(CardExhaustionExperiment.verdict(1024, 0, false, true, 0, java.util.Map.of()).kind())
            .isEqualTo(Verdict.Kind.FAILS);
        assertThat(CardExhaustionExperiment.verdict(1024, 0, true, false, 0, java.util.Map.of()).kind())
            .isEqualTo(Verdict.Kind.FAILS);
        assertThat(CardExhaustionExperiment.verdict(1024, 1, true, true, 0, java.util.Map.of()).kind())
            .isEqualTo(Verdict.Kind.FAILED);
    }

    @Test
    void c4UnderUploadEveryConnectionOpensOnTheCardAndTheOnesBeyondItsSlotsAreHandedBackLive() {
        // all 4,096 opened on the card, 3,072 uploaded to make room: 1,024 left, never more than the slots at once
        final var live = uploadRamp(4096, 1024, 4096, 3072, 0, 0, 1024);
        assertThat(CardExhaustionExperiment.bounded(live) && CardExhaustionExperiment.beyondHandled(live)).isTrue();
        // nothing uploadable: the SYNs beyond the slots fell back, as under fallback
        final var atSyn = uploadRamp(4096, 1024, 1024, 0, 3072, 0, 1024);
        assertThat(CardExhaustionExperiment.bounded(atSyn) && CardExhaustionExperiment.beyondHandled(atSyn)).isTrue();
        assertThat(CardExhaustionExperiment.bounded(uploadRamp(4096, 1024, 4096, 3072, 0, 0, 1025)))
            .as("a peak beyond the slots").isFalse();
        assertThat(CardExhaustionExperiment.bounded(uploadRamp(4096, 1024, 4096, 3000, 0, 0, 1024)))
            .as("more left on the card than its slots").isFalse();
        assertThat(CardExhaustionExperiment.beyondHandled(uploadRamp(4096, 1024, 4000, 2976, 0, 96, 1024)))
            .as("connections unsettled").isFalse();
        final Verdict v = CardExhaustionExperiment.verdict(1024, 0, true, true, 3072, java.util.Map.of());
        assertThat(v.kind()).isEqualTo(Verdict.Kind.HOLDS);
        assertThat(v.text()).contains("falls back live").contains("3072");
        assertThat(CardExhaustionExperiment.verdict(1024, 0, true, true, 0, java.util.Map.of()).text())
            .contains("fell back at the SYN");
    }
}
