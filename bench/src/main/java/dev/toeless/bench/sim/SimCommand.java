package dev.toeless.bench.sim;

import dev.toeless.bench.report.JsonReport;
import dev.toeless.stack.tcp.LossDetection;
import dev.toeless.stack.tcp.cc.CongestionControls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code toeless sim}: the deterministic simulator over a range of seeds, or with {@code --table}
 * the goodput-versus-loss table.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = {
        "Runs the deterministic fault simulator over a range of seeds, or the goodput-versus-loss table.",
        "Per seed, two hosts on a link with",
        "seeded faults (loss, duplication, reordering, corruption, truncation,",
        "one-way partitions), small buffers and sometimes a slow reader move known",
        "data both ways over 2-4 IPv4/IPv6 connections, some aborted on purpose.",
        "Host b runs its own stack, a TOE card (toe: --toe-share, by default 1 seed",
        "in 5; card full, card reset), a TOE card running DDP on every connection",
        "(toe+ddp: --toe-ddp-share, by default 1 in 10 of the others; WRITEs checked",
        "byte by byte in b's registered regions, hostile WRITEs refused and placing",
        "nothing, card resets), or sits behind a card node (card-node:",
        "--card-node-share, by default 1 in 10 of the rest; splice proxy or routing).",
        "After every event: each stream read is a prefix of what was sent, nothing",
        "arrives after a RST, sequence-space rules hold. Then the link heals, every",
        "transfer must finish in bounded virtual time, and no page may leak.",
        "A failed seed is printed with the command that replays it.",
        "With --table: goodput versus loss, one 10 MiB transfer, 100 ms RTT, next",
        "to smoltcp's published snapshot of the same table."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every seed passed", "1:an error", "2:bad arguments", "4:some seed failed"})
public final class SimCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 4;
    /** The most seeds one run takes (hours of wall time); a larger sweep is split with --from. */
    static final long MAX_SEEDS = 1_000_000;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "100",
        description = "how many seeds to run, 0 to 1000000 (default: ${DEFAULT-VALUE})")
    long seeds;

    @Option(names = "--from", paramLabel = "S", defaultValue = "1",
        description = "the first seed; the last, S + N - 1, must not pass 2^63-1 (default: ${DEFAULT-VALUE})")
    long from;

    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Option(names = "--table", description = "print the goodput-versus-loss table instead")
    boolean table;

    @Option(names = "--table-cap-seconds", paramLabel = "S", defaultValue = "600",
        description = "with --table: most virtual seconds one cell may run (default: ${DEFAULT-VALUE})")
    long tableCapSeconds;

    @Option(names = "--table-seeds", paramLabel = "N", defaultValue = "5",
        description = "with --table: runs per cell, the median is shown (default: ${DEFAULT-VALUE})")
    int tableSeeds;

    @Option(names = "--cc", paramLabel = "NAME", defaultValue = "none",
        description = {"with --table: the sender's congestion control, newreno, cubic or none",
            "(default: ${DEFAULT-VALUE}, as smoltcp's netsim runs)"})
    String cc;

    @Option(names = "--loss-detection", paramLabel = "NAME",
        description = {"the senders' loss detection, rack (RACK-TLP with PRR) or rfc6675;",
            "with --table default rack, else each seed draws one (rack three times in four)"})
    String lossDetection;

    @CommandLine.Mixin
    ProbeOptions probes;

    @Option(names = "--toe-share", paramLabel = "P", defaultValue = Simulator.DEFAULT_TOE_SHARE,
        description = {"the share of seeds whose host b runs a TOE card (with card-full and card-reset faults),",
            "0 to 1 (default: ${DEFAULT-VALUE})"})
    double toeShare;

    @Option(names = "--toe-ddp-share", paramLabel = "P", defaultValue = Simulator.DEFAULT_TOE_DDP_SHARE,
        description = {"the share of the other seeds whose host b's TOE card runs DDP on",
            "every connection (toe+ddp: a's bytes WRITTEN into b's registered",
            "regions, hostile WRITEs, card resets; the full card refuses), 0 to 1",
            "(default: ${DEFAULT-VALUE})"})
    double toeDdpShare;

    @Option(names = "--card-node-share", paramLabel = "P", defaultValue = Simulator.DEFAULT_CARD_NODE_SHARE,
        description = {"the share of the seeds neither toe nor toe+ddp whose host b sits",
            "behind a card node (its splice proxy, or routing in some seeds; IPv4",
            "connections only), 0 to 1 (default: ${DEFAULT-VALUE})"})
    double cardNodeShare;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter o = spec.commandLine().getOut();
        validate();
        final LossDetection detection;
        try {
            detection = lossDetection == null ? null : LossDetection.byName(lossDetection);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--loss-detection: " + e.getMessage());
        }
        if (table) {
            if (tableSeeds < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--table-seeds must be >= 1: " + tableSeeds);
            }
            if (tableCapSeconds < 1 || tableCapSeconds > 1_000_000) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--table-cap-seconds must be 1 .. 1000000: " + tableCapSeconds);
            }
            if (!CongestionControls.NAMES.contains(cc.toLowerCase(Locale.ROOT))) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--cc must be one of " + String.join(", ", CongestionControls.NAMES) + ": " + cc);
            }
            final LossTable.Report report = new LossTable(tableCapSeconds * SimScenario.SECOND, cc,
                detection == null ? LossDetection.RACK_TLP : detection, probes.onto(), tableSeeds).run();
            JsonReport.print(o, json, report, w -> w.print(LossTable.render(report)));
            return 0;
        }
        if (!(toeShare >= 0 && toeShare <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--toe-share must be 0 to 1: " + toeShare);
        }
        if (!(toeDdpShare >= 0 && toeDdpShare <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--toe-ddp-share must be 0 to 1: " + toeDdpShare);
        }
        if (!(cardNodeShare >= 0 && cardNodeShare <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--card-node-share must be 0 to 1: "
                + cardNodeShare);
        }
        final Simulator simulator = new Simulator(DeliveryHook.NONE, detection, toeShare, cardNodeShare, toeDdpShare);
        final SimSummary summary = simulator.run(from, seeds, r -> {
            if (!r.passed() && !json) {
                o.println("seed " + r.seed() + " FAILED: " + r.failure());
                o.println("replay: " + simulator.replayCommand(r));
                o.println();
                o.flush();
            }
        });
        JsonReport.print(o, json, summary, w -> print(summary, w));
        return exitCode(summary);
    }

    private void validate() {
        final CommandLine cl = spec.commandLine();
        if (seeds < 0 || seeds > MAX_SEEDS) {
            throw new CommandLine.ParameterException(cl, "--seeds must be 0 to " + MAX_SEEDS + " (split a larger sweep "
                + "with --from): " + seeds);
        }
        if (seeds > 0 && from > Long.MAX_VALUE - (seeds - 1)) {
            throw new CommandLine.ParameterException(cl, "--from " + from + " with --seeds " + seeds
                + " runs past the last seed, 2^63-1 (" + Long.MAX_VALUE + ")");
        }
        if (!table) {
            final List<String> tableOnly = new ArrayList<>(List.of("--cc", "--table-seeds", "--table-cap-seconds"));
            tableOnly.addAll(ProbeOptions.NAMES);
            for (String option : tableOnly) {
                if (cl.getParseResult().hasMatchedOption(option)) {
                    throw new CommandLine.ParameterException(cl, option + " goes with --table");
                }
            }
        }
    }

    static int exitCode(SimSummary summary) {
        return summary.failed() == 0 ? 0 : EXIT_FAILED;
    }

    static void print(SimSummary s, PrintWriter o) {
        o.printf("seeds %d..%d: %d run, %d passed, %d failed%n", s.fromSeed(), s.fromSeed() + s.seedsRun() - 1,
            s.seedsRun(), s.passed(), s.failed());
        o.printf("virtual time %.3f s, %,d bytes moved and checked, %,d events, %.1f s wall%n",
            s.virtualNs() / 1e9, s.bytesMoved(), s.events(), s.wallMs() / 1e3);
        for (SimSummary.Failure f : s.failures()) {
            o.println("failed seed " + f.seed() + ": " + f.replay());
        }
    }
}
