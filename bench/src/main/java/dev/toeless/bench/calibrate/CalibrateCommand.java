package dev.toeless.bench.calibrate;

import dev.toeless.bench.report.ByteSize;
import dev.toeless.nic.cost.ByteOp;
import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.cost.CostParameter;
import dev.toeless.nic.cost.CostProfile;
import dev.toeless.nic.cost.CostProfileFile;
import dev.toeless.nic.cost.CostProfiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code toeless calibrate}: measures this machine and writes a cost profile that
 * {@code --profile FILE} accepts. Measured: copy and checksum per byte, warm and cold, and the
 * model's host receive path per packet (which scales the base profile's per-operation costs);
 * read from the system: the clock. The rest is the base profile's, with its sources.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measures this machine (copy and checksum per byte, warm and cold; the host receive path per",
        "packet) and writes a cost profile for --profile FILE. Takes a minute; run it on a quiet machine."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the profile was written", "1:an I/O error", "2:bad arguments"})
public final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE", defaultValue = "toeless-out/calibrated.profile",
        description = "where to write the profile (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--base", paramLabel = "NAME", defaultValue = "host-2025",
        description = "built-in profile for everything not measured (default ${DEFAULT-VALUE})")
    String baseName;

    @Option(names = "--cold-set", paramLabel = "BYTES", defaultValue = "256MiB", converter = ByteSize.class,
        description = "working set of the cold measurements, far above the last-level cache (default ${DEFAULT-VALUE})")
    long coldSet;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "32MiB", converter = ByteSize.class,
        description = "bytes of each timed host-path transfer (default ${DEFAULT-VALUE})")
    long size;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final CommandLine cl = spec.commandLine();
        final CostProfile base = CostProfiles.named(baseName);
        if (base == null || base.kind() != CostProfile.Kind.HOST) {
            throw new CommandLine.ParameterException(cl, "--base must be a host profile: host-2003, host-2010, "
                + "host-2018, host-2025");
        }
        if (coldSet < (16 << 20) || coldSet > (1L << 30)) {
            throw new CommandLine.ParameterException(cl, "--cold-set must be between 16 MiB and 1 GiB");
        }
        if (size < (1 << 20) || size > (1L << 30)) {
            throw new CommandLine.ParameterException(cl, "--size must be between 1 MiB and 1 GiB");
        }
        final PrintWriter o = cl.getOut();
        final String when = "measured by toeless calibrate on " + LocalDate.now(ZoneOffset.UTC);
        final ByteCostProbe bytes = new ByteCostProbe((int) coldSet);
        final double[] rates = bytes.measure();
        final HostPathProbe.Result path = new HostPathProbe(base, size).measure(rates[0]);
        final List<CostParameter> measured = new ArrayList<>();
        measured.add(new CostParameter(ByteOp.COPY.parameter(true), round(rates[0]), "ns/B", when + " (64 KiB set)"));
        measured.add(new CostParameter(ByteOp.COPY.parameter(false), round(rates[1]), "ns/B",
            when + " (" + ByteSize.format(coldSet) + " set)"));
        measured.add(new CostParameter(ByteOp.CHECKSUM.parameter(true), round(rates[2]), "ns/B", when + " (64 KiB set)"));
        measured.add(new CostParameter(ByteOp.CHECKSUM.parameter(false), round(rates[3]), "ns/B",
            when + " (" + ByteSize.format(coldSet) + " set)"));
        final String scaled = String.format(Locale.ROOT, "%s x %.3f: the model's host path measured at %.0f ns per "
            + "packet (%s on %s's split)", base.name(), path.scale(), path.measuredNsPerPacket(), when, base.name());
        for (CostOp op : CostOp.values()) {
            if (op == CostOp.DOORBELL || op == CostOp.MMIO_READ) {
                continue; // bus latencies, not our code's speed
            }
            measured.add(new CostParameter(op.parameter(), round(base.value(op.parameter()) * path.scale()), "ns",
                scaled));
        }
        final double ghz = cpuGhz();
        if (ghz > 0) {
            measured.add(new CostParameter(CostProfile.CLOCK_GHZ, ghz, "GHz", "read from /proc/cpuinfo"));
        }
        final java.util.Set<String> measuredNames = new java.util.HashSet<>();
        measured.forEach(m -> measuredNames.add(m.name()));
        for (CostParameter p : base.parameters()) {
            if (!measuredNames.contains(p.name())) {
                // not measured here: the base's value, and the source says it is the base's
                measured.add(new CostParameter(p.name(), p.value(), p.unit(), base.name() + ": " + p.source()));
            }
        }
        final CostProfile profile = base.with("calibrated", "this machine, measured by toeless calibrate; the model's "
            + "Java host path, not the kernel's", measured);
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, CostProfileFile.write(profile, base.name(), List.of(
            "measured on " + Runtime.getRuntime().availableProcessors() + " CPUs; figures move with the machine's load",
            "checksum sink " + bytes.sink())));
        o.printf(Locale.ROOT, "copy      warm %.4f ns/B, cold %.4f ns/B%n", rates[0], rates[1]);
        o.printf(Locale.ROOT, "checksum  warm %.4f ns/B, cold %.4f ns/B%n", rates[2], rates[3]);
        o.printf(Locale.ROOT, "host path %.0f ns per packet measured (%s charges %.0f): per-op costs x %.3f%n",
            path.measuredNsPerPacket(), base.name(), path.baseNsPerPacket(), path.scale());
        o.println("written to " + out + " (use: ./toeless demo --profile " + out + ")");
        o.flush();
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** The clock /proc/cpuinfo reports, or 0 when there is none to read. */
    private static double cpuGhz() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("cpu MHz")) {
                    return Math.round(Double.parseDouble(line.substring(line.indexOf(':') + 1).strip())) / 1000.0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
