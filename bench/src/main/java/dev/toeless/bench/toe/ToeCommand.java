package dev.toeless.bench.toe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.toeless.bench.demo.DemoMode;
import dev.toeless.bench.report.JsonOrTable;
import dev.toeless.bench.report.TextTable;
import dev.toeless.stack.toe.CardFullPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code toeless toe}: the TOE figures, rerunnable: short connections, and the card-exhaustion ramp. */
@Command(name = "toe", mixinStandardHelpOptions = true,
    description = {"The full-TOE figures in virtual time (deterministic, from one seed).",
        "connections: short connections (handshake, request, response, close) per second and host CPU",
        "per connection, a TOE card against the stateless NIC; exhaustion: a ramp of concurrent",
        "connections against the card's slots under each full-card policy."},
    subcommands = {ToeCommand.Connections.class, ToeCommand.Exhaustion.class})
public final class ToeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which figure: connections or exhaustion");
    }

    private static String json(Object o) throws Exception {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
    }

    @Command(name = "connections", mixinStandardHelpOptions = true,
        description = "Short connections against host B in each mode: conn_per_s (virtual time) and host CPU per "
            + "connection from the cost model (host-2025, one core, Gen4 x16).")
    static final class Connections implements Callable<Integer> {
        @Option(names = "--mode", split = ",", defaultValue = "stateless,toe",
            description = "modes: " + "none, csum, csum+gro, stateless, toe (default: ${DEFAULT-VALUE})")
        List<String> modes;

        @Option(names = "--connections", defaultValue = "5000", description = "connections (default: ${DEFAULT-VALUE})")
        int connections;

        @Option(names = "--concurrency", defaultValue = "64", description = "clients at once (default: ${DEFAULT-VALUE})")
        int concurrency;

        @CommandLine.Mixin
        JsonOrTable output;

        @Override
        public Integer call() throws Exception {
            if (connections < 1 || connections > 1_000_000 || concurrency < 1 || concurrency > 10_000) {
                throw output.usage("--connections must be 1..1,000,000 and --concurrency 1..10,000");
            }
            final List<ShortConnections.Result> results = new ArrayList<>();
            for (String m : modes) {
                final DemoMode mode = DemoMode.byLabel(m.trim());
                if (mode == null) {
                    throw output.usage("unknown mode '" + m + "': choose from " + DemoMode.labels());
                }
                if (mode.isDdp()) {
                    throw output.usage(
                        "toe+ddp places a file into registered pages: './toeless demo --mode toe+ddp' runs it;"
                            + " short connections run in the other modes");
                }
                final ShortConnections.Spec base = ShortConnections.Spec.of(mode, connections);
                results.add(ShortConnections.run(new ShortConnections.Spec(mode, connections, concurrency,
                    base.requestBytes(), base.responseBytes(), base.seed(), base.cost())));
            }
            final PrintWriter o = output.out();
            if (output.json()) {
                o.println(json(results));
            } else {
                final TextTable t = new TextTable(List.of("mode", "completed", "failed", "conn_per_s",
                    "host_ns_per_conn", "host_cpu_util", "card_ns_per_conn", "pci_bytes_per_conn"));
                for (ShortConnections.Result r : results) {
                    t.row(List.of(r.mode(), String.format("%,d", r.completed()), String.format("%,d", r.failed()),
                        String.format("%,.0f", r.connPerSecond()), String.format("%,.0f", r.hostNsPerConn()),
                        String.format("%.0f%%", 100 * r.hostCpuUtil()),
                        r.mode().equals("toe") ? String.format("%,.0f", r.cardNsPerConn()) : "-",
                        String.format("%,.0f", r.pciBytesPerConn())));
                }
                t.note("");
                t.note(concurrency + " clients on host A, each: handshake, 100-byte request, 1,000-byte response,"
                    + " close; host B charged by " + (results.isEmpty() ? "" : results.get(0).costModel()) + ".");
                t.note("conn_per_s: per second of virtual time; host_ns_per_conn: host B's modeled CPU per connection.");
                o.print(t.render());
            }
            o.flush();
            return results.stream().allMatch(r -> r.failed() == 0) ? 0 : 3;
        }
    }

    @Command(name = "exhaustion", mixinStandardHelpOptions = true,
        description = "A ramp of concurrent connections against host B's TOE card under each full-card policy: "
            + "admitted on the card, later uploaded to the host stack, fell back to the host stack, refused.")
    static final class Exhaustion implements Callable<Integer> {
        @Option(names = {"--policy", "--card-full"}, split = ",", defaultValue = "fallback,refuse,upload",
            description = "full-card policies: fallback, refuse, upload (default: ${DEFAULT-VALUE})")
        List<String> policies;

        @Option(names = "--connections", defaultValue = "100000",
            description = "concurrent connections to open (default: ${DEFAULT-VALUE})")
        int connections;

        @Option(names = "--slots", defaultValue = "16384", description = "the card's slots (default: ${DEFAULT-VALUE})")
        int slots;

        @Option(names = "--card-syn-cookies",
            description = "the card's profile runs SYN cookies when a listener's SYN queue is full (off: real TOE"
                + " firmware does not)")
        boolean synCookies;

        @Option(names = "--spacing-us", defaultValue = "10",
            description = "microseconds between connection attempts (default: ${DEFAULT-VALUE})")
        long spacingUs;

        @CommandLine.Mixin
        JsonOrTable output;

        @Override
        public Integer call() throws Exception {
            if (connections < 1 || connections > 110_000 || slots < 1 || spacingUs < 1) {
                throw output.usage(
                    "--connections must be 1..110,000 (four ports of ephemeral range), --slots and --spacing-us positive");
            }
            final List<CardExhaustion.Result> results = new ArrayList<>();
            for (String p : policies) {
                final CardFullPolicy policy = CardFullPolicy.byLabel(p.trim());
                if (policy == null) {
                    throw output.usage("unknown policy '" + p + "': choose from fallback, refuse, upload");
                }
                results.add(CardExhaustion.run(new CardExhaustion.Spec(policy, connections, slots, spacingUs * 1000,
                    4, 1, synCookies)));
            }
            final PrintWriter o = output.out();
            if (output.json()) {
                o.println(json(results));
            } else {
                final TextTable t = new TextTable(List.of("policy", "attempted", "slots", "admitted_on_card",
                    "uploaded", "fell_back", "refused", "unsettled", "peak_slots_in_use", "host_stack_connections"));
                for (CardExhaustion.Result r : results) {
                    t.row(List.of(r.policy(), String.format("%,d", r.attempted()), String.format("%,d", r.slots()),
                        String.format("%,d", r.admittedOnCard()), String.format("%,d", r.uploaded()),
                        String.format("%,d", r.fellBack()),
                        String.format("%,d", r.refused()), String.format("%,d", r.unsettled()),
                        String.format("%,d", r.peakSlotsInUse()), String.format("%,d", r.hostConnections())));
                }
                t.note("");
                t.note("one connection attempt every " + spacingUs + " us from host A, each held open; host B's card "
                    + "has " + String.format("%,d", slots) + " slots.");
                t.note("uploaded: admitted on the card, later handed live to the host stack to make room (upload).");
                o.print(t.render());
            }
            o.flush();
            return 0;
        }
    }
}
