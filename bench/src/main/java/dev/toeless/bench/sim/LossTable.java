package dev.toeless.bench.sim;

import dev.toeless.bench.report.TextTable;
import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.link.LinkFaults;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.LossDetection;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.TcpCounters;
import dev.toeless.stack.tcp.cc.CongestionControls;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Goodput versus loss in the shape of smoltcp's {@code tests/netsim.rs}: one connection moves
 * {@link #TRANSFER_BYTES} from host a to host b over a 100 ms RTT path of 1514-byte frames, with
 * the same loss probability in both directions; both sides' socket buffers (send and receive)
 * are the row's size. Goodput is bytes delivered in order per second of virtual time, from the
 * connect call to the last byte read. Each cell runs once per seed (the seed drives the link's
 * losses) and reports the median. A run that has not finished after its cap of virtual time
 * reports the goodput over what moved, and its cell is marked as capped.
 */
public final class LossTable {
    public static final int TRANSFER_BYTES = 10 << 20;
    public static final long RTT_NS = 100 * SimScenario.MS;
    public static final int[] BUFFER_BYTES = {128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};
    public static final double[] LOSS = {0, 0.001, 0.01, 0.02, 0.05, 0.10, 0.20, 0.30};
    /** The share of the window limit the lossless column must reach. */
    public static final double LOSSLESS_GOAL = 0.98;
    private static final int PORT = 5001;

    private final long capNs;
    private final String congestionControl;
    private final LossDetection lossDetection;
    /** What both ends' TCP is told beyond the table's own settings: the probe options of {@code sim --table}. */
    private final UnaryOperator<TcpConfig.Builder> probes;
    private final int seeds;

    /**
     * A table whose runs each take at most {@code capNs} of virtual time.
     *
     * @param congestionControl the sender's algorithm, by {@link CongestionControls} name
     * @param seeds             runs per cell, with seeds 1 .. {@code seeds}
     * @throws IllegalArgumentException for an unknown algorithm or fewer than one seed
     */
    public LossTable(long capNs, String congestionControl, int seeds) {
        this(capNs, congestionControl, LossDetection.RACK_TLP, seeds);
    }

    /** The same with the sender's loss detection chosen ({@code toeless sim --table --loss-detection}). */
    public LossTable(long capNs, String congestionControl, LossDetection lossDetection, int seeds) {
        this(capNs, congestionControl, lossDetection, UnaryOperator.identity(), seeds);
    }

    /**
     * The same with how the tail loss probes behave at both ends ({@code sim --table}'s {@link ProbeOptions}):
     * {@code probes} sets {@link TcpConfig#linuxProbeTimeout()}, {@link TcpConfig#probeResends()},
     * {@link TcpConfig#probeDsackExcluded()}, {@link TcpConfig#adaptiveProbes()}, {@link TcpConfig#probeBackoff()}.
     */
    public LossTable(long capNs, String congestionControl, LossDetection lossDetection,
                     UnaryOperator<TcpConfig.Builder> probes, int seeds) {
        CongestionControls.create(congestionControl);
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be >= 1: " + seeds);
        }
        if (capNs <= 0) {
            throw new IllegalArgumentException("the cap must be positive: " + capNs + " ns");
        }
        this.capNs = capNs;
        this.congestionControl = congestionControl;
        this.lossDetection = lossDetection;
        this.probes = probes;
        this.seeds = seeds;
    }

    /**
     * One transfer.
     *
     * @param seed        the seed of the link's losses
     * @param goodput     bytes per virtual second
     * @param bytes       bytes delivered
     * @param virtualNs   virtual time measured over
     * @param capped      it hit the cap before the transfer finished
     * @param retransmits segments the sender retransmitted
     * @param timeouts    retransmission timeouts at the sender
     */
    public record Run(long seed, long goodput, long bytes, long virtualNs, boolean capped, long retransmits,
                      long timeouts) {
    }

    /**
     * One cell: the runs over every seed, and their median goodput.
     *
     * @param bufferBytes both sides' send and receive buffer
     * @param loss        loss probability in each direction
     * @param goodput     median goodput of the runs, bytes per virtual second
     * @param capped      some run hit its cap
     * @param runs        one per seed
     */
    public record Cell(int bufferBytes, double loss, long goodput, boolean capped, List<Run> runs) {
        public Cell {
            runs = List.copyOf(runs);
        }

        static Cell of(int bufferBytes, double loss, List<Run> runs) {
            final long[] g = runs.stream().mapToLong(Run::goodput).sorted().toArray();
            final long median = g.length % 2 == 1 ? g[g.length / 2] : (g[g.length / 2 - 1] + g[g.length / 2]) / 2;
            return new Cell(bufferBytes, loss, median, runs.stream().anyMatch(Run::capped), runs);
        }
    }

    /**
     * The whole table.
     *
     * @param transferBytes     bytes each run moves
     * @param rttNs             the path's round-trip time
     * @param capNs             virtual-time cap per run
     * @param congestionControl the sender's algorithm
     * @param lossDetection     the sender's loss detection ("rack" or "rfc6675")
     * @param seeds             runs per cell
     * @param cells             row by row
     */
    public record Report(long transferBytes, long rttNs, long capNs, String congestionControl,
                         String lossDetection, int seeds, List<Cell> cells) {
        public Report {
            cells = List.copyOf(cells);
        }

        /** The cell for {@code BUFFER_BYTES[b]} and {@code LOSS[l]}. */
        public Cell cell(int b, int l) {
            return cells.get(b * LOSS.length + l);
        }

        /** Cells with loss whose median beats smoltcp's snapshot. */
        public int cellsAboveSmoltcp() {
            int n = 0;
            for (int b = 0; b < BUFFER_BYTES.length; b++) {
                for (int l = 1; l < LOSS.length; l++) {
                    if (cell(b, l).goodput() > SmoltcpNetsim.goodput(b, l)) {
                        n++;
                    }
                }
            }
            return n;
        }

        /** The lowest share of the window limit over the lossless column. */
        public double worstLosslessShare() {
            double worst = Double.MAX_VALUE;
            for (int b = 0; b < BUFFER_BYTES.length; b++) {
                worst = Math.min(worst, cell(b, 0).goodput() / (double) windowLimit(BUFFER_BYTES[b], rttNs));
            }
            return worst;
        }
    }

    /** Every cell, row by row. */
    public Report run() {
        final List<Cell> cells = new ArrayList<>();
        for (int buffer : BUFFER_BYTES) {
            for (double loss : LOSS) {
                cells.add(cell(buffer, loss));
            }
        }
        return new Report(TRANSFER_BYTES, RTT_NS, capNs, congestionControl, lossDetection.cliName(), seeds, cells);
    }

    /** One cell, over every seed. */
    public Cell cell(int bufferBytes, double loss) {
        final List<Run> runs = new ArrayList<>(seeds);
        for (long seed = 1; seed <= seeds; seed++) {
            runs.add(run(bufferBytes, loss, seed));
        }
        return Cell.of(bufferBytes, loss, runs);
    }

    /** One transfer with the link's losses drawn from {@code seed}. */
    public Run run(int bufferBytes, double loss, long seed) {
        final TcpConfig tcp = probes.apply(TcpConfig.builder().mssBytes(1460).sendBufferBytes(bufferBytes)
            .receiveBufferBytes(bufferBytes).nagle(false)
            .congestionControl(() -> CongestionControls.create(congestionControl)).lossDetection(lossDetection))
            .build();
        final Testbed bed = Testbed.builder(seed).ipv4Only()
            .link(LinkConfig.ethernet(1_000_000_000L).withPropagationDelayNs(RTT_NS / 2))
            .hosts(c -> c.withTcp(tcp).withMemory(2048, 512, 512)).build();
        final EventScheduler scheduler = bed.scheduler();
        final Host a = bed.a();
        final Host b = bed.b();
        bed.link().faults(LinkFaults.builder().loss(loss).build());
        final TcpListener listener = b.tcp().listenV4(PORT, 4);
        final TcpSocket client = a.tcp().connectV4(Testbed.IP_B, PORT);
        final byte[] chunk = new byte[64 * 1024];
        new SimRandom(seed).nextBytes(chunk);
        final byte[] sink = new byte[64 * 1024];
        TcpSocket server = null;
        long sent = 0;
        long received = 0;
        long lastByteNs = 0;
        final long startNs = scheduler.nowNs();
        final long endNs = startNs + capNs;
        while (received < TRANSFER_BYTES) {
            if (server == null) {
                server = listener.accept();
            }
            while (sent < TRANSFER_BYTES) {
                final int n = client.write(chunk, 0, (int) Math.min(chunk.length, TRANSFER_BYTES - sent));
                if (n == 0) {
                    break;
                }
                sent += n;
            }
            if (server != null) {
                int n;
                while ((n = server.read(sink, 0, sink.length)) > 0) {
                    received += n;
                    lastByteNs = scheduler.nowNs();
                }
            }
            if (received >= TRANSFER_BYTES || scheduler.isIdle() || scheduler.nextDeadlineNs() > endNs) {
                break;
            }
            scheduler.runNext();
        }
        final boolean capped = received < TRANSFER_BYTES;
        final long overNs = capped ? capNs : Math.max(1, lastByteNs - startNs);
        final TcpCounters k = client.connection().counters();
        return new Run(seed, (long) (received * 1e9 / overNs), received, overNs, capped, k.retransmittedSegments(),
            k.rtoTimeouts());
    }

    /**
     * The table as text: median goodput per cell and the window limit per row, then smoltcp's
     * snapshot in the same shape, then how the two compare.
     */
    public static String render(Report report) {
        final StringBuilder out = new StringBuilder();
        out.append(String.format("goodput in bytes per second of virtual time: one connection moving %,d bytes, "
                + "RTT %d ms, 1514-byte frames, loss in both directions%n", report.transferBytes(),
            report.rttNs() / SimScenario.MS));
        out.append(String.format("congestion control: %s; loss detection: %s; median of %d seed%s per cell%n",
            report.congestionControl(), report.lossDetection(), report.seeds(), report.seeds() == 1 ? "" : "s"));
        final TextTable ours = table(true);
        for (int b = 0; b < BUFFER_BYTES.length; b++) {
            final List<String> row = new ArrayList<>();
            row.add(BUFFER_BYTES[b] + " B");
            row.add(String.format("%,d", windowLimit(BUFFER_BYTES[b], report.rttNs())));
            for (int l = 0; l < LOSS.length; l++) {
                final Cell c = report.cell(b, l);
                row.add(String.format("%,d%s", c.goodput(), c.capped() ? "*" : ""));
            }
            ours.row(row);
        }
        out.append(ours.render());
        out.append(String.format("limit = buffer / RTT; * = some run did not finish within %d s of virtual time "
            + "(its goodput is over what moved)%n%n", report.capNs() / SimScenario.SECOND));
        out.append("smoltcp's snapshot (tests/snapshots/netsim__netsim.snap; no congestion control, one seed):\n");
        final TextTable smol = table(false);
        for (int b = 0; b < BUFFER_BYTES.length; b++) {
            final List<String> row = new ArrayList<>();
            row.add(BUFFER_BYTES[b] + " B");
            for (int l = 0; l < LOSS.length; l++) {
                row.add(String.format("%,d", SmoltcpNetsim.goodput(b, l)));
            }
            smol.row(row);
        }
        out.append(smol.render());
        out.append(comparison(report));
        return out.toString();
    }

    private static TextTable table(boolean withLimit) {
        final List<String> header = new ArrayList<>();
        header.add("buffer");
        if (withLimit) {
            header.add("limit");
        }
        for (double loss : LOSS) {
            header.add(percent(loss));
        }
        return new TextTable(header);
    }

    private static String comparison(Report report) {
        final int lossCells = BUFFER_BYTES.length * (LOSS.length - 1);
        double lowest = Double.MAX_VALUE;
        String where = "";
        for (int b = 0; b < BUFFER_BYTES.length; b++) {
            for (int l = 1; l < LOSS.length; l++) {
                final double ratio = report.cell(b, l).goodput() / (double) SmoltcpNetsim.goodput(b, l);
                if (ratio < lowest) {
                    lowest = ratio;
                    where = BUFFER_BYTES[b] + " B at " + percent(LOSS[l]);
                }
            }
        }
        return String.format("%nwith loss: %d of %d cells above smoltcp; the closest is %s (%.3fx smoltcp)%n"
                + "without loss: at least %.1f%% of the window limit in every row (goal %.0f%%)%n",
            report.cellsAboveSmoltcp(), lossCells, where, lowest, 100 * report.worstLosslessShare(),
            100 * LOSSLESS_GOAL);
    }

    static long windowLimit(int bufferBytes, long rttNs) {
        return (long) (bufferBytes * 1e9 / rttNs);
    }

    static String percent(double loss) {
        final double p = loss * 100;
        return (p == Math.rint(p) ? String.format("%d", (long) p) : String.format("%.1f", p)) + " %";
    }
}
