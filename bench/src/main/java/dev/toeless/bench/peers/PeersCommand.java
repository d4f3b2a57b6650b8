package dev.toeless.bench.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.toeless.bench.report.TextTable;
import dev.toeless.bench.sim.ProbeOptions;
import dev.toeless.nic.sim.SimRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code toeless peers}: our stack against real peers (the Linux kernel's TCP). */
@Command(name = "peers", mixinStandardHelpOptions = true,
    description = {"Our stack against the Linux kernel's TCP over a TAP device in a network namespace (root).",
        "timing: wall time of a bulk transfer each way through a lossy link, our sender against the kernel's."},
    subcommands = {PeersCommand.Timing.class})
public final class PeersCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which: timing");
    }


    @Command(name = "timing", mixinStandardHelpOptions = true,
        description = {"Sends --size bytes from our stack to the kernel's nc and from the kernel's nc to our stack,",
            "IPv4 and IPv6, and, as the reference, from the kernel to the kernel in a second namespace, --runs times",
            "each (the directions alternating, after an uncounted warm-up transfer each way in each family), through a modeled",
            "10 Gbit/s link that loses each frame with probability --loss in both directions; prints per direction",
            "and family the median wall time, the ratio of our sending time to the kernel's (to us) and to the",
            "kernel-to-kernel time. Every run's bytes are checked by SHA-256 at the receiver.",
            "Needs root, /dev/net/tun, ip, ss and nc. Exit 3 when a run did not deliver its bytes intact."})
    static final class Timing implements Callable<Integer> {
        @Option(names = "--size", defaultValue = "67108864", description = "bytes per transfer (default: ${DEFAULT-VALUE})")
        long size;

        @Option(names = "--runs", defaultValue = "3", description = "runs per direction and family (default: ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--loss", defaultValue = "0.02",
            description = "probability the link loses a frame, each direction (default: ${DEFAULT-VALUE})")
        double loss;

        @Option(names = "--family", split = ",", defaultValue = "v4,v6", description = "v4, v6 (default: ${DEFAULT-VALUE})")
        List<String> families;

        @Option(names = "--seed", defaultValue = "16", description = "seed of the data and the link's loss draws "
            + "(run i of a direction and family uses seed + i; default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--cc", defaultValue = "cubic",
            description = "our stack's congestion control: newreno, cubic, none (default: ${DEFAULT-VALUE}; the kernel's is its own)")
        String cc;

        @Option(names = "--kernel-cc", description = "the kernel's congestion control towards our stack, set on its "
            + "routes (congctl: cubic, reno, bbr, what the kernel has; default: the namespace's "
            + "net.ipv4.tcp_congestion_control, printed under the table)")
        String kernelCc;

        @CommandLine.Mixin
        ProbeOptions probes;

        @Option(names = "--timeout", defaultValue = "120", description = "seconds a run may take (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Option(names = "--pcap", description = "write each run's link frames to DIR/DIRECTION-FAMILY-RUN.pcap")
        Path pcapDir;

        @Option(names = "--warmup", paramLabel = "BYTES",
            description = {"bytes of the uncounted transfer each way in each family that first lets the JIT compile our stack, so that",
                "run 1 is not the slow one (default: --size; C2 compiles our stack over seconds of work)"})
        Long warmupBytes;

        @Option(names = "--no-warmup", description = "skip the uncounted transfer each way (as --warmup 0)")
        boolean noWarmup;

        @Option(names = "--verbose", description = "print each run with our end's TCP counters")
        boolean verbose;

        @Option(names = "--json", description = "print the runs and the table as JSON")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (size < 1 || size > (1L << 30)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--size must be 1 byte to 1 GiB: " + size);
            }
            final long warmup = noWarmup ? 0 : warmupBytes == null ? size : warmupBytes;
            if (warmup < 0 || warmup > size) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--warmup must be 0 to --size bytes: " + warmup);
            }
            if (runs < 1 || runs > 99) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be 1..99: " + runs);
            }
            if (!(loss >= 0 && loss < 0.5)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--loss must be in [0, 0.5): " + loss);
            }
            if (timeoutSeconds < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 s");
            }
            final List<Boolean> v6s = new ArrayList<>();
            for (String f : families) {
                switch (f.trim()) {
                    case "v4" -> v6s.add(false);
                    case "v6" -> v6s.add(true);
                    default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown family '" + f + "': v4 or v6");
                }
            }
            if (v6s.isEmpty() || v6s.stream().distinct().count() != v6s.size()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--family: v4, v6 or both, once each");
            }
            if (!dev.toeless.stack.tcp.cc.CongestionControls.NAMES.contains(cc)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown --cc '" + cc + "': "
                    + String.join(", ", dev.toeless.stack.tcp.cc.CongestionControls.NAMES));
            }
            if (kernelCc != null && !kernelCc.matches("[a-z0-9_]{1,15}")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--kernel-cc: a congestion control's name "
                    + "(cubic, reno, bbr): " + kernelCc);
            }
            final dev.toeless.stack.tcp.TcpConfig chosen = probes.chosen();
            final java.util.function.UnaryOperator<dev.toeless.stack.tcp.TcpConfig.Builder> ourTcp = probes.onto();
            final String unavailable = KernelTiming.unavailableReason();
            if (unavailable != null) {
                throw new IOException("needs the Linux kernel in a network namespace: " + unavailable);
            }
            if (pcapDir != null) {
                Files.createDirectories(pcapDir);
            }
            final PrintWriter out = spec.commandLine().getOut();
            final PrintWriter err = spec.commandLine().getErr();
            final byte[] data = new byte[(int) size];
            new SimRandom(seed).nextBytes(data);
            final Path work = Files.createTempDirectory("toeless-peers");
            final List<KernelTiming.Run> all = new ArrayList<>();
            final List<Map<String, Object>> rows = new ArrayList<>();
            boolean allIntact = true;
            try {
                if (warmup > 0) {
                    // the first transfers of a JVM run our stack's code before the JIT has compiled it (C2 takes
                    // seconds of work): one transfer each way in each family timed, not counted, so that run 1
                    // is not the slow one (a warm-up in IPv4 alone left IPv6's run 1 0.3 s slower: its IP layer
                    // was compiled then, and code both families share was compiled again for the new types)
                    final byte[] small = Arrays.copyOf(data, (int) warmup);
                    for (boolean v6 : v6s) for (KernelTiming.Direction d : KernelTiming.Direction.values()) {
                        final KernelTiming.Run r = KernelTiming.run(d, v6, small, loss, seed - 1,
                            timeoutSeconds * 1000L, work, null, cc, kernelCc, ourTcp);
                        if (verbose) {
                            err.printf("warm-up %s %s: %.3f s, %s%n", d.label(), r.family(), r.seconds(),
                                r.intact() ? "sha256 equal" : "NOT INTACT");
                            err.flush();
                        }
                    }
                }
                for (boolean v6 : v6s) {
                    final double[][] seconds = new double[KernelTiming.Direction.values().length][runs];
                    // the directions alternate, so that a change in the machine's load falls on both alike
                    for (int i = 0; i < runs; i++) {
                        for (KernelTiming.Direction d : KernelTiming.Direction.values()) {
                            final Path pcap = pcapDir == null ? null : pcapDir.resolve(
                                d.name().toLowerCase(java.util.Locale.ROOT).replace("_to_", "-")
                                    + "-" + (v6 ? "v6" : "v4") + "-" + (i + 1) + ".pcap");
                            final KernelTiming.Run r = KernelTiming.run(d, v6, data, loss, seed + i,
                                timeoutSeconds * 1000L, work, pcap, cc, kernelCc, ourTcp);
                            all.add(r);
                            allIntact &= r.intact();
                            seconds[d.ordinal()][i] = r.seconds();
                            if (verbose || !r.intact()) {
                                err.printf("%s %s run %d: %,d of %,d bytes in %.3f s, %s, link lost %d frames; ours: %s%n",
                                    d.label(), r.family(), i + 1, r.delivered(), r.bytes(), r.seconds(),
                                    r.intact() ? "sha256 equal" : "NOT INTACT", r.linkFramesLost(), r.counters());
                                err.flush();
                            }
                        }
                    }
                    final double ours = median(seconds[KernelTiming.Direction.STACK_TO_KERNEL.ordinal()]);
                    final double kernels = median(seconds[KernelTiming.Direction.KERNEL_TO_STACK.ordinal()]);
                    final double reference = median(seconds[KernelTiming.Direction.KERNEL_TO_KERNEL.ordinal()]);
                    for (KernelTiming.Direction d : KernelTiming.Direction.values()) {
                        final Map<String, Object> row = new LinkedHashMap<>();
                        row.put("direction", d.label());
                        row.put("family", v6 ? "IPv6" : "IPv4");
                        row.put("runs", runs);
                        row.put("seconds", seconds[d.ordinal()]);
                        row.put("median_seconds", median(seconds[d.ordinal()]));
                        if (d == KernelTiming.Direction.STACK_TO_KERNEL) {
                            row.put("ratio", ours / kernels);
                            row.put("ratio_to_kernel_kernel", ours / reference);
                        } else if (d == KernelTiming.Direction.KERNEL_TO_KERNEL) {
                            row.put("ratio_to_kernel_kernel", 1.0);
                            row.put("kernel_stack_to_kernel_kernel", kernels / reference);
                        }
                        rows.add(row);
                    }
                }
            } finally {
                try (var files = Files.list(work)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(work);
            }
            if (json) {
                final Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("bytes", size);
                doc.put("loss_each_way", loss);
                doc.put("measured", "wall time");
                doc.put("our_cc", cc);
                doc.put("probe_resends", chosen.probeResends());
                doc.put("probe_dsack_excluded", chosen.probeDsackExcluded());
                doc.put("probe_timeout", chosen.linuxProbeTimeout() ? "linux" : "floor");
                doc.put("adaptive_probes", chosen.adaptiveProbes());
                doc.put("probe_backoff", chosen.probeBackoff().label());
                doc.put("kernel_cc", kernelCcs(all));
                doc.put("rows", rows);
                doc.put("runs", all);
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } else {
                final TextTable t = new TextTable(List.of("direction", "family", "runs", "seconds", "median_s", "ratio",
                    "vs k>k"));
                for (Map<String, Object> row : rows) {
                    final StringBuilder s = new StringBuilder();
                    for (double x : (double[]) row.get("seconds")) {
                        s.append(s.isEmpty() ? "" : " ").append(String.format("%.2f", x));
                    }
                    t.row(List.of((String) row.get("direction"), (String) row.get("family"), String.valueOf(row.get("runs")),
                        s.toString(), String.format("%.2f", (double) row.get("median_seconds")),
                        row.containsKey("ratio") ? String.format("%.2fx", (double) row.get("ratio")) : "-",
                        row.containsKey("ratio_to_kernel_kernel")
                            ? String.format("%.2fx", (double) row.get("ratio_to_kernel_kernel")) : "-"));
                }
                t.note("");
                t.note(String.format("%,d bytes each run, wall time; the link loses %.1f%% of frames each way; "
                    + "ratio = our sending median / the kernel's (to us).", size, 100 * loss));
                t.note("kernel > kernel: the kernel sends to the kernel in a second namespace through the same link "
                    + "and losses (only the receiver differs); vs k>k = our sending median / that one's.");
                t.note("congestion control: ours " + cc + (chosen.probeResends() ? " (probes resend)" : "")
                    + (chosen.probeDsackExcluded() ? " (a probe's D-SACK keeps the reordering window)" : "")
                    + (chosen.linuxProbeTimeout() ? " (probe timeout 2 SRTT + 2 ms)" : "")
                    + (chosen.adaptiveProbes() ? "" : " (probes never learn the kernel's delayed ACK)")
                    + (chosen.probeBackoff() == dev.toeless.stack.tcp.ProbeBackoff.OFF ? " (no probe backoff)"
                        : chosen.probeBackoff() == dev.toeless.stack.tcp.ProbeBackoff.ON ? " (probe backoff after any copy)" : "")
                    + ", the kernel's " + kernelCcs(all));
                t.note(allIntact ? "every run's bytes arrived intact (sha256 equal)" : "SOME RUN DID NOT ARRIVE INTACT");
                out.print(t.render());
            }
            out.flush();
            return allIntact ? 0 : 3;
        }

        /** The kernel's congestion control over the runs ("bbr", or "cubic, bbr" if it changed). */
        static String kernelCcs(List<KernelTiming.Run> runs) {
            return String.join(", ", runs.stream().map(KernelTiming.Run::kernelCc).distinct().toList());
        }

        static double median(double[] values) {
            final double[] s = values.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }
}
