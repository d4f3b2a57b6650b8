package dev.toeless.bench.sim.flood;

import dev.toeless.bench.report.JsonOrTable;
import dev.toeless.bench.report.JsonReport;
import dev.toeless.bench.report.LatencySummary;
import dev.toeless.bench.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code toeless syn-flood}: the SYN-flood scenario against the host stack, with SYN cookies,
 * without, or both (the default), in virtual time from one seed.
 */
@Command(name = "syn-flood", mixinStandardHelpOptions = true,
    description = {
        "A SYN flood against the host stack, in virtual time from one seed. Legitimate",
        "clients open connections (handshake, a short request and response, close) while",
        "an attacker on the same link sends SYNs from random spoofed addresses and ports",
        "at --flood-factor times their rate and never answers. Prints, with SYN cookies",
        "and without, the share of legitimate connections that finished within the",
        "client timeout and the listener's peak memory: half-open connections (the SYN",
        "queue), connection states, socket memory and pages. Goal with cookies: at least",
        "99%% succeed and the half-open state stays within the backlog."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the run finished (and with cookies met its goal)", "1:an error", "2:bad arguments",
        "4:with cookies, under 99%% succeeded or memory was not bounded"})
public final class SynFloodCommand implements Callable<Integer> {
    static final int EXIT_GOAL_MISSED = 4;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "the seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--cookies", paramLabel = "on|off|both", defaultValue = "both",
        description = "SYN cookies on, off, or one run of each (default: ${DEFAULT-VALUE})")
    String cookies;

    @Option(names = "--legit-rate", paramLabel = "PER_S", defaultValue = "200",
        description = "legitimate connections per second (default: ${DEFAULT-VALUE})")
    double legitRate;

    @Option(names = "--flood-factor", paramLabel = "X", defaultValue = "10",
        description = "spoofed SYNs per legitimate connection (default: ${DEFAULT-VALUE})")
    double floodFactor;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
        description = "how long the attack and the legitimate arrivals last, 1 .. 600 (default: ${DEFAULT-VALUE})")
    long seconds;

    @Option(names = "--backlog", paramLabel = "N", defaultValue = "128",
        description = "the listener's SYN backlog (default: ${DEFAULT-VALUE})")
    int backlog;

    @CommandLine.Mixin
    JsonOrTable output;

    @Override
    public Integer call() throws Exception {
        final List<Boolean> modes = switch (cookies.toLowerCase(Locale.ROOT)) {
            case "on" -> List.of(true);
            case "off" -> List.of(false);
            case "both" -> List.of(true, false);
            default -> throw output.usage("--cookies must be on, off or both: " + cookies);
        };
        if (!(legitRate > 0 && legitRate <= 10_000)) {
            throw output.usage("--legit-rate must be in (0, 10000]: " + legitRate);
        }
        if (!(floodFactor >= 0 && floodFactor <= 100)) {
            throw output.usage("--flood-factor must be 0 .. 100: " + floodFactor);
        }
        if (seconds < 1 || seconds > 600) {
            throw output.usage("--seconds must be 1 .. 600: " + seconds);
        }
        if (backlog < 1 || backlog > 65_536) {
            throw output.usage("--backlog must be 1 .. 65536: " + backlog);
        }
        final SynFloodScenario base = new SynFloodScenario(seed, legitRate, floodFactor,
            seconds * SynFloodScenario.SECOND, backlog, true, 100, 1000, 5 * SynFloodScenario.SECOND);
        final List<SynFloodResult> results = new ArrayList<>();
        for (boolean on : modes) {
            results.add(SynFloodRun.againstHost(base.withCookies(on)).run());
        }
        JsonReport.print(output.out(), output.json(), results, w -> w.print(render(base, results)));
        final boolean missed = results.stream().anyMatch(r -> r.scenario().synCookies()
            && (r.successRate() < SynFloodResult.GOAL || !r.memoryBounded()));
        return missed ? EXIT_GOAL_MISSED : 0;
    }

    static String render(SynFloodScenario s, List<SynFloodResult> results) {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
            "SYN flood against the %s stack, seed %d, virtual time: %,.0f legitimate connections/s (%d B request, "
                + "%,d B response, %d s timeout) and %,.0f spoofed SYNs/s for %d s; SYN backlog %d%n%n",
            results.getFirst().server(), s.seed(), s.legitPerSecond(), s.requestBytes(), s.responseBytes(),
            s.clientTimeoutNs() / SynFloodScenario.SECOND, s.spoofedPerSecond(), s.attackNs() / SynFloodScenario.SECOND,
            s.backlog()));
        final TextTable t = new TextTable(List.of("cookies", "legit ok", "legit failed", "success", "connect p50",
            "p99", "max",
            "spoofed SYNs", "peak half-open", "peak sockets", "peak sock mem", "peak pages", "cookies sent",
            "SYN queue drops"));
        for (SynFloodResult r : results) {
            t.row(List.of(r.scenario().synCookies() ? "on" : "off", String.format(Locale.ROOT, "%,d", r.legitSucceeded()),
                String.format(Locale.ROOT, "%,d", r.legitAttempted() - r.legitSucceeded()),
                String.format(Locale.ROOT, "%.2f %%", 100 * r.successRate()),
                LatencySummary.millis(r.connectTimes().p50Ns()), LatencySummary.millis(r.connectTimes().p99Ns()),
                LatencySummary.millis(r.connectTimes().maxNs()),
                String.format(Locale.ROOT, "%,d", r.spoofedSyns()), String.format(Locale.ROOT, "%,d", r.peakHalfOpen()),
                String.format(Locale.ROOT, "%,d", r.peakSockets()),
                String.format(Locale.ROOT, "%,d B", r.peakSocketMemoryBytes()),
                String.format(Locale.ROOT, "%,d", r.peakPages()),
                String.format(Locale.ROOT, "%,d", r.end().synCookiesSent()),
                String.format(Locale.ROOT, "%,d", r.end().synQueueDrops())));
        }
        t.note("");
        t.note("success: legitimate connections whose whole response arrived within the timeout; connect: its time from");
        t.note("connect to the whole response (HdrHistogram: median, 99th percentile, longest); peaks over every event");
        t.note("of the run; sockets: connection states the server held (half-open, established, closing).");
        sb.append(t.render());
        for (SynFloodResult r : results) {
            if (r.scenario().synCookies()) {
                sb.append(String.format(Locale.ROOT, "with cookies: %.2f %% succeeded (goal 99 %%): %s; half-open at most "
                        + "%d of a backlog of %d%s%n", 100 * r.successRate(),
                    r.successRate() >= SynFloodResult.GOAL ? "met" : "NOT met", r.peakHalfOpen(), s.backlog(),
                    r.leak() == null ? ", every page returned" : "; " + r.leak()));
            } else {
                sb.append(String.format(Locale.ROOT, "without cookies: %.2f %% succeeded; %,d SYNs dropped with the "
                        + "SYN queue full%s%n", 100 * r.successRate(), r.end().synQueueDrops(),
                    r.leak() == null ? "" : "; " + r.leak()));
            }
        }
        return sb.toString();
    }
}
