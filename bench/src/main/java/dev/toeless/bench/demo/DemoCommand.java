package dev.toeless.bench.demo;

import dev.toeless.bench.report.ByteSize;
import dev.toeless.bench.report.JsonReport;
import dev.toeless.bench.report.TextTable;
import dev.toeless.nic.cost.CostParameter;
import dev.toeless.nic.cost.CostProfile;
import dev.toeless.nic.cost.PciConfig;
import dev.toeless.nic.cost.RegistrationCost;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.toe.ToeConfig;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code toeless demo}: a file from host A to host B over a simulated wire, in every mode, and what each cost. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Sends a file from host A to host B over a simulated link, once in each NIC mode.",
        "Host B writes the file under --out, once per mode; the tables say what each mode cost host B's",
        "CPU. In 'stateless' mode (checksum offload, TSO, header split and receive page accumulation)",
        "whole payload pages are flipped into the page cache and the CPU touches no payload byte but",
        "those of a partial first or last page. In 'toe' mode TCP runs on a TCP offload card behind a",
        "command queue; the card places payload in pages the host posted, and the host copies it. In",
        "'toe+ddp' mode the same card runs RDMA's direct data placement (iWARP: RDMAP, DDP, MPA): host B",
        "registers the file's page-cache pages, A's WRITEs are placed in them by B's card, and B's CPU",
        "touches no payload byte; it pays the registrations instead.",
        "In 'card-node' mode host B sits behind a card that is a node of its own (Garzik's card): it",
        "ends A's connection and relays the stream to B over TCP across an IP-over-PCI link."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every file arrived intact", "1:an I/O error (a file to send that cannot be read)",
        "2:bad arguments", "3:a transfer failed (the table says which and why)"})
public final class DemoCommand implements Callable<Integer> {
    private static final long WARM_UP_BYTES = 8L << 20;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "256MiB", converter = ByteSize.class,
        description = "size of the generated file (default ${DEFAULT-VALUE}); K, M, G are powers of 1024")
    long size;

    @Option(names = "--mode", paramLabel = "MODE", split = ",",
        description = "modes to run: none, csum, csum+gro, stateless, toe, toe+ddp, card-node (default: all seven)")
    List<String> modes;

    @Option(names = "--file", paramLabel = "PATH", description = "send this file instead of generated content")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "toeless-out",
        description = "where host B writes the file, one folder per mode (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--rate", paramLabel = "GBIT", defaultValue = "10",
        description = "link rate in Gbit/s (default ${DEFAULT-VALUE})")
    double rateGbit;

    @Option(names = "--mtu", paramLabel = "BYTES", defaultValue = "1500",
        description = "link MTU, 1280 to 9000; TCP's MSS follows it (default ${DEFAULT-VALUE})")
    int mtu;

    @Option(names = "--loss", paramLabel = "RATE", defaultValue = "0",
        description = "frame loss probability on the link, e.g. 0.01; as many frames are also reordered "
            + "(default ${DEFAULT-VALUE})")
    double loss;

    @Option(names = "--seed", defaultValue = "1", description = "the simulation's random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--pcap", paramLabel = "FILE",
        description = "capture the wire to FILE; with more than one mode one file per mode, FILE's name "
            + "getting the mode (wire.pcap: wire-none.pcap, wire-csum-gro.pcap, ...)")
    Path pcap;

    @Option(names = "--json", description = "print the figures as one JSON object instead of the table")
    boolean json;

    @Option(names = "--window", paramLabel = "BYTES", converter = ByteSize.class,
        description = "both hosts' TCP send and receive buffers, e.g. 6MiB as Linux autotunes to "
            + "(default: the hosts' 256 KiB)")
    Long window;

    @Option(names = "--dirty-limit", paramLabel = "BYTES", converter = ByteSize.class,
        description = "host B's page cache dirty limit for the file, like Linux's vm.dirty_bytes (default: 64MiB, "
            + "larger than a server's last-level cache)")
    Long dirtyLimit;

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "host-2025",
        description = "host B's CPU cost profile: host-2003, host-2010, host-2018, host-2025, toe-asic, bluefield-2, "
            + "bluefield-3, or a file written by 'toeless calibrate' (default ${DEFAULT-VALUE})")
    String profileName;

    @Option(names = "--cores", paramLabel = "N", description = "host B's modeled cores (default: the profile's, 1 for "
        + "the hosts)")
    Integer cores;

    @Option(names = "--pcie", paramLabel = "LINK", defaultValue = "gen4x16",
        description = "host B's PCI Express link, e.g. gen3x8, gen4x16, gen5x16 (default ${DEFAULT-VALUE})")
    String pcie;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
        description = "run the modes N times, interleaved (A B A B ...), and print per mode the median and spread of "
            + "the measured host_ns_per_byte beside the modeled figures (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--print-profile", description = "print the cost profile and the PCI link, every parameter with "
        + "its source, and exit")
    boolean printProfile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final List<DemoMode> runModes = parseModes();
        validate();
        refuseOutputsOverInputs(runModes);
        // a file that says size 0 (a /proc file) is read to its end: its length is known only then
        final long sourceSize = file != null && Files.size(file) > 0 ? Files.size(file) : -1;
        checkFreeSpace(runModes.size(), file != null ? Math.max(0, sourceSize) : size);
        final CostSetup cost = costSetup();
        final PrintWriter o = spec.commandLine().getOut();
        if (printProfile) {
            o.print(printTables(cost));
            o.flush();
            return 0;
        }
        if (cost.profile().kind() != CostProfile.Kind.HOST) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--profile " + cost.profile().name()
                + " is a card's CPU (the toe mode's card runs " + ToeConfig.defaults().cardProfile().name()
                + "), not a host's; --print-profile shows it");
        }
        validate();
        warmUp(runModes, cost);
        final List<TransferResult> results = new ArrayList<>();
        final RepeatedRuns repeats = new RepeatedRuns();
        for (int round = 0; round < repeat; round++) {
            for (DemoMode mode : runModes) {
                final TransferSpec t = new TransferSpec(mode, size, file, out, (long) (rateGbit * 1e9), mtu, loss,
                    seed, round == 0 ? pcapFor(mode, runModes.size()) : null).withCost(cost)
                    .withWindow(window == null ? 0 : (int) (long) window)
                    .withDirtyLimitPages(dirtyLimit == null ? 0 : (int) (dirtyLimit >> 12));
                final TransferResult r = sizeChecked(runOne(t), sourceSize);
                repeats.add(r);
                if (round == 0) {
                    results.add(r);
                }
            }
        }
        if (json) {
            final Map<String, Object> all = new LinkedHashMap<>();
            all.put("link_gbit_per_s", rateGbit);
            all.put("mtu", mtu);
            all.put("loss", loss);
            all.put("seed", seed);
            all.put("cost_model", cost.label());
            all.put("window_bytes", window == null ? 0 : window);
            all.put("notes", Map.of(
                "host_ns_per_byte", "measured: wall time of the model's own Java host code on this machine",
                "modeled", "the cost model: virtual time charged from the profile, identical for the same seed and "
                    + "options on any machine"));
            all.put("modes", results);
            if (repeat > 1) {
                all.put("repeats", repeats.modes());
            }
            o.println(JsonReport.write(all));
        } else {
            print(results, o);
            printModeled(results, cost, rateGbit, o);
            if (repeat > 1) {
                repeats.print(o);
            }
        }
        o.flush();
        return repeats.modes().stream().allMatch(RepeatedRuns.Mode::sha256Ok) ? 0 : 3;
    }

    private List<DemoMode> parseModes() {
        if (modes == null) {
            return DemoMode.all();
        }
        final CommandLine cl = spec.commandLine();
        if (modes.isEmpty() || modes.stream().anyMatch(String::isBlank)) {
            throw new CommandLine.ParameterException(cl, "--mode needs mode names between its commas: choose from "
                + DemoMode.labels() + " (leave --mode out for all of them)");
        }
        final List<DemoMode> list = new ArrayList<>();
        for (String m : modes) {
            final DemoMode mode = DemoMode.byLabel(m.trim().toLowerCase(Locale.ROOT));
            if (mode == null) {
                throw new CommandLine.ParameterException(cl,
                    "unknown mode '" + m + "': choose from " + DemoMode.labels());
            }
            if (list.contains(mode)) {
                throw new CommandLine.ParameterException(cl, "mode '" + mode.label() + "' is given twice in --mode");
            }
            list.add(mode);
        }
        return list;
    }

    /** The profile (built-in or a file), the core count and the PCI link the options name. */
    private CostSetup costSetup() throws java.io.IOException {
        final CommandLine cl = spec.commandLine();
        CostProfile profile = ProfileOption.resolve(cl, profileName);
        if (cores != null) {
            if (cores < 1 || cores > 1024) {
                throw new CommandLine.ParameterException(cl, "--cores must be between 1 and 1024");
            }
            profile = profile.withCores(cores);
        }
        try {
            return new CostSetup(profile, PciConfig.parse(pcie));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--pcie: " + e.getMessage());
        }
    }

    /** The profile's table and the PCI link's, every parameter with its source. */
    static String printTables(CostSetup cost) {
        final StringBuilder b = new StringBuilder(cost.profile().table());
        b.append('\n');
        final TextTable t = new TextTable(List.of("parameter", "value", "unit", "source"));
        for (CostParameter p : cost.pci().parameters()) {
            t.row(List.of(p.name(), CostProfile.format(p.value()), p.unit(), p.source()));
        }
        b.append("PCI Express link ").append(cost.pci().label()).append(" (")
            .append(String.format("%.1f", cost.pci().gbitPerSecond())).append(" Gbit/s each way):\n");
        b.append(t.render());
        final TextTable r = new TextTable(List.of("parameter", "value", "unit", "source"));
        for (CostParameter p : RegistrationCost.DEFAULT.parameters()) {
            r.row(List.of(p.name(), CostProfile.format(p.value()), p.unit(), p.source()));
        }
        b.append("\nMemory registration for direct data placement (toe+ddp; charged to host B's CPU):\n");
        b.append(r.render());
        return b.toString();
    }

    static void printModeled(List<TransferResult> results, CostSetup cost, double rateGbit, PrintWriter o) {
        final TextTable t = new TextTable(List.of("mode", "goodput", "host_cpu_util", "host_ns_per_byte_modeled",
            "host_cycles_per_byte", "rx_missed", "pci_bytes_per_mb", "pci_tx_per_mb", "descriptors_per_mb",
            "interrupts_per_mb", "doorbells", "host_packets_per_gb", "card_cpu_util", "card_saturates_at"));
        for (TransferResult r : results) {
            final ModeledCost m = r.modeled();
            final String card = m.cardProfile() == null ? "-" : String.format("%.0f%%", 100 * m.cardCpuUtil());
            final String saturation = m.cardSaturationGbps() <= 0 ? "-"
                : String.format("%.1f Gbit/s", m.cardSaturationGbps());
            t.row(List.of(r.mode(), bitRate(r.goodputBitsPerSecond()),
                String.format("%.0f%%", 100 * m.hostCpuUtil()), String.format("%.3f", m.hostNsPerByteModeled()),
                String.format("%.2f", m.hostCyclesPerByte()), Long.toString(m.rxMissed()),
                String.format("%.0f", m.pciBytesPerMb()), String.format("%.0f", m.pciTxPerMb()),
                String.format("%.0f", m.descriptorsPerMb()), String.format("%.1f", m.interruptsPerMb()),
                Long.toString(m.doorbells()), String.format("%.0f", m.hostPacketsPerGb()), card, saturation));
        }
        t.note("");
        t.note("modeled (cost model, virtual time, the same on any machine): " + cost.label() + " at "
            + CostProfile.format(rateGbit) + " Gbit/s.");
        t.note("host_cpu_util: busy share of host B's modeled cores; host_ns_per_byte_modeled and host_cycles_per_byte:");
        t.note("charged CPU time per payload byte; rx_missed: frames host B's NIC dropped because the host fell behind;");
        t.note("pci_*: its PCI link, bytes (TLP overhead included) and transactions per MB of payload.");
        if (results.stream().anyMatch(r -> r.mode().equals(DemoMode.TOE.label()))) {
            t.note("toe: TCP runs on host B's card (its CPU: " + ToeConfig.defaults().cardProfile().name() + ", card_cpu_util);"
                + " the host pays commands, completions,");
            t.note("interrupts, system calls and the copy into the page cache; the card's congestion control is the vendor's ("
                + ToeConfig.VENDOR_CC + "), fixed.");
        }
        if (results.stream().anyMatch(r -> r.mode().equals(DemoMode.TOE_DDP.label()))) {
            t.note("toe+ddp: the same card (TCP on its CPU, card_cpu_util) also runs RDMAP/DDP/MPA; host B registers the file's");
            t.note("page-cache pages in 1 MiB regions (" + CostProfile.format(RegistrationCost.DEFAULT.perPage().value())
                + " ns a page pinned, libfabric issue 4738, + " + CostProfile.format(RegistrationCost.DEFAULT.perCall().value())
                + " ns a call, estimate) and");
            t.note("flips them into the page cache once A says a region is written: no copy, no interrupt per segment; the card's");
            t.note("DMA writes each WRITE into the pages after its tag check. The verbs are charged as card commands (descriptor, doorbell).");
        }
        t.note("host_packets_per_gb: packets through host B's IP layer, in and out, per GB of payload (a count).");
        if (results.stream().anyMatch(r -> r.mode().equals(DemoMode.CARD_NODE.label()))) {
            t.note("card-node: host B sits behind a card node (" + CardNodeTransfer.CARD_PROFILE + ", "
                + CardNodeTransfer.cardProfile().cores() + " cores, card_cpu_util) that ends A's connection and relays the");
            t.note("stream over TCP across an IP-over-PCI link in 60 KiB segments; host B's PCI link carries that stream.");
        }
        if (results.stream().anyMatch(r -> r.modeled().cardSaturationGbps() > 0)) {
            t.note("card_saturates_at: COMPUTED, not run: the payload rate at which all the card's cores would be busy,");
            t.note("cores / modeled card CPU ns per byte of this transfer (8 bits per byte).");
        }
        t.note("'./toeless demo --print-profile' lists every parameter with its source.");
        o.println();
        o.print(t.render());
    }

    private void validate() throws IOException {
        final CommandLine cl = spec.commandLine();
        checkFileToSend();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(cl, "--out " + out + " exists and is not a directory");
        }
        if (file == null && (size <= 0 || size > (64L << 30))) {
            throw new CommandLine.ParameterException(cl, "--size must be between 1 byte and 64 GiB");
        }
        if (mtu < 1280 || mtu > 9000) {
            throw new CommandLine.ParameterException(cl, "--mtu must be between 1280 and 9000");
        }
        if (!(loss >= 0 && loss < 0.5)) { // NaN fails every comparison
            throw new CommandLine.ParameterException(cl, "--loss must be a number at least 0 and below 0.5");
        }
        if (window != null && (window < 16_384 || window > (64L << 20))) {
            throw new CommandLine.ParameterException(cl, "--window must be between 16 KiB and 64 MiB");
        }
        if (dirtyLimit != null && (dirtyLimit < (64L << 10) || dirtyLimit > (1L << 30))) {
            throw new CommandLine.ParameterException(cl, "--dirty-limit must be between 64 KiB and 1 GiB");
        }
        if (repeat < 1 || repeat > 100) {
            throw new CommandLine.ParameterException(cl, "--repeat must be between 1 and 100");
        }
        if (!(rateGbit > 0 && rateGbit <= 1000)) {
            throw new CommandLine.ParameterException(cl, "--rate must be a number above 0 and at most 1000 Gbit/s");
        }
    }

    /**
     * The file to send, if any, must be a readable regular file; one that says size 0 (a /proc
     * file) is read to its end. A pipe or a device is refused: each mode reads the file again.
     */
    private void checkFileToSend() throws IOException {
        if (file == null) {
            return;
        }
        if (!Files.exists(file)) {
            throw new IOException(file + ": no such file to send");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not a file to send");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a regular file (a device, pipe or socket); the demo reads the file "
                + "once per mode, so it sends regular files only");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file + ": permission denied");
        }
    }

    /** A capture or a received file written over the file to send would destroy it: a usage error. */
    private void refuseOutputsOverInputs(List<DemoMode> runModes) {
        if (file == null) {
            return;
        }
        for (DemoMode mode : runModes) {
            final Path capture = pcapFor(mode, runModes.size());
            if (InputGuard.isSameFile(capture, file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), InputGuard.message(capture, file, "--pcap"));
            }
            final Path received = out.resolve(mode.label()).resolve(file.getFileName().toString());
            if (InputGuard.isSameFile(received, file)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    InputGuard.message(received, file, "--out " + out + " would put " + mode.label() + "'s file at"));
            }
            if (InputGuard.isSameFile(capture, received)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--pcap " + capture + " is where " + mode.label() + "'s received file goes: choose another name");
            }
        }
    }

    /** Every mode keeps its copy of the file: refuse a demo whose files cannot all fit, before sending any. */
    private void checkFreeSpace(int modeCount, long bytesPerMode) throws IOException {
        Path existing = out.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        final long free = Files.getFileStore(existing).getUsableSpace();
        final long need = modeCount * bytesPerMode;
        if (need > free) {
            throw new IOException("not enough free space under " + out + ": " + modeCount + " mode(s) of "
                + ByteSize.format(bytesPerMode) + " need " + ByteSize.format(need) + ", " + ByteSize.format(free)
                + " is free (fewer --mode, a smaller --size, or another --out)");
        }
    }

    /** A transfer of fewer (or more) bytes than the source had when the demo started is never complete. */
    private static TransferResult sizeChecked(TransferResult r, long sourceSize) throws IOException {
        if (sourceSize < 0 || r.payloadBytes() == sourceSize) {
            return r;
        }
        if (r.file() != null) {
            Files.deleteIfExists(Path.of(r.file()));
        }
        return r.failed("sent " + r.payloadBytes() + " bytes but the file to send had " + sourceSize
            + " when the demo started (it changed); the received file was not kept");
    }

    /**
     * Runs a short transfer in every mode first, untimed, so the JIT has compiled all of them before
     * any is measured: otherwise the first mode pays for warming up the shared code.
     */
    private void warmUp(List<DemoMode> runModes, CostSetup cost) throws Exception {
        final Path scratch = Files.createTempDirectory("toeless-warmup");
        final Thread cleanup = new Thread(() -> deleteTree(scratch), "toeless-warmup-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup); // stopped during the warm-up: no scratch left
        try {
            for (int round = 0; round < 2; round++) {
                for (DemoMode mode : runModes) {
                    // the default link: the user's rate or loss could make a warm-up run for minutes
                    new FileTransfer(new TransferSpec(mode, WARM_UP_BYTES, null, scratch, 10_000_000_000L, mtu,
                        0, seed, null).withCost(cost).withWindow(window == null ? 0 : (int) (long) window),
                        done -> { }).run();
                }
            }
        } finally {
            deleteTree(scratch);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder: nothing better to do than leave what could not be deleted
        }
    }

    private Path pcapFor(DemoMode mode, int modeCount) {
        if (pcap == null) {
            return null;
        }
        if (modeCount == 1) {
            return pcap;
        }
        final String name = pcap.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        final String label = mode.label().replace('+', '-');
        return pcap.resolveSibling(dot > 0 ? name.substring(0, dot) + "-" + label + name.substring(dot)
            : name + "-" + label);
    }

    private TransferResult runOne(TransferSpec t) throws Exception {
        final long total = Math.max(1, t.sourceFile() != null ? Files.size(t.sourceFile()) : t.sizeBytes());
        if (json || System.console() == null) {
            final TransferResult r = new FileTransfer(t, done -> { }).run();
            if (!json) {
                final String moved = r.deliveredBytes() == r.payloadBytes() ? ByteSize.format(r.payloadBytes())
                    : ByteSize.format(r.deliveredBytes()) + " of " + ByteSize.format(r.payloadBytes());
                spec.commandLine().getErr().printf("%-9s %s in %.1f s%n", t.mode().label(), moved, r.wallNs() / 1e9);
            }
            return r;
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(String.format("%-9s", t.mode().label()))
            .setInitialMax(total).setUnit(" MiB", 1 << 20).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
            .showSpeed().build()) {
            return new FileTransfer(t, bar::stepTo).run();
        }
    }

    /** Gbit/s as the table always showed it; a slower rate in the unit that shows it. */
    static String bitRate(double bitsPerSecond) {
        if (bitsPerSecond >= 1e9 || bitsPerSecond == 0) {
            return String.format("%.2f Gbit/s", bitsPerSecond / 1e9);
        }
        return bitsPerSecond >= 1e6 ? String.format("%.2f Mbit/s", bitsPerSecond / 1e6)
            : String.format("%.2f kbit/s", bitsPerSecond / 1e3);
    }

    static void print(List<TransferResult> results, PrintWriter o) {
        final TextTable t = new TextTable(List.of("mode", "goodput", "sim_rate", "touch_per_byte", "copies_per_byte",
            "host_ns_per_byte", "host_cores_at_100g", "pages_flipped", "pages_copied", "sha256_ok"));
        for (TransferResult r : results) {
            final boolean moved = r.deliveredBytes() > 0; // per-byte figures of nothing are not figures
            t.row(List.of(r.mode(), bitRate(r.goodputBitsPerSecond()),
                String.format("%.0f MB/s", r.simBytesPerSecond() / 1e6),
                moved ? String.format("%.4f", r.touchPerByte()) : "-",
                moved ? String.format("%.4f", r.copiesPerByte()) : "-",
                moved ? String.format("%.3f", r.hostNsPerByte()) : "-",
                moved ? String.format("%.2f", r.hostCoresAt100g()) : "-",
                Long.toString(r.pagesFlipped()), Long.toString(r.pagesCopied()), r.sha256Ok() ? "yes" : "NO"));
        }
        t.note("");
        t.note("goodput: payload delivered per second of virtual time (the modeled network); sim_rate: per second of");
        t.note("wall time (how fast the model ran). touch_per_byte: host B's CPU passes over payload (copy, checksum)");
        t.note("per byte; copies_per_byte: its copies. host_ns_per_byte: MEASURED wall time of the model's own Java host");
        t.note("code (driver, IP, TCP, socket, file sink; not the NIC, wire or sender) per byte, on this machine: the");
        t.note("model's speed, not a real host's; host_cores_at_100g: cores that rate would need at 100 Gbit/s (the");
        t.note("modeled figures are in the second table). pages_flipped: whole pages moved into the page cache by");
        t.note("reference; pages_copied: pages assembled by the CPU.");
        o.print(t.render());
        for (TransferResult r : results) {
            if (r.error() != null) {
                o.println(r.mode() + ": " + r.error());
            } else if (r.file() != null) {
                o.println(r.mode() + ": written to " + r.file());
            }
        }
        final TransferResult none = results.stream().filter(r -> r.mode().equals("none")).findFirst().orElse(null);
        final TransferResult stateless = results.stream().filter(r -> r.mode().equals("stateless")).findFirst()
            .orElse(null);
        if (none != null && stateless != null && none.sha256Ok() && stateless.sha256Ok() && none.hostNsPerByte() > 0) {
            final double saved = 100 * (1 - stateless.hostNsPerByte() / none.hostNsPerByte());
            o.printf("stateless uses %.0f%% %s host CPU per byte than none (measured in this run).%n", Math.abs(saved),
                saved >= 0 ? "less" : "more");
        }
    }
}
