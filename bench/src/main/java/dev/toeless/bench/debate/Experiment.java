package dev.toeless.bench.debate;

/** One claim's experiment: runs its points on the model and judges the claim by its rule. */
public interface Experiment {
    Claim claim();

    /** Runs the experiment; every sweep point goes through {@link DebateContext#points()}. */
    ClaimResult run(DebateContext ctx) throws Exception;
}
