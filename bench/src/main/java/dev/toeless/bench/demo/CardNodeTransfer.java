package dev.toeless.bench.demo;

import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.cost.CostProfile;
import dev.toeless.nic.cost.CostProfiles;
import dev.toeless.nic.cost.HostCost;
import dev.toeless.stack.cardnode.CardNode;
import dev.toeless.stack.cardnode.CardNodeConfig;
import dev.toeless.stack.cardnode.SpliceProxy;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.cc.CongestionControls;


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
 * The rest of the run (source, sink, sender, receiver, teardown, figures) is {@link FileTransfer}'s: this is
 * where host B stands in it (its {@link FileTransfer.Placement}).
 */
final class CardNodeTransfer implements FileTransfer.Placement {
    /** The card's CPU: BlueField-2, 8 Arm A72 cores. */
    static final String CARD_PROFILE = "bluefield-2";

    private final TransferSpec spec;
    private SpliceProxy proxy;
    private HostCost cardCost;

    CardNodeTransfer(TransferSpec spec) {
        this.spec = spec;
    }

    /** The card's CPU profile (its cores as the profile says). */
    static CostProfile cardProfile() {
        return CostProfiles.named(CARD_PROFILE);
    }

    @Override
    public Testbed.Builder testbed(Testbed.Builder base) {
        return base.cardNode(cardConfig(), false).b(c -> spec.receiver(FileTransfer.window(spec, c))); // b holds the page cache
    }

    /** The card's splice proxy takes A's connection; the card's CPU is charged from {@link #CARD_PROFILE}. */
    @Override
    public void opened(Testbed bed) {
        final CardNode card = bed.cardNode();
        proxy = SpliceProxy.on(card, FileTransfer.PORT);
        cardCost = new HostCost(cardProfile(), bed.scheduler().clock());
        card.cpu().cost(cardCost);
    }

    @Override
    public long rxMissed(Testbed bed) {
        return bed.cardNode().counterSnapshot().getOrDefault("rx_missed", 0L);
    }

    @Override
    public HostCost cardCost(Testbed bed) {
        return cardCost;
    }

    @Override
    public void closing(Testbed bed) {
        proxy.close();
        bed.scheduler().runAll(50_000_000);
    }

    @Override
    public void assertNoLeaks(Testbed bed) {
        bed.cardNode().assertNoLeaks();
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
