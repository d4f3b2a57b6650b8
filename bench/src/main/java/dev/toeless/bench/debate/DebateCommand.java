package dev.toeless.bench.debate;

import dev.toeless.bench.demo.CostSetup;
import dev.toeless.bench.demo.ProfileOption;
import dev.toeless.nic.cost.CostProfile;
import dev.toeless.nic.cost.PciConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code toeless debate}: runs the chosen claims' experiments, prints one verdict line per claim,
 * and writes {@code DIR/report.html} (and with {@code --json} the same document on stdout and in
 * {@code DIR/report.json}).
 */
@Command(name = "debate", mixinStandardHelpOptions = true,
    description = {"The ten claims of the TOE debate (EXPERIMENTS.md, C1..C10) as experiments on the model: one verdict",
        "line per claim (holds, fails, depends on X, or not measured: needs MODE) and DIR/report.html with a chart each.",
        "Exit 0 when every experiment ran to the end, 3 when a point or an experiment failed, 2 for bad arguments."})
public final class DebateCommand implements Callable<Integer> {
    static final int POINT_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--claims", split = ",", paramLabel = "C1,C4", description = "the claims to run (default: all ten)")
    List<String> claims = new ArrayList<>();

    @Option(names = "--scale", paramLabel = "quick|full", defaultValue = "quick",
        description = "quick (default: all ten in minutes) or full (EXPERIMENTS.md's sizes: 1 GiB transfers, ...)")
    String scale;

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "host-2025",
        description = "host B's CPU cost profile: host-2003, host-2010, host-2018, host-2025 (default) or a file "
            + "(calibrate writes one)")
    String profile;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "the one random seed (default 1)")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "toeless-out/debate",
        description = "where report.html goes (default toeless-out/debate)")
    Path out;

    @Option(names = "--json", description = "print the report as one JSON document (also written to DIR/report.json)")
    boolean json;

    @Option(names = "--jobs", paramLabel = "N", description = "sweep points run at once (default: the machine's cores)")
    Integer jobs;

    @Override
    public Integer call() throws Exception {
        final CommandLine cl = spec.commandLine();
        final Scale s = parseScale(cl);
        final List<Claim> chosen;
        try {
            chosen = claims.isEmpty() ? Claims.all() : Claims.parse(claims);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--claims: " + e.getMessage());
        }
        final CostSetup cost = new CostSetup(profile(cl), PciConfig.defaults());
        final int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        if (threads < 1 || threads > 256) {
            throw new CommandLine.ParameterException(cl, "--jobs must be between 1 and 256");
        }
        final ModeRegistry modes = ModeRegistry.standard();
        final Path scratch = out.resolve("files");
        final List<ClaimResult> results;
        try (SweepPoints points = new SweepPoints(threads, System.err, !json && System.console() != null)) {
            results = new Debate(new DebateContext(s, seed, cost, modes, scratch, points)).run(chosen);
        } finally {
            deleteTree(scratch);
        }
        final DebateReport report = new DebateReport(version(), seed, s, cost, profile, modes, results);
        final Path page = out.resolve("report.html");
        report.html().write(page);
        final PrintWriter o = cl.getOut();
        final PrintWriter lines = json ? cl.getErr() : o;
        for (String line : report.verdictLines()) {
            lines.println(line);
        }
        lines.println("report: " + page);
        if (json) {
            final String doc = report.json();
            Files.writeString(out.resolve("report.json"), doc, StandardCharsets.UTF_8);
            o.println(doc);
        }
        o.flush();
        final boolean anyFailed = results.stream()
            .anyMatch(r -> r.failedPoints() > 0 || r.verdict().kind() == Verdict.Kind.FAILED);
        return anyFailed ? POINT_FAILED : 0;
    }

    private Scale parseScale(CommandLine cl) {
        return switch (scale) {
            case "quick" -> Scale.QUICK;
            case "full" -> Scale.FULL;
            default -> throw new CommandLine.ParameterException(cl, "--scale must be quick or full, not '" + scale + "'");
        };
    }

    private CostProfile profile(CommandLine cl) throws IOException {
        final CostProfile p = ProfileOption.resolve(cl, profile);
        if (p.kind() != CostProfile.Kind.HOST) {
            throw new CommandLine.ParameterException(cl, "--profile " + p.name() + " is a card's CPU, not a host's "
                + "(C6 compares the cards with every host profile by itself)");
        }
        return p;
    }

    /** The version the top-level command declares ({@code toeless 0.1.0}). */
    private String version() {
        final String[] v = spec.root().version();
        return v.length > 0 ? v[0] : "toeless";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
