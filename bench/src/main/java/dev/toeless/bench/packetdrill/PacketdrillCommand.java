package dev.toeless.bench.packetdrill;

import dev.toeless.bench.report.JsonReport;
import dev.toeless.bench.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code toeless packetdrill [FILE|DIR ...]}: Linux's packetdrill scripts against our TCP engine. */
@Command(name = "packetdrill", mixinStandardHelpOptions = true,
    description = {
        "Runs packetdrill scripts (Linux's own TCP tests) against our TCP engine in virtual time.",
        "Inbound packets are injected, outbound ones checked field by field and in time, system calls",
        "return what the script expects, %%{ }%% blocks assert tcp_info. Each script ends pass, fail (the",
        "first mismatch: line, expected, actual, time) or unsupported (a call, option or command we do",
        "not model; never counted as a pass). The stack runs with the 'linux' profile (defaults.sh)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every script passed", "1:an error (unreadable script)", "2:bad arguments",
        "3:some script failed or is unsupported"})
public final class PacketdrillCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "scripts, or folders searched for *.pkt")
    List<Path> paths;

    @Option(names = "--json", description = "print the outcomes and the summary as one JSON object")
    boolean json;

    @Option(names = "--mode", paramLabel = "M", defaultValue = "host",
        description = {"the TCP under test: host (our host stack's engine; default) or toe (a TOE card's TCP,",
            "driven through its command queue; what the queue does not carry is unsupported)"})
    String mode;

    @Option(names = "--strict-psh", description = {"compare the PSH flag of outbound packets too (by default it is not:",
        "Linux sets it by its skb layout, which our engine does not model; see README)"})
    boolean strictPsh;

    @Option(names = "--trace", description = "print each event and each segment sent to standard error")
    boolean trace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The summary of one folder (or of all: folder "total"). */
    public record FolderSummary(String folder, int pass, int fail, int unsupported) {
        public int total() {
            return pass + fail + unsupported;
        }
    }

    /** What --json prints. */
    public record Report(String mode, List<Outcome> scripts, List<FolderSummary> folders, FolderSummary total) {
    }

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("host") && !mode.equals("toe")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode must be host or toe, not " + mode);
        }
        final List<Outcome> outcomes = new ArrayList<>();
        for (Path p : ScriptSuite.scripts(paths)) {
            outcomes.add(ScriptSuite.run(p, new RunOptions(strictPsh, trace, mode.equals("toe"))));
        }
        final Report report = report(mode, outcomes);
        JsonReport.print(spec.commandLine().getOut(), json, report, o -> print(report, o));
        return report.total().pass() == report.total().total() ? 0 : 3;
    }

    static Report report(List<Outcome> outcomes) {
        return report("host", outcomes);
    }

    static Report report(String mode, List<Outcome> outcomes) {
        final Map<String, int[]> byFolder = new LinkedHashMap<>();
        final int[] all = new int[3];
        for (Outcome oc : outcomes) {
            byFolder.computeIfAbsent(oc.folder(), k -> new int[3])[oc.status().ordinal()]++;
            all[oc.status().ordinal()]++;
        }
        final List<FolderSummary> folders = new ArrayList<>();
        byFolder.forEach((f, c) -> folders.add(new FolderSummary(f, c[0], c[1], c[2])));
        return new Report(mode, outcomes, folders, new FolderSummary("total", all[0], all[1], all[2]));
    }

    static void print(Report r, PrintWriter o) {
        for (Outcome oc : r.scripts()) {
            o.println(oc.describe());
        }
        o.println();
        final TextTable t = new TextTable(List.of("folder", "pass", "fail", "unsupported", "scripts"));
        for (FolderSummary f : r.folders()) {
            row(t, f);
        }
        row(t, r.total());
        o.print(t.render());
        o.printf("%n%d of %d scripts pass%n", r.total().pass(), r.total().total());
    }

    private static void row(TextTable t, FolderSummary f) {
        t.row(List.of(f.folder(), Integer.toString(f.pass()), Integer.toString(f.fail()),
            Integer.toString(f.unsupported()), Integer.toString(f.total())));
    }
}
