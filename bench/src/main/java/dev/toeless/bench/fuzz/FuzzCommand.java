package dev.toeless.bench.fuzz;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code toeless fuzz TARGET --minutes N}: runs one Jazzer fuzz target for real (coverage-guided
 * mutation) through Maven and Surefire with {@code JAZZER_FUZZ=1}, from the project's source tree.
 * A finding is saved by Jazzer beside the target's committed inputs, so the next
 * {@code ./toeless test} replays it.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
    description = {
        "Runs one coverage-guided fuzz target (Jazzer) for real, until the time or",
        "execution limit or the first finding. Needs the source tree and Maven (it",
        "runs ./mvnw). A finding is saved under the target's regression inputs",
        "(MODULE/src/test/resources/.../CLASSInputs/METHOD/), which ./toeless test",
        "replays from then on. --list names the targets."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no finding", "1:an error (the build or run failed)", "2:bad arguments",
        "4:a finding (saved as a regression input)"})
public final class FuzzCommand implements Callable<Integer> {
    static final int EXIT_FINDING = 4;
    private static final long MAX_MINUTES = 24 * 60;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "the target to fuzz (see --list)")
    String target;

    @Option(names = "--minutes", paramLabel = "N", defaultValue = "10",
        description = "stop after N minutes, 1 .. 1440 (default: ${DEFAULT-VALUE})")
    long minutes;

    @Option(names = "--executions", paramLabel = "N", defaultValue = "0",
        description = "also stop after N executions (default: no limit)")
    long executions;

    @Option(names = "--list", description = "list the targets and exit")
    boolean list;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (FuzzTarget t : FuzzTarget.ALL) {
                out.printf(Locale.ROOT, "%-12s %-13s %s%n", t.name(), t.module(), t.description());
            }
            return 0;
        }
        final FuzzTarget t = checkedTarget();
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw usage("--minutes must be 1 .. " + MAX_MINUTES + ": " + minutes);
        }
        if (executions < 0) {
            throw usage("--executions must be >= 0: " + executions);
        }
        final Path home = home();
        if (!Files.isExecutable(home.resolve("mvnw"))) {
            throw new IllegalStateException("fuzzing needs the project's source tree with ./mvnw (looked in " + home
                + "); run it through the ./toeless launcher there");
        }
        return run(t, home, out);
    }

    private FuzzTarget checkedTarget() {
        if (target == null) {
            throw usage("which target? one of " + names() + " (--list describes them)");
        }
        return FuzzTarget.named(target).orElseThrow(() -> usage("unknown target '" + target + "': one of " + names()));
    }

    private int run(FuzzTarget t, Path home, PrintWriter out) throws Exception {
        final List<String> command = new ArrayList<>(List.of(home.resolve("mvnw").toString(), "-B", "-pl", t.module(),
            "-am", "test", "-Dtest=" + t.testClass(), "-Dsurefire.failIfNoSpecifiedTests=false",
            "-Djazzer.max_duration=" + minutes * 60 + "s"));
        if (executions > 0) {
            command.add("-Djazzer.max_executions=" + executions);
        }
        out.printf(Locale.ROOT, "fuzz %s: %s#%s in %s for up to %d minute(s)%s%n", t.name(), t.testClass(), t.method(),
            t.module(), minutes, executions > 0 ? String.format(Locale.ROOT, " or %,d executions", executions) : "");
        out.flush();
        final ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().put("JAZZER_FUZZ", "1");
        final Process p = pb.start();
        final FuzzOutput seen = new FuzzOutput();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.println(line);
                seen.accept(line);
            }
        }
        final int code = p.waitFor();
        out.flush();
        if (seen.finding()) {
            spec.commandLine().getErr().printf(Locale.ROOT,
                "toeless fuzz: %s found a failing input; it is saved under %s/ and replays in ./toeless test%n",
                t.name(), t.inputsDirectory());
            return EXIT_FINDING;
        }
        if (code != 0 || seen.executions() < 0) {
            throw new IllegalStateException("the fuzzing run of " + t.name() + " failed (Maven exit " + code
                + "); see its output above");
        }
        out.printf(Locale.ROOT, "fuzz %s: %,d executions in %,d s (%,d per second), no finding%n", t.name(),
            seen.executions(), seen.seconds(), seen.executions() / Math.max(1, seen.seconds()));
        return 0;
    }

    /** The project root: {@code -Dtoeless.home} (the launcher sets it), else two levels above the jar. */
    private static Path home() throws URISyntaxException {
        final String prop = System.getProperty("toeless.home");
        if (prop != null) {
            return Path.of(prop);
        }
        final Path jar = Path.of(FuzzCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final Path bench = jar.getParent() == null ? null : jar.getParent().getParent();
        return bench == null || bench.getParent() == null ? Path.of(".") : bench.getParent();
    }

    private static String names() {
        return FuzzTarget.ALL.stream().map(FuzzTarget::name).collect(Collectors.joining(", "));
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
