package dev.toeless.bench.sim;

import dev.toeless.stack.tcp.LossDetection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a range of seeds, each a {@link SimRun} of the {@link SimScenario} it draws, and sums them
 * up. Seeds are independent: seed {@code s} gives the same run whether it runs alone or in a range.
 */
public final class Simulator {
    /** The share of seeds whose host b runs a TOE card, unless told otherwise ({@code sim --toe-share}). */
    public static final String DEFAULT_TOE_SHARE = "0.2";
    /** The share of the other seeds whose host b's card runs DDP ({@code sim --toe-ddp-share}). */
    public static final String DEFAULT_TOE_DDP_SHARE = "0.1";
    /** The share of the seeds neither toe nor toe+ddp whose host b sits behind a card node ({@code sim --card-node-share}). */
    public static final String DEFAULT_CARD_NODE_SHARE = "0.1";
    private static final double TOE_SHARE = Double.parseDouble(DEFAULT_TOE_SHARE);
    private static final double TOE_DDP_SHARE = Double.parseDouble(DEFAULT_TOE_DDP_SHARE);
    private static final double CARD_NODE_SHARE = Double.parseDouble(DEFAULT_CARD_NODE_SHARE);

    private final DeliveryHook hook;
    /** The loss detection every seed uses, or null when each seed draws its own. */
    private final LossDetection lossDetection;
    /** The share of seeds whose host b runs a TOE card. */
    private final double toeShare;
    /** The share of the other seeds whose host b sits behind a card node. */
    private final double cardNodeShare;
    /** The share of the seeds not {@code toe} whose host b's card runs DDP on every connection. */
    private final double toeDdpShare;

    public Simulator() {
        this(DeliveryHook.NONE);
    }

    /** A simulator whose applications pass every read through {@code hook} first (for testing the checks). */
    public Simulator(DeliveryHook hook) {
        this(hook, null);
    }

    /**
     * A simulator whose seeds all use {@code lossDetection} (null: each draws its own), with the
     * default draw of host kinds ({@code toe}, {@code toe+ddp} and {@code card-node} in their default shares).
     */
    public Simulator(DeliveryHook hook, LossDetection lossDetection) {
        this(hook, lossDetection, TOE_SHARE, CARD_NODE_SHARE, TOE_DDP_SHARE);
    }

    /** A simulator whose host b runs a TOE card in {@code toeShare} of the seeds (0 to 1), never DDP or a card node. */
    public Simulator(DeliveryHook hook, LossDetection lossDetection, double toeShare) {
        this(hook, lossDetection, toeShare, 0, 0);
    }

    /**
     * A simulator whose host b runs a TOE card in {@code toeShare} of the seeds, and sits behind a
     * card node in {@code cardNodeShare} of the others (each 0 to 1).
     */
    public Simulator(DeliveryHook hook, LossDetection lossDetection, double toeShare, double cardNodeShare) {
        this(hook, lossDetection, toeShare, cardNodeShare, 0);
    }

    /**
     * A simulator whose host b runs a TOE card in {@code toeShare} of the seeds, a TOE card with DDP
     * on every connection in {@code toeDdpShare} of the others, and sits behind a card node in
     * {@code cardNodeShare} of the rest (each 0 to 1).
     */
    public Simulator(DeliveryHook hook, LossDetection lossDetection, double toeShare, double cardNodeShare,
                     double toeDdpShare) {
        this.hook = hook;
        this.lossDetection = lossDetection;
        this.toeShare = toeShare;
        this.cardNodeShare = cardNodeShare;
        this.toeDdpShare = toeDdpShare;
    }

    /** Runs one seed. */
    public SeedResult runSeed(long seed) {
        return new SimRun(SimScenario.draw(seed, lossDetection, toeShare, cardNodeShare, toeDdpShare), hook).run();
    }

    /** The command that replays {@code r}, with the forced loss detection and every share not the default. */
    public String replayCommand(SeedResult r) {
        return r.replayCommand() + (lossDetection == null ? "" : " --loss-detection " + lossDetection.cliName())
            + (toeShare == TOE_SHARE ? "" : " --toe-share " + toeShare)
            + (toeDdpShare == TOE_DDP_SHARE ? "" : " --toe-ddp-share " + toeDdpShare)
            + (cardNodeShare == CARD_NODE_SHARE ? "" : " --card-node-share " + cardNodeShare);
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
                failures.add(new SimSummary.Failure(r.seed(), r.failure(), replayCommand(r)));
            }
            virtualNs += r.virtualNs();
            bytes += r.bytesMoved();
            events += r.events();
        }
        return new SimSummary(from, count, passed, List.copyOf(failures), virtualNs, bytes, events,
            (System.nanoTime() - startNs) / 1_000_000);
    }
}
