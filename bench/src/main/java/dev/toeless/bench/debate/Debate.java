package dev.toeless.bench.debate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the chosen claims' experiments one after another (each spreads its sweep points over the
 * cores) and collects their results; an experiment that throws becomes a failed result, the others
 * still run.
 */
public final class Debate {
    private final DebateContext ctx;

    public Debate(DebateContext ctx) {
        this.ctx = ctx;
    }

    /** Every claim's experiment, C1..C10, under the id of the claim it judges. */
    static Map<String, Experiment> experiments() {
        final Map<String, Experiment> m = new LinkedHashMap<>();
        for (Experiment e : List.of(new BulkReceiveExperiment(), new HeaderCostExperiment(),
            new ShortConnectionsExperiment(), new CardExhaustionExperiment(), new SynFloodExperiment(),
            new CrossoverExperiment(), new ControlsExperiment(), new DdpExperiment(), new CardNodeExperiment(),
            new UlpHeaderExperiment())) {
            m.put(e.claim().id(), e);
        }
        return m;
    }

    public List<ClaimResult> run(List<Claim> claims) throws InterruptedException {
        final Map<String, Experiment> all = experiments();
        final List<ClaimResult> out = new ArrayList<>();
        for (Claim c : claims) {
            final Experiment e = all.get(c.id());
            final long start = System.nanoTime();
            ClaimResult r;
            if (e == null) {
                r = ClaimResult.failed(c, "no experiment for " + c.id() + " in this build");
            } else {
                try {
                    r = e.run(ctx);
                } catch (InterruptedException ie) {
                    throw ie;
                } catch (Exception ex) {
                    r = ClaimResult.failed(c, ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
                }
            }
            out.add(r.withWallSeconds((System.nanoTime() - start) / 1e9));
        }
        return out;
    }
}
