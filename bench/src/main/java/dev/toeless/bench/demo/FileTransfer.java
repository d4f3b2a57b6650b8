package dev.toeless.bench.demo;

import dev.toeless.bench.report.ErrorText;
import dev.toeless.bench.testbed.Testbed;
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
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.host.OffloadNic;
import dev.toeless.stack.host.PciPort;
import dev.toeless.stack.host.ToeCard;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpConfig;
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
import java.util.List;
import java.util.function.Consumer;
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
    static final int PORT = 5001;
    private static final long SECOND = 1_000_000_000L;
    private static final int SOURCE_POOL_PAGES = 2048;

    private final TransferSpec spec;
    private final LongConsumer progress;

    /** @param progress told the bytes written so far, now and then */
    public FileTransfer(TransferSpec spec, LongConsumer progress) {
        this.spec = spec;
        this.progress = progress;
    }

    public TransferResult run() throws IOException {
        InputGuard.refuse(spec.pcap(), spec.sourceFile(), "--pcap");
        final long wallStart = System.nanoTime();
        final Placement placement = spec.mode().isCardNode() ? new CardNodeTransfer(spec) : new OwnDevice();
        final Testbed bed = placement.testbed(testbed()).build();
        final Charges charges = Charges.onto(spec.cost(), bed.b());
        placement.opened(bed);
        // the source is opened before any output is created: an output is never read as the input
        final Ends ends = open(bed, charges);
        String failure = null;
        try {
            move(bed.scheduler(), ends.sender, ends.receiver, ends.result, ends.limitNs);
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        final long virtualNs = bed.scheduler().nowNs();
        final String unfinished = ends.result[0] != null ? null : failure != null ? failure
            : "did not finish within " + ends.limitNs / SECOND + " s of virtual time";
        final ModeledCost modeled = modeled(charges, placement, bed, ends.receiver.written(), virtualNs);
        tearDown(bed.scheduler(), ends.sender, ends.receiver, ends.client, ends.listener, ends.sink, unfinished);
        placement.closing(bed);
        final String captureFailure = close(bed, ends, placement);
        if (captureFailure != null && failure == null) {
            failure = captureFailure;
        }
        if (failure != null) {
            throw new IOException(failure);
        }
        return result(ends.source, ends.sink, unfinished, ends.receiver, charges.meter(), bed.b(), virtualNs,
            System.nanoTime() - wallStart, modeled);
    }

    /**
     * Where host B's end of the transfer stands, and what that changes in the run: its own device
     * (a NIC in the mode, or a TOE card) or a card node it sits behind.
     */
    interface Placement {
        /** The testbed: {@code base} (the spec's link and hosts), with what this placement changes. */
        Testbed.Builder testbed(Testbed.Builder base);

        /** Host B is built and charged: anything the placement runs beside it starts now. */
        default void opened(Testbed bed) {
        }

        /** Frames host B's side dropped because it fell behind. */
        long rxMissed(Testbed bed);

        /** The cost of a card's own CPU, or null. */
        HostCost cardCost(Testbed bed);

        /** The transfer is torn down: stop what {@link #opened} started. */
        default void closing(Testbed bed) {
        }

        /** After the testbed is closed: every page of the placement's own memory is back. */
        default void assertNoLeaks(Testbed bed) {
        }
    }

    /** Host B's own device: the NIC in the spec's mode, or a TOE card (host A's alike). */
    static final class OwnDevice implements Placement {
        @Override
        public Testbed.Builder testbed(Testbed.Builder base) {
            return base;
        }

        @Override
        public long rxMissed(Testbed bed) {
            return bed.b().attachment().counterSnapshot().getOrDefault("rx_missed", 0L);
        }

        @Override
        public HostCost cardCost(Testbed bed) {
            return bed.b().attachment() instanceof ToeCard card ? card.driver().card().cost() : null;
        }

        @Override
        public void assertNoLeaks(Testbed bed) {
            for (Host h : List.of(bed.a(), bed.b())) {
                if (h.attachment() instanceof ToeCard card) {
                    card.driver().card().assertNoLeaks(); // the card's memory too
                }
            }
        }
    }

    /**
     * Host B as the cost model and the wall clock see it: its CPU work measured by {@code meter} and
     * charged to {@code cost}, its device's bus traffic to {@code pci}.
     */
    record Charges(WallClockMeter meter, HostCost cost, PciLink pci) {
        static Charges onto(CostSetup setup, Host b) {
            final WallClockMeter meter = new WallClockMeter();
            b.meterCpu(meter);
            final HostCost cost = new HostCost(setup.profile(), b.scheduler().clock());
            final PciLink pci = new PciLink(setup.pci(), b.scheduler().clock()).cache(cost.cache());
            b.cpu().cost(cost);
            switch (b.attachment()) {
                case OffloadNic offload -> offload.driver().nic().bus(pci);
                case ToeCard card -> card.bus(pci);
                case PciPort port -> port.device().bus(pci);
            }
            return new Charges(meter, cost, pci);
        }
    }

    /** What the transfer runs between the two hosts: the file at each end, the connection, the applications. */
    private record Ends(PagePool sourcePool, FileSource source, PcapWriter pcap, PagePool sinkPool, FileSink sink,
                        SinkResult[] result, Listener listener, StreamSocket client, SendEnd sender,
                        ReceiveEnd receiver, long limitNs) {
    }

    private Ends open(Testbed bed, Charges charges) throws IOException {
        final Host a = bed.a();
        final Host b = bed.b();
        final PagePool sourcePool = new PagePool(a.memory(), "a.file", SOURCE_POOL_PAGES);
        final FileSource source = openSource(spec, a, sourcePool);
        final PcapWriter pcap = openCapture(spec, bed.link(), source);
        final PagePool sinkPool = PagePool.coldFirst(b.memory(), "b.sink", spec.sinkPoolPages());
        final SinkResult[] result = new SinkResult[1];
        final FileSink sink = openSink(source, bed.scheduler(), b, sinkPool, r -> result[0] = r);
        final Listener listener = b.listenV4(PORT, 8);
        final StreamSocket client = a.connectV4(Testbed.IP_B, PORT);
        final SendEnd sender;
        final ReceiveEnd receiver;
        if (spec.mode().isDdp()) {
            final DdpFileEnds ends = new DdpFileEnds(a, b, source, client, listener, sink, charges.meter(),
                charges.cost(), bed.scheduler());
            sender = ends.sender();
            receiver = ends.receiver();
        } else {
            sender = new Sender(source, client, a.memory(), sink);
            receiver = new Receiver(b, listener, sink, charges.meter(), charges.cost(), bed.scheduler());
        }
        final long limitNs = Math.max(600 * SECOND, Math.max(0, source.lengthBytes()) / 1_000_000 * SECOND);
        return new Ends(sourcePool, source, pcap, sinkPool, sink, result, listener, client, sender, receiver, limitNs);
    }

    /** Host B's figures from the cost model, for {@code payloadBytes} moved in {@code virtualNs}. */
    private ModeledCost modeled(Charges charges, Placement placement, Testbed bed, long payloadBytes, long virtualNs) {
        final Host b = bed.b();
        return ModeledCost.of(spec.cost(), charges.cost(), charges.pci(), payloadBytes, virtualNs,
            placement.rxMissed(bed), placement.cardCost(bed), b.ip().counters().received() + b.ip().counters().sent());
    }

    /**
     * Closes the capture, the source, the testbed and the pools; then every page must be back with its
     * owner (invariant 2). Returns the capture's failure as the error to report, or null.
     */
    private String close(Testbed bed, Ends ends, Placement placement) throws IOException {
        String failure = null;
        if (ends.pcap != null) {
            bed.link().untap();
            final IOException captureFailure = closeCapture(ends.pcap, bed.link());
            if (captureFailure != null) {
                failure = ErrorText.about("--pcap", spec.pcap(), captureFailure);
            }
        }
        ends.source.close();
        bed.close();
        ends.sourcePool.close();
        ends.sinkPool.close();
        bed.a().memory().assertNoLeaks();
        bed.b().memory().assertNoLeaks();
        placement.assertNoLeaks(bed);
        bed.a().memory().free();
        bed.b().memory().free();
        return failure;
    }

    /** Host A's file: the one named, or generated content of the spec's size and seed. */
    static FileSource openSource(TransferSpec spec, Host a, PagePool sourcePool) throws IOException {
        return spec.sourceFile() != null
            ? FileSource.open(spec.sourceFile(), a.memory(), new DiskDma(a.memory()), sourcePool)
            : FileSource.generated(spec.seed(), spec.sizeBytes(), a.memory(), new DiskDma(a.memory()), sourcePool);
    }

    /** The {@code --pcap} capture, tapping the link, or null; the source closes when it cannot be made. */
    static PcapWriter openCapture(TransferSpec spec, Link link, FileSource source) throws IOException {
        if (spec.pcap() == null) {
            return null;
        }
        final PcapWriter pcap;
        try {
            pcap = PcapWriter.create(spec.pcap());
        } catch (IOException e) {
            source.close();
            throw new IOException(ErrorText.about("--pcap", spec.pcap(), e), e);
        }
        link.tap(pcap);
        return pcap;
    }

    /**
     * The demo's testbed: the spec's link rate and MTU, 10 us each way, its loss (and as much reordering
     * again: held-back frames overtaken by up to 20 us of traffic), both hosts in the spec's mode.
     */
    Testbed.Builder testbed() {
        final Testbed.Builder bed = Testbed.builder(spec.seed())
            .link(LinkConfig.ethernet(spec.linkBitsPerSecond()).withPropagationDelayNs(10_000)
                .withMtuBytes(spec.mtuBytes()))
            .a(c -> window(spec, spec.mode().apply(c)).withMtu(spec.mtuBytes()))
            .b(c -> spec.receiver(window(spec, spec.mode().apply(c)).withMtu(spec.mtuBytes()))); // b holds the page cache
        if (spec.lossRate() > 0) {
            bed.faults(LinkFaults.builder().loss(spec.lossRate()).reorder(spec.lossRate(), 20_000).build());
        }
        return bed;
    }

    /** Closes the capture; returns its first failure (a write on the way, or the close), or null. */
    static IOException closeCapture(PcapWriter pcap, Link link) {
        try {
            pcap.close();
        } catch (IOException e) {
            return link.firstTapError() != null ? link.firstTapError() : e;
        }
        return link.firstTapError();
    }

    /** Host B's file: under {@code OUT/MODE/}, named for the source; the length and hash when known ahead. */
    FileSink openSink(FileSource source, EventScheduler scheduler, Host b, PagePool sinkPool,
                              Consumer<SinkResult> onDone) throws IOException {
        final Path dir = spec.outDir().resolve(spec.mode().label());
        Files.createDirectories(dir);
        final String name = spec.sourceFile() != null ? spec.sourceFile().getFileName().toString()
            : "demo-" + source.lengthBytes() + ".bin";
        final Writeback writeback = new Writeback(scheduler, b.memory(), new DiskDma(b.memory()),
            new WritebackConfig(spec.diskBytesPerSecond(), 0, WritebackConfig.DEFAULT_PAGES_PER_IO));
        SinkConfig config = SinkConfig.of(dir.resolve(name)).withDirtyLimitPages(spec.sinkDirtyLimitPages())
            .withFaults(spec.diskFaults());
        if (source.lengthBytes() >= 0) {
            config = config.withLength(source.lengthBytes());
        }
        // the source's hash (generated: computed on its own thread) reaches the sink when the source is exhausted
        return new FileSink(config, b.cpu(), sinkPool, writeback, new VfsCounters(), onDone);
    }

    /** Runs the transfer until the sink has its outcome, the simulation is idle, or virtual time is up. */
    void move(EventScheduler scheduler, SendEnd sender, ReceiveEnd receiver, SinkResult[] result, long limitNs)
        throws IOException {
        long lastProgress = 0;
        while (result[0] == null) {
            sender.step();
            receiver.step();
            if (result[0] != null || scheduler.isIdle() || scheduler.nowNs() > limitNs) {
                break;
            }
            scheduler.runNext();
            if (receiver.written() - lastProgress >= (4 << 20)) {
                lastProgress = receiver.written();
                progress.accept(lastProgress);
            }
        }
        progress.accept(receiver.written());
    }

    /**
     * Ends both connections and the sink. A finished transfer closes politely; a failed or
     * unfinished one aborts the sink (its {@code .part} file goes) and resets both ends, so every
     * page queued anywhere returns to its pool.
     */
    static void tearDown(EventScheduler scheduler, SendEnd sender, ReceiveEnd receiver, StreamSocket client,
                                 Listener listener, FileSink sink, String unfinished) {
        if (unfinished != null) {
            sink.abort(unfinished);
        }
        receiver.release();
        if (sink.result() instanceof SinkResult.Failed) {
            if (receiver.socket() != null) {
                receiver.socket().abort(); // the file cannot be written: reset the connection, as the sink asks
            }
            client.abort();
        } else {
            client.close();
            if (receiver.socket() != null) {
                receiver.socket().close();
            }
        }
        sender.abandon();
        listener.close();
        scheduler.runAll(50_000_000);
    }

    TransferResult result(FileSource source, FileSink sink, String unfinished, ReceiveEnd receiver,
                                  WallClockMeter meter, Host b, long virtualNs, long wallNs,
                                  ModeledCost modeled) {
        final TouchLedger ledger = b.ledger();
        final SinkResult r = sink.result();
        final long moved = receiver.written();
        final long length = source.lengthBytes() >= 0 ? source.lengthBytes() : moved;
        final byte[] sent = source.sha256KnownAhead() || source.exhausted() ? source.sha256() : null;
        final boolean ok = r instanceof SinkResult.Completed c && c.sha256() != null && sent != null
            && Arrays.equals(c.sha256(), sent) && c.lengthBytes() == length;
        final String error = ok ? null
            : unfinished != null ? unfinished + " (" + moved + " of " + length + " bytes arrived)"
            : r instanceof SinkResult.Failed f ? f.error().message()
            : "the file on disk is not the one sent";
        final double perByte = moved == 0 ? 0 : 1.0 / moved; // no figures per byte of nothing
        return new TransferResult(spec.mode().label(), length, moved, virtualNs, wallNs,
            moved * 8.0 * SECOND / Math.max(1, virtualNs), moved * 1e9 / Math.max(1, wallNs),
            ledger.touchedBytes() * perByte, ledger.copiedBytes() * perByte,
            meter.totalNs() * perByte, meter.totalNs() * 12.5 * perByte,
            sink.stats().pagesFlipped(), sink.stats().pagesCopied(), ok,
            sent == null ? null : HexFormat.of().formatHex(sent),
            ok ? ((SinkResult.Completed) r).path().toString() : null,
            error, ledger.snapshot(), b.attachment().counterSnapshot(),
            receiver.socket() instanceof TcpSocket t ? t.connection().counters().snapshot() : CounterSnapshot.EMPTY, modeled);
    }

    /** The host's TCP with the spec's socket buffers, when it names them. */
    static HostConfig window(TransferSpec spec, HostConfig config) {
        if (spec.windowBytes() <= 0) {
            return config;
        }
        return config.withTcp(TcpConfig.builder().mssBytes(config.tcp().mssBytes())
            .congestionControl(() -> CongestionControls.create("cubic"))
            .sendBufferBytes(spec.windowBytes()).receiveBufferBytes(spec.windowBytes()).build());
    }

    /** Host A's application, as the transfer loop drives it. */
    interface SendEnd {
        void step() throws IOException;

        /** The transfer is over: give back what is not yet sent. */
        void abandon();
    }

    /** Host B's application, as the transfer loop drives it. */
    interface ReceiveEnd {
        void step();

        /** File bytes handed to the sink so far. */
        long written();

        /** The accepted connection, or null. */
        StreamSocket socket();

        /** The transfer is over: give back what the receiver still holds, before the connection closes. */
        default void release() {
        }
    }

    /** Host A's application: feeds the file's pages to the socket as fast as it takes them. */
    static final class Sender implements SendEnd {
        private final FileSource source;
        private final StreamSocket socket;
        private final FileSink sink;
        private final PageFeeder feeder;
        private boolean shutdown;

        Sender(FileSource source, StreamSocket socket, HostMemory memory, FileSink sink) {
            this.source = source;
            this.socket = socket;
            this.sink = sink;
            this.feeder = new PageFeeder(source, socket, memory);
        }

        /** The peer reset the transfer: give back the page not yet sent. */
        @Override
        public void abandon() {
            shutdown = true;
            feeder.abandon();
        }

        @Override
        public void step() throws IOException {
            if (shutdown || !socket.isEstablished()) {
                return;
            }
            if (feeder.feed()) {
                sink.expectSha256(source.sha256()); // known now, before the last byte lands
                socket.shutdown();
                shutdown = true;
            }
        }
    }

    /**
     * Host B's application: accepts, asks for aligned pages, and moves fragments into the sink. It
     * runs on its own modeled core, only when that core is free; otherwise it wakes when it is.
     */
    static final class Receiver implements ReceiveEnd {
        private final Host host;
        private final Listener listener;
        private final FileSink sink;
        private final WallClockMeter meter;
        private final AppCore core;
        StreamSocket socket;
        private long offset;
        private boolean finished;

        Receiver(Host host, Listener listener, FileSink sink, WallClockMeter meter, HostCost cost,
                 EventScheduler scheduler) {
            this.host = host;
            this.listener = listener;
            this.sink = sink;
            this.meter = meter;
            this.core = new AppCore(cost, scheduler);
        }

        @Override
        public long written() {
            return offset;
        }

        @Override
        public StreamSocket socket() {
            return socket;
        }

        @Override
        public void step() {
            core.step(this::run);
        }

        private void run() {
            if (socket == null) {
                socket = listener.accept();
                if (socket instanceof TcpSocket tcp) {
                    meter.run(() -> host.alignReceivePages(tcp)); // a TOE card places no pages by hint
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
