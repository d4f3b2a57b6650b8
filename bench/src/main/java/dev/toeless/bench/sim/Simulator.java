package dev.toeless.bench.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a range of seeds, each a {@link SimRun} of the {@link SimScenario} it draws, and sums them
 * up. Seeds are independent: seed {@code s} gives the same run whether it runs alone or in a range.
 */
public final class Simulator {
    private final DeliveryHook hook;

    public Simulator() {
        this(DeliveryHook.NONE);
    }

    /** A simulator whose applications pass every read through {@code hook} first (for testing the checks). */
    public Simulator(DeliveryHook hook) {
        this.hook = hook;
    }

    /** Runs one seed. */
    public SeedResult runSeed(long seed) {
        return new SimRun(SimScenario.draw(seed), hook).run();
    }

    /** Runs seeds {@code from .. from + count - 1}, telling {@code progress} about each. */
    public SimSummary run(long from, long count, Consumer<SeedResult> progress) {
        final long startNs = System.nanoTime();
        final List<SimSummary.Failure> failures = new ArrayList<>();
        long passed = 0;
        long virtualNs = 0;
        long bytes = 0;
        long events = 0;
        for (long i = 0; i < count; i++) {
            final SeedResult r = runSeed(from + i);
            progress.accept(r);
            if (r.passed()) {
                passed++;
            } else {
                failures.add(new SimSummary.Failure(r.seed(), r.failure(), r.replayCommand()));
            }
            virtualNs += r.virtualNs();
            bytes += r.bytesMoved();
            events += r.events();
        }
        return new SimSummary(from, count, passed, List.copyOf(failures), virtualNs, bytes, events,
            (System.nanoTime() - startNs) / 1_000_000);
    }
}
