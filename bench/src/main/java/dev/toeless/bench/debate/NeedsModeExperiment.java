package dev.toeless.bench.debate;

import java.util.List;
import java.util.Map;

/**
 * A claim whose every figure comes from a mode that is not built yet (C4: the TOE's connection
 * slots; C8: DDP; C9: the card node). It says so, and never makes a verdict up; once the mode
 * registers, its experiment replaces this one.
 */
final class NeedsModeExperiment implements Experiment {
    private final Claim claim;
    private final String mode;
    private final String why;

    NeedsModeExperiment(String claimId, String mode, String why) {
        this.claim = Claims.get(claimId);
        this.mode = mode;
        this.why = why;
    }

    @Override
    public Claim claim() {
        return claim;
    }

    @Override
    public ClaimResult run(DebateContext ctx) {
        final String rule = "measured only with " + mode + " available: " + why;
        if (!ctx.modes().available(mode)) {
            return new ClaimResult(claim, Verdict.needs(mode, Map.of()), rule, null, null, List.of(),
                List.of(mode + " is not yet available in this build: no figure is shown rather than one made up"),
                List.of(), 0, 0);
        }
        return new ClaimResult(claim, new Verdict(Verdict.Kind.NOT_MEASURED, "not measured: " + mode
            + " is registered but this claim's experiment is not written for it yet", Map.of()), rule, null, null,
            List.of(), List.of(), List.of(), 0, 0);
    }
}
