package dev.toeless.bench.demo;

import dev.toeless.nic.cost.HostCost;
import dev.toeless.nic.cost.PciLink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.link.LinkFaults;
import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.pcap.PcapWriter;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.Ipv4Address;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.TcpCounters;
import dev.toeless.stack.tcp.cc.CongestionControls;
import dev.toeless.vfs.sink.FileSink;
import dev.toeless.vfs.sink.SinkConfig;
import dev.toeless.vfs.sink.SinkResult;
import dev.toeless.vfs.source.FileSource;
import dev.toeless.vfs.stats.VfsCounters;
import dev.toeless.vfs.writeback.Writeback;
import dev.toeless.vfs.writeback.WritebackConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The demo's one scenario: host A sends a file (generated or real) to host B over a simulated
 * link, sendfile-style from page references; B's socket hands the received page fragments to a
 * {@link FileSink}, which flips whole aligned pages into its page cache and writes the file. Both
 * hosts run the modeled NIC in the same mode. Host B's CPU work is timed around its driver poll
 * (and the IP and TCP work it does) and around the application step that moves fragments from the
 * socket to the sink; the NIC, the wire and host A are not timed.
 *
 * <p>Host B is also charged by the cost model ({@link TransferSpec#cost()}): its CPU work on a
 * {@link HostCost}, its NIC's bus traffic on a {@link PciLink}. The driver's poll runs on core 0
 * when that core is free, the application on core 1 (the same core when there is one), so a
 * saturated CPU leaves frames in the rings and the NIC drops what finds no buffer. Host A is not
 * charged: it sends at whatever rate the link and TCP allow.
 */
public final class FileTransfer {
    private static final int PORT = 5001;
    private static final int IP_A = Ipv4Address.parse("10.0.0.1");
    private static final int IP_B = Ipv4Address.parse("10.0.0.2");
    private static final long SECOND = 1_000_000_000L;
    private static final int SOURCE_POOL_PAGES = 2048;
    private static final int SINK_DIRTY_PAGES = 2048;

    private final TransferSpec spec;
    private final LongConsumer progress;

    /** @param progress told the bytes written so far, now and then */
    public FileTransfer(TransferSpec spec, LongConsumer progress) {
        this.spec = spec;
        this.progress = progress;
    }

    public TransferResult run() throws IOException {
        final long wallStart = System.nanoTime();
        final EventScheduler scheduler = new EventScheduler();
        final SimRandom random = new SimRandom(spec.seed());
        final Link link = new Link("wire", scheduler, random,
            LinkConfig.ethernet(spec.linkBitsPerSecond()).withPropagationDelayNs(10_000).withMtuBytes(spec.mtuBytes()));
        if (spec.lossRate() > 0) {
            // loss, and as much reordering again (held-back frames overtaken by up to 20 us of traffic)
            link.faults(LinkFaults.builder().loss(spec.lossRate()).reorder(spec.lossRate(), 20_000).build());
        }
        final HostConfig base = HostConfig.of("a", 0x02_00_00_00_00_01L, IP_A, Ipv6Address.parse("fd00::1"));
        final Host a = new Host(window(base.withNic(spec.mode()).withMtu(spec.mtuBytes())), scheduler, random)
            .plugInto(link.a());
        final Host b = new Host(window(HostConfig.of("b", 0x02_00_00_00_00_02L, IP_B, Ipv6Address.parse("fd00::2"))
            .withNic(spec.mode()).withMtu(spec.mtuBytes())), scheduler, random).plugInto(link.b());
        final WallClockMeter meter = new WallClockMeter();
        b.meterCpu(meter);
        final HostCost cost = new HostCost(spec.cost().profile(), scheduler.clock());
        final PciLink pci = new PciLink(spec.cost().pci(), scheduler.clock()).cache(cost.cache());
        b.cpu().cost(cost);
        b.nicDevice().nic().bus(pci);
        PcapWriter pcap = null;
        if (spec.pcap() != null) {
            pcap = PcapWriter.create(spec.pcap());
            link.tap(pcap);
        }

        final PagePool sourcePool = new PagePool(a.memory(), "a.file", SOURCE_POOL_PAGES);
        final FileSource source = spec.sourceFile() != null
            ? FileSource.open(spec.sourceFile(), a.memory(), new DiskDma(a.memory()), sourcePool)
            : FileSource.generated(spec.seed(), spec.sizeBytes(), a.memory(), new DiskDma(a.memory()), sourcePool);
        final long length = source.lengthBytes();
        final byte[] expected = source.sha256();
        final Path dir = spec.outDir().resolve(spec.mode().label());
        Files.createDirectories(dir);
        final String name = spec.sourceFile() != null ? spec.sourceFile().getFileName().toString()
            : "demo-" + length + ".bin";
        final Writeback writeback = new Writeback(scheduler, b.memory(), new DiskDma(b.memory()),
            new WritebackConfig(spec.diskBytesPerSecond(), 0, WritebackConfig.DEFAULT_PAGES_PER_IO));
        final PagePool sinkPool = new PagePool(b.memory(), "b.sink", SINK_DIRTY_PAGES + 64);
        final VfsCounters vfs = new VfsCounters();
        final SinkResult[] result = new SinkResult[1];
        final FileSink sink = new FileSink(SinkConfig.of(dir.resolve(name)).withLength(length).withSha256(expected)
            .withDirtyLimitPages(SINK_DIRTY_PAGES).withFaults(spec.diskFaults()), b.cpu(), sinkPool, writeback, vfs,
            r -> result[0] = r);

        final TcpListener listener = b.tcp().listenV4(PORT, 8);
        final TcpSocket client = a.tcp().connectV4(IP_B, PORT);
        final Sender sender = new Sender(source, client, a.memory());
        final Receiver receiver = new Receiver(b, listener, sink, meter, cost, scheduler);
        long lastProgress = 0;
        final long limitNs = Math.max(600 * SECOND, length / 1_000_000 * SECOND);
        while (result[0] == null) {
            sender.step();
            receiver.step();
            if (result[0] != null) {
                break;
            }
            if (scheduler.isIdle() || scheduler.nowNs() > limitNs) {
                break;
            }
            scheduler.runNext();
            if (receiver.written() - lastProgress >= (4 << 20)) {
                lastProgress = receiver.written();
                progress.accept(lastProgress);
            }
        }
        final long virtualNs = scheduler.nowNs();
        final ModeledCost modeled = ModeledCost.of(spec.cost(), cost, pci, cost.busyPs(), length, virtualNs,
            b.nicDevice().nic().statistics().get(dev.toeless.nic.stats.NicCounter.RX_MISSED));
        progress.accept(length);
        if (result[0] instanceof SinkResult.Failed && receiver.socket != null) {
            receiver.socket.abort(); // the file cannot be written: reset the connection, as the sink asks
            sender.abandon();
        } else {
            client.close();
            if (receiver.socket != null) {
                receiver.socket.close();
            }
        }
        listener.close();
        scheduler.runAll(50_000_000);
        if (pcap != null) {
            link.untap();
            pcap.close();
        }
        sender.abandon();
        final long wallNs = System.nanoTime() - wallStart;
        final TouchLedger ledger = b.ledger();
        final SinkResult r = result[0];
        final boolean ok = r instanceof SinkResult.Completed c && c.sha256() != null
            && Arrays.equals(c.sha256(), expected);
        final String error = r instanceof SinkResult.Failed f ? f.error().message()
            : r == null ? "the transfer did not finish within " + limitNs / SECOND + " s of virtual time" : null;
        final TransferResult out = new TransferResult(spec.mode().label(), length, virtualNs, wallNs,
            length * 8.0 * SECOND / Math.max(1, virtualNs), length * 1e9 / wallNs,
            (double) ledger.touchedBytes() / length, (double) ledger.copiedBytes() / length,
            (double) meter.totalNs() / length, meter.totalNs() * 12.5 / length,
            sink.stats().pagesFlipped(), sink.stats().pagesCopied(), ok,
            HexFormat.of().formatHex(expected), r instanceof SinkResult.Completed c ? c.path().toString() : null,
            error, ledgerMap(ledger), b.nicDevice().nic().publishCounters().snapshot(),
            tcpMap(receiver.socket == null ? null : receiver.socket.connection().counters()), modeled);
        source.close();
        a.close();
        b.close();
        sourcePool.close();
        sinkPool.close();
        // invariant 2: every page is back with its owner once the hosts are shut down
        a.memory().assertNoLeaks();
        b.memory().assertNoLeaks();
        return out;
    }

    /** The host's TCP with the spec's socket buffers, when it names them. */
    private HostConfig window(HostConfig config) {
        if (spec.windowBytes() <= 0) {
            return config;
        }
        return config.withTcp(TcpConfig.builder().mssBytes(config.tcp().mssBytes())
            .congestionControl(() -> CongestionControls.create("cubic"))
            .sendBufferBytes(spec.windowBytes()).receiveBufferBytes(spec.windowBytes()).build());
    }

    private static Map<String, Long> ledgerMap(TouchLedger l) {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("copied_bytes", l.copiedBytes());
        m.put("checksummed_bytes", l.checksummedBytes());
        m.put("compared_bytes", l.comparedBytes());
        m.put("header_bytes", l.headerBytes());
        return m;
    }

    private static Map<String, Long> tcpMap(TcpCounters c) {
        final Map<String, Long> m = new LinkedHashMap<>();
        if (c != null) {
            m.put("segments_in", c.segmentsIn());
            m.put("segments_out", c.segmentsOut());
            m.put("fast_path_data", c.fastPathData());
            m.put("retransmitted_segments", c.retransmittedSegments());
            m.put("rto_timeouts", c.rtoTimeouts());
        }
        return m;
    }

    /** Host A's application: feeds the file's pages to the socket as fast as it takes them. */
    private static final class Sender {
        private final FileSource source;
        private final TcpSocket socket;
        private final HostMemory memory;
        private int pendingPfn = -1;
        private int pendingOffset;
        private int pendingLength;
        private boolean shutdown;

        Sender(FileSource source, TcpSocket socket, HostMemory memory) {
            this.source = source;
            this.socket = socket;
            this.memory = memory;
        }

        /** The peer reset the transfer: give back the page not yet sent. */
        void abandon() {
            shutdown = true;
            if (pendingPfn >= 0) {
                memory.release(pendingPfn);
                pendingPfn = -1;
            }
        }

        void step() throws IOException {
            if (shutdown || !socket.isEstablished()) {
                return;
            }
            while (true) {
                if (pendingPfn < 0) {
                    if (source.exhausted()) {
                        socket.shutdown();
                        shutdown = true;
                        return;
                    }
                    if (source.pump((off, pfn, pageOffset, len) -> {
                        pendingPfn = pfn;
                        pendingOffset = pageOffset;
                        pendingLength = len;
                    }, 1) == 0) {
                        return; // pool empty: pages come back as they are acknowledged
                    }
                }
                if (!socket.send(pendingPfn, pendingOffset, pendingLength)) {
                    return;
                }
                pendingPfn = -1;
            }
        }
    }

    /**
     * Host B's application: accepts, asks for aligned pages, and moves fragments into the sink. It
     * runs on its own modeled core, only when that core is free; otherwise it wakes when it is.
     */
    private static final class Receiver {
        private static final int APP_CORE = 1;
        private static final int POLL_CORE = 0;
        private final Host host;
        private final TcpListener listener;
        private final FileSink sink;
        private final WallClockMeter meter;
        private final HostCost cost;
        private final EventScheduler scheduler;
        private final Runnable wake = () -> { };
        private EventScheduler.Timer wakeTimer;
        TcpSocket socket;
        private long offset;
        private boolean finished;

        Receiver(Host host, TcpListener listener, FileSink sink, WallClockMeter meter, HostCost cost,
                 EventScheduler scheduler) {
            this.host = host;
            this.listener = listener;
            this.sink = sink;
            this.meter = meter;
            this.cost = cost;
            this.scheduler = scheduler;
        }

        long written() {
            return offset;
        }

        void step() {
            cost.onCore(APP_CORE);
            final long now = scheduler.nowNs();
            final long ready = cost.readyAtNs(now);
            if (ready > now) {
                if (wakeTimer == null || !wakeTimer.isPending()) {
                    wakeTimer = scheduler.at(ready, wake);
                }
            } else {
                run();
            }
            cost.onCore(POLL_CORE);
        }

        private void run() {
            if (socket == null) {
                socket = listener.accept();
                if (socket != null) {
                    meter.run(() -> host.alignReceivePages(socket));
                }
                return;
            }
            if (socket.readableBytes() > 0 && sink.windowBytes() > 0) {
                meter.enter();
                try {
                    socket.read((pfn, pageOffset, len) -> {
                        sink.accept(offset, pfn, pageOffset, len);
                        offset += len;
                    }, sink.windowBytes());
                } finally {
                    meter.exit();
                }
            }
            if (!finished && socket.isEndOfStream() && socket.readableBytes() == 0) {
                finished = true;
                meter.run(() -> sink.finish(offset));
            }
        }
    }
}
