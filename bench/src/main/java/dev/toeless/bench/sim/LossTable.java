package dev.toeless.bench.sim;

import dev.toeless.bench.report.TextTable;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.link.LinkFaults;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Goodput versus loss in the shape of smoltcp's {@code tests/netsim.rs}: one connection moves
 * {@link #TRANSFER_BYTES} from host a to host b over a 100 ms RTT path of 1514-byte frames, with
 * the same loss probability in both directions; both sides' socket buffers (send and receive)
 * are the row's size. Goodput is bytes delivered in order per second of virtual time, from the
 * connect call to the last byte read. A cell that has not finished after its cap of virtual time
 * reports the goodput over what moved, marked as capped.
 */
public final class LossTable {
    public static final int TRANSFER_BYTES = 10 << 20;
    public static final long RTT_NS = 100 * SimScenario.MS;
    public static final int[] BUFFER_BYTES = {128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};
    public static final double[] LOSS = {0, 0.001, 0.01, 0.02, 0.05, 0.10, 0.20, 0.30};
    /** smoltcp's published 32 KiB row for 0.1 .. 30 % loss, bytes per second. */
    public static final long[] SMOLTCP_32K = {314_314, 266_384, 245_985, 138_762, 83_163, 10_739, 1_952};
    private static final long SEED = 1;
    private static final int PORT = 5001;

    private final long capNs;

    /** A table whose cells each run at most {@code capNs} of virtual time. */
    public LossTable(long capNs) {
        this.capNs = capNs;
    }

    /**
     * One cell.
     *
     * @param bufferBytes   both sides' send and receive buffer
     * @param loss          loss probability in each direction
     * @param goodput       bytes per virtual second
     * @param bytes         bytes delivered
     * @param virtualNs     virtual time measured over
     * @param capped        the cell hit its cap before the transfer finished
     * @param retransmits   segments the sender retransmitted
     */
    public record Cell(int bufferBytes, double loss, long goodput, long bytes, long virtualNs, boolean capped,
                       long retransmits) {
    }

    /**
     * The whole table.
     *
     * @param transferBytes bytes each cell moves
     * @param rttNs         the path's round-trip time
     * @param capNs         virtual-time cap per cell
     * @param cells         row by row
     */
    public record Report(long transferBytes, long rttNs, long capNs, List<Cell> cells) {
    }

    public Report run() {
        final List<Cell> cells = new ArrayList<>();
        for (int buffer : BUFFER_BYTES) {
            for (double loss : LOSS) {
                cells.add(cell(buffer, loss));
            }
        }
        return new Report(TRANSFER_BYTES, RTT_NS, capNs, List.copyOf(cells));
    }

    /** Runs one cell. */
    public Cell cell(int bufferBytes, double loss) {
        final EventScheduler scheduler = new EventScheduler();
        final SimRandom random = new SimRandom(SEED);
        final Link link = new Link("wire", scheduler, random,
            LinkConfig.ethernet(1_000_000_000L).withPropagationDelayNs(RTT_NS / 2));
        final TcpConfig tcp = TcpConfig.builder().mssBytes(1460).sendBufferBytes(bufferBytes)
            .receiveBufferBytes(bufferBytes).nagle(false).build();
        final Host a = new Host(HostConfig.of("a", 0x02_00_00_00_00_01L, SimRun.IP_A, null).withTcp(tcp)
            .withMemory(2048, 512, 512), scheduler, random).plugInto(link.a());
        final Host b = new Host(HostConfig.of("b", 0x02_00_00_00_00_02L, SimRun.IP_B, null).withTcp(tcp)
            .withMemory(2048, 512, 512), scheduler, random).plugInto(link.b());
        link.faults(LinkFaults.builder().loss(loss).build());
        final TcpListener listener = b.tcp().listenV4(PORT, 4);
        final TcpSocket client = a.tcp().connectV4(SimRun.IP_B, PORT);
        final byte[] chunk = new byte[64 * 1024];
        new SimRandom(SEED).nextBytes(chunk);
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
        return new Cell(bufferBytes, loss, (long) (received * 1e9 / overNs), received, overNs, capped,
            client.connection().counters().retransmittedSegments());
    }

    /** The table as text: goodput per cell, the window limit per row, smoltcp's 32 KiB row below. */
    public static String render(Report report) {
        final List<String> header = new ArrayList<>();
        header.add("buffer");
        header.add("limit");
        for (double loss : LOSS) {
            header.add(percent(loss));
        }
        final TextTable t = new TextTable(header);
        for (int buffer : BUFFER_BYTES) {
            final List<String> row = new ArrayList<>();
            row.add(buffer + " B");
            row.add(String.format("%,d", windowLimit(buffer, report.rttNs())));
            for (Cell c : report.cells()) {
                if (c.bufferBytes() == buffer) {
                    row.add(String.format("%,d%s", c.goodput(), c.capped() ? "*" : ""));
                }
            }
            t.row(row);
        }
        final List<String> smol = new ArrayList<>();
        smol.add("smoltcp 32 KiB");
        smol.add("");
        smol.add("-");
        for (long v : SMOLTCP_32K) {
            smol.add(String.format("%,d", v));
        }
        t.row(smol);
        return String.format("goodput in bytes per second of virtual time: one connection moving %,d bytes, "
                + "RTT %d ms, 1514-byte frames, loss in both directions%n", report.transferBytes(),
            report.rttNs() / SimScenario.MS)
            + t.render()
            + String.format("limit = buffer / RTT; * = not finished within %d s of virtual time, goodput over what "
                + "moved%n", report.capNs() / SimScenario.SECOND);
    }

    static long windowLimit(int bufferBytes, long rttNs) {
        return (long) (bufferBytes * 1e9 / rttNs);
    }

    private static String percent(double loss) {
        final double p = loss * 100;
        return (p == Math.rint(p) ? String.format("%d", (long) p) : String.format("%.1f", p)) + " %";
    }
}
