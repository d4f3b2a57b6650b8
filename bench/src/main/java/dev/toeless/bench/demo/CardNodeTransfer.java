package dev.toeless.bench.demo;

import dev.toeless.bench.report.ErrorText;
import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.cost.CostProfile;
import dev.toeless.nic.cost.CostProfiles;
import dev.toeless.nic.cost.HostCost;
import dev.toeless.nic.cost.PciLink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.pcap.PcapWriter;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.stack.cardnode.CardNode;
import dev.toeless.stack.cardnode.CardNodeConfig;
import dev.toeless.stack.cardnode.SpliceProxy;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.PciPort;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.cc.CongestionControls;
import dev.toeless.vfs.sink.FileSink;
import dev.toeless.vfs.sink.SinkResult;
import dev.toeless.vfs.source.FileSource;

import java.io.IOException;

/**
 * The demo's transfer in {@code card-node} mode: host A (its NIC in {@code stateless} mode) sends
 * the file to 10.0.0.2, which is a card node in host B, Garzik's card: a Linux node of its own
 * whose port to the wire is the modeled NIC in {@code stateless} mode. The card's splice proxy
 * ends A's connection and relays the stream to host B over TCP across the IP-over-PCI link (64 KiB
 * packets, checksums unnecessary), where B's application writes the file as in every mode.
 *
 * <p>Charged by the cost model: host B's CPU with the spec's profile and its PCI link (the link to
 * the card carries the relayed stream), and the card's CPU as {@value #CARD_PROFILE} cores (card
 * figures: {@code card_cpu_util}, {@code card_ns_per_byte}, and the rate at which its cores would
 * saturate, computed from that cost). The card's own wire port DMAs into card memory, on no host bus.
 * The rest of the run (source, sink, sender, receiver, teardown, figures) is {@link FileTransfer}'s.
 */
final class CardNodeTransfer {
    /** The card's CPU: BlueField-2, 8 Arm A72 cores. */
    static final String CARD_PROFILE = "bluefield-2";
    private static final int PORT = 5001;
    private static final long SECOND = 1_000_000_000L;
    private static final int SOURCE_POOL_PAGES = 2048;
    private static final int SINK_DIRTY_PAGES = 2048;

    private final TransferSpec spec;
    private final FileTransfer shared;

    CardNodeTransfer(TransferSpec spec, FileTransfer shared) {
        this.spec = spec;
        this.shared = shared;
    }

    /** The card's CPU profile (its cores as the profile says). */
    static CostProfile cardProfile() {
        return CostProfiles.named(CARD_PROFILE);
    }

    TransferResult run() throws IOException {
        InputGuard.refuse(spec.pcap(), spec.sourceFile(), "--pcap");
        final long wallStart = System.nanoTime();
        final Testbed bed = shared.testbed().cardNode(cardConfig(), false).b(shared::window).build();
        final EventScheduler scheduler = bed.scheduler();
        final Link link = bed.link();
        final Host a = bed.a();
        final CardNode card = bed.cardNode();
        final Host b = bed.b();
        final SpliceProxy proxy = SpliceProxy.on(card, PORT);
        final WallClockMeter meter = new WallClockMeter();
        b.meterCpu(meter);
        final HostCost cost = new HostCost(spec.cost().profile(), scheduler.clock());
        final PciLink pci = new PciLink(spec.cost().pci(), scheduler.clock()).cache(cost.cache());
        b.cpu().cost(cost);
        ((PciPort) b.attachment()).device().bus(pci);
        final HostCost cardCost = new HostCost(cardProfile(), scheduler.clock());
        card.cpu().cost(cardCost);

        final PagePool sourcePool = new PagePool(a.memory(), "a.file", SOURCE_POOL_PAGES);
        final FileSource source = FileTransfer.openSource(spec, a, sourcePool);
        final PcapWriter pcap = FileTransfer.openCapture(spec, link, source);
        final PagePool sinkPool = new PagePool(b.memory(), "b.sink", SINK_DIRTY_PAGES + 64);
        final SinkResult[] result = new SinkResult[1];
        final FileSink sink = shared.openSink(source, scheduler, b, sinkPool, r -> result[0] = r);
        final Listener listener = b.listenV4(PORT, 8);
        final StreamSocket client = a.connectV4(Testbed.IP_B, PORT);
        final FileTransfer.Sender sender = new FileTransfer.Sender(source, client, a.memory(), sink);
        final FileTransfer.Receiver receiver = new FileTransfer.Receiver(b, listener, sink, meter, cost, scheduler);
        final long limitNs = Math.max(600 * SECOND, Math.max(0, source.lengthBytes()) / 1_000_000 * SECOND);
        String failure = null;
        try {
            shared.move(scheduler, sender, receiver, result, limitNs);
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        final long virtualNs = scheduler.nowNs();
        final String unfinished = result[0] != null ? null : failure != null ? failure
            : "did not finish within " + virtualNs / SECOND + " s of virtual time";
        final ModeledCost modeled = ModeledCost.of(spec.cost(), cost, pci, cost.busyPs(), receiver.written(), virtualNs,
                card.counterSnapshot().getOrDefault("rx_missed", 0L), cardCost)
            .withHostPackets(b.ip().counters().received() + b.ip().counters().sent(), receiver.written());
        FileTransfer.tearDown(scheduler, sender, receiver, client, listener, sink, unfinished);
        proxy.close();
        scheduler.runAll(50_000_000);
        if (pcap != null) {
            link.untap();
            final IOException captureFailure = FileTransfer.closeCapture(pcap, link);
            if (captureFailure != null && failure == null) {
                failure = ErrorText.about("--pcap", spec.pcap(), captureFailure);
            }
        }
        source.close();
        bed.close();
        sourcePool.close();
        sinkPool.close();
        // every page is back with its owner once the hosts and the card are shut down
        a.memory().assertNoLeaks();
        b.memory().assertNoLeaks();
        card.assertNoLeaks();
        if (failure != null) {
            throw new IOException(failure);
        }
        return shared.result(source, sink, unfinished, receiver, meter, b, virtualNs, System.nanoTime() - wallStart,
            modeled);
    }

    /** The card on the demo's wire (its MTU), with the spec's socket buffers when it names them. */
    private CardNodeConfig cardConfig() {
        CardNodeConfig c = CardNodeConfig.of("card", Testbed.MAC_B, Testbed.IP_B).withWireMtu(spec.mtuBytes())
            .withPci(spec.cost().pci());
        if (spec.windowBytes() > 0) {
            c = c.withWireTcp(TcpConfig.builder().mssBytes(c.wireTcp().mssBytes())
                    .congestionControl(() -> CongestionControls.create("cubic"))
                    .sendBufferBytes(spec.windowBytes()).receiveBufferBytes(spec.windowBytes()).build())
                .withPciTcp(CardNodeConfig.pciTcp(spec.windowBytes()));
        }
        return c;
    }
}
