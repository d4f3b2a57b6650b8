package dev.toeless.bench.replay;

import dev.toeless.bench.report.JsonReport;
import dev.toeless.bench.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code toeless replay CAPTURE --out DIR}: a real capture through the NIC's receive model into files. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {
        "Replays a pcap capture through the NIC's receive model into files, one per TCP stream.",
        "Pushes the frames of a pcap capture through the stateless NIC's receive model (checksum check,",
        "header split, page accumulation) and a passive TCP reassembler into the file sink, writing one",
        "file per direction of each TCP connection that carried data, named by its 4-tuple.",
        "Corrupted, truncated and junk frames are counted drops. A stream is complete only from its SYN to",
        "its FIN with every byte between captured intact: one with data never captured (its missing ranges",
        "listed), no SYN, no FIN, or a reset before its FIN is reported incomplete and no file is kept for",
        "it (an older file of the same name is removed). A new SYN after a FIN or reset on the same",
        "four-tuple is a new connection: its own stream and file (NAME-2.bin, ...)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every stream recovered complete", "1:an error (unreadable capture, unwritable directory)",
        "2:bad arguments", "3:some stream is incomplete"})
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CAPTURE", description = "a classic pcap file with Ethernet frames")
    Path capture;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "toeless-out/replay",
        description = "where the recovered files go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--json", description = "print the report as one JSON object")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(capture)) {
            throw new IOException(capture + ": no such capture file");
        }
        if (!Files.isRegularFile(capture)) {
            throw new IOException(capture + ": " + (Files.isDirectory(capture) ? "is a directory" : "not a regular file")
                + ", not a capture file");
        }
        final ReplayReport report = new CaptureReplay().run(capture, out);
        JsonReport.print(spec.commandLine().getOut(), json, report, o -> print(report, o));
        return report.allComplete() ? 0 : 3;
    }

    /** The most ranges printed per list; --json lists them all. */
    static final int MISSING_SHOWN = 20;
    private static final int RANGES_PER_LINE = 5;

    /** Byte ranges under {@code label}, a few per line, the first {@value #MISSING_SHOWN} and how many more. */
    static List<String> rangeLines(String label, List<String> missing) {
        final List<String> lines = new ArrayList<>();
        final int shown = Math.min(missing.size(), MISSING_SHOWN);
        for (int i = 0; i < shown; i += RANGES_PER_LINE) {
            final String ranges = String.join(" ", missing.subList(i, Math.min(shown, i + RANGES_PER_LINE)));
            lines.add(i == 0 ? label + ": " + ranges : "  " + ranges);
        }
        if (missing.size() > shown) {
            lines.add("  ... " + (missing.size() - shown) + " more (--json lists them all)");
        }
        return lines;
    }

    static void print(ReplayReport r, PrintWriter o) {
        o.printf("%s: %,d frames, %,d dropped%n%n", r.capture(), r.frames(), r.droppedTotal());
        final TextTable t = new TextTable(List.of("stream", "bytes", "complete", "pages_flipped", "pages_copied",
            "sha256"));
        for (StreamReport s : r.streams()) {
            t.row(List.of(s.stream(), String.format("%,d", s.bytes()), s.complete() ? "yes" : "NO",
                Long.toString(s.pagesFlipped()), Long.toString(s.pagesCopied()),
                s.complete() ? s.sha256() : "-"));
        }
        o.print(t.render());
        for (StreamReport s : r.streams()) {
            final List<String> lines = new ArrayList<>(s.notes());
            if (!s.missing().isEmpty()) {
                lines.addAll(rangeLines("missing byte ranges", s.missing()));
            }
            if (!s.conflicts().isEmpty()) {
                lines.addAll(rangeLines("byte ranges captured again with other content", s.conflicts()));
            }
            if (s.file() != null) {
                lines.add("written to " + s.file());
            }
            if (!lines.isEmpty()) {
                o.println();
                o.println(s.stream() + ":");
                lines.forEach(l -> o.println("  " + l));
            }
        }
        if (!r.dropped().isEmpty()) {
            o.println();
            o.println("frames dropped, by reason:");
            for (Map.Entry<String, Long> e : r.dropped().entrySet()) {
                o.printf("  %-24s %,d%n", e.getKey(), e.getValue());
            }
        }
        o.printf("%nhost CPU payload bytes touched: %,d (copied: %,d)%n", r.hostTouchedBytes(), r.hostCopiedBytes());
    }
}
