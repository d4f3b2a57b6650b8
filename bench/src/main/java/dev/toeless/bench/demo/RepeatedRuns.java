package dev.toeless.bench.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.toeless.bench.report.TextTable;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The runs of {@code toeless demo --repeat N}: every mode run N times, interleaved (A B A B ...) in
 * one process, so that a machine's load drifts over all modes alike. The measured figure
 * ({@code host_ns_per_byte}, wall time) is summarised by its median and spread; the modeled figures
 * and the exact counters (touches, copies, pages, the NIC's and TCP's counters) are deterministic and
 * must be the same in every repeat, which {@link Mode#deterministic()} checks.
 */
public final class RepeatedRuns {
    private final Map<String, List<TransferResult>> byMode = new LinkedHashMap<>();

    /** Adds one run of its mode. */
    public void add(TransferResult r) {
        byMode.computeIfAbsent(r.mode(), m -> new ArrayList<>()).add(r);
    }

    /** Per mode, in the order first run. */
    public List<Mode> modes() {
        return byMode.entrySet().stream().map(e -> Mode.of(e.getKey(), e.getValue())).toList();
    }

    /** The median of {@code values} (the mean of the middle two for an even count); 0 for none. */
    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        final double[] v = values.clone();
        Arrays.sort(v);
        final int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /**
     * One mode's repeats.
     *
     * @param hostNsPerByteMedian  measured: median wall time of host B's Java code per byte
     * @param hostNsPerByteMin     measured: the fastest repeat
     * @param hostNsPerByteMax     measured: the slowest repeat
     * @param simRateMedian        measured: median bytes moved per second of wall time (the whole model)
     * @param hostNsPerByteModeled modeled: the cost model's host ns per byte (the same in every repeat)
     * @param deterministic        every repeat had the same modeled figures and exact counters
     * @param differs              what differed between repeats, if anything (empty when deterministic)
     */
    public record Mode(String mode, int repeats,
                       @JsonProperty("host_ns_per_byte_median") double hostNsPerByteMedian,
                       @JsonProperty("host_ns_per_byte_min") double hostNsPerByteMin,
                       @JsonProperty("host_ns_per_byte_max") double hostNsPerByteMax,
                       @JsonProperty("sim_rate_median") double simRateMedian,
                       @JsonProperty("host_ns_per_byte_modeled") double hostNsPerByteModeled,
                       double touchPerByte, double copiesPerByte, boolean sha256Ok, boolean deterministic,
                       List<String> differs) {
        static Mode of(String mode, List<TransferResult> runs) {
            final double[] ns = runs.stream().mapToDouble(TransferResult::hostNsPerByte).toArray();
            final double[] rate = runs.stream().mapToDouble(TransferResult::simBytesPerSecond).toArray();
            final TransferResult first = runs.getFirst();
            final List<String> differs = new ArrayList<>();
            for (TransferResult r : runs.subList(1, runs.size())) {
                differ(differs, "modeled", first.modeled(), r.modeled());
                differ(differs, "touch_per_byte", first.touchPerByte(), r.touchPerByte());
                differ(differs, "copies_per_byte", first.copiesPerByte(), r.copiesPerByte());
                differ(differs, "pages_flipped", first.pagesFlipped(), r.pagesFlipped());
                differ(differs, "pages_copied", first.pagesCopied(), r.pagesCopied());
                differ(differs, "receiver_ledger", first.receiverLedger(), r.receiverLedger());
                differ(differs, "nic", first.nic(), r.nic());
                differ(differs, "tcp", first.tcp(), r.tcp());
                differ(differs, "virtual_ns", first.virtualNs(), r.virtualNs());
            }
            return new Mode(mode, runs.size(), median(ns), Arrays.stream(ns).min().orElse(0),
                Arrays.stream(ns).max().orElse(0), median(rate), first.modeled().hostNsPerByteModeled(),
                first.touchPerByte(), first.copiesPerByte(), runs.stream().allMatch(TransferResult::sha256Ok),
                differs.isEmpty(), List.copyOf(differs));
        }

        private static void differ(List<String> differs, String name, Object a, Object b) {
            if (!Objects.equals(a, b) && !differs.contains(name)) {
                differs.add(name);
            }
        }
    }

    /** The table of medians and spreads, and the measured ratio of {@code stateless} to {@code none}. */
    public void print(PrintWriter o) {
        final List<Mode> modes = modes();
        final int n = modes.isEmpty() ? 0 : modes.getFirst().repeats();
        final TextTable t = new TextTable(List.of("mode", "repeats", "host_ns_per_byte_median", "min", "max",
            "spread", "sim_rate_median", "host_ns_per_byte_modeled", "touch_per_byte", "copies_per_byte",
            "modeled_same"));
        for (Mode m : modes) {
            t.row(List.of(m.mode(), Integer.toString(m.repeats()), String.format("%.3f", m.hostNsPerByteMedian()),
                String.format("%.3f", m.hostNsPerByteMin()), String.format("%.3f", m.hostNsPerByteMax()),
                m.hostNsPerByteMedian() > 0 ? String.format("%.0f%%",
                    100 * (m.hostNsPerByteMax() - m.hostNsPerByteMin()) / m.hostNsPerByteMedian()) : "-",
                String.format("%.0f MB/s", m.simRateMedian() / 1e6), String.format("%.3f", m.hostNsPerByteModeled()),
                String.format("%.4f", m.touchPerByte()), String.format("%.4f", m.copiesPerByte()),
                m.deterministic() ? "yes" : "NO: " + String.join(",", m.differs())));
        }
        t.note("");
        t.note(n + " interleaved repeats of every mode in one process (A B A B ...). host_ns_per_byte_*, spread");
        t.note("((max - min) / median) and sim_rate_median are MEASURED (wall time on this machine); host_ns_per_byte_modeled,");
        t.note("touch_per_byte and copies_per_byte are MODELED or exact counts, and modeled_same says they (and every");
        t.note("NIC, TCP and ledger counter) were identical in every repeat.");
        o.println();
        o.print(t.render());
        final Double ratio = ratio(modes, "stateless", "none");
        if (ratio != null) {
            o.printf("stateless/none host_ns_per_byte, median of %d interleaved repeats: %.2f (measured in this run).%n",
                n, ratio);
        }
    }

    /** The measured median host_ns_per_byte of mode {@code a} over mode {@code b}, null without both. */
    public static Double ratio(List<Mode> modes, String a, String b) {
        final Mode x = modes.stream().filter(m -> m.mode().equals(a)).findFirst().orElse(null);
        final Mode y = modes.stream().filter(m -> m.mode().equals(b)).findFirst().orElse(null);
        if (x == null || y == null || y.hostNsPerByteMedian() <= 0 || !x.sha256Ok() || !y.sha256Ok()) {
            return null;
        }
        return x.hostNsPerByteMedian() / y.hostNsPerByteMedian();
    }
}
