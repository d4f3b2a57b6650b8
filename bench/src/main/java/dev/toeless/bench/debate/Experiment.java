package dev.toeless.bench.debate;

/**
 * One claim's experiment: runs its points on the model and judges the claim by its rule. The
 * claim's id is said once, in the subclass's constructor; it names the experiment in
 * {@link Debate}'s table, its sweep and its scratch files.
 */
public abstract class Experiment {
    private final Claim claim;

    /** @param claimId the claim this experiment judges, as {@link Claims} knows it */
    Experiment(String claimId) {
        this.claim = Claims.get(claimId);
    }

    public final Claim claim() {
        return claim;
    }

    /** The claim's id ({@code C1}): the name of the sweep and the prefix of the scratch files. */
    final String id() {
        return claim.id();
    }

    /** Runs the experiment; every sweep point goes through {@link DebateContext#points()}. */
    public abstract ClaimResult run(DebateContext ctx) throws Exception;
}
