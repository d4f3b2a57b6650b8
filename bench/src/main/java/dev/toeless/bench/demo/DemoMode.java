package dev.toeless.bench.demo;

import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.toe.ToeConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A mode the demo compares: the modeled NIC in one of its driver modes, or a TCP offload card
 * ({@code toe}: the connections run on the card, its NIC path in {@code stateless} mode;
 * {@code toe+ddp}: the same card, the file placed by RDMA WRITEs into registered page-cache pages).
 *
 * @param nic the NIC's driver mode (the card's NIC path for {@code toe})
 * @param toe the card, or null for a NIC mode
 */
public record DemoMode(String label, DriverMode nic, ToeConfig toe) {
    /** The full TOE with a T6-class card's defaults. */
    public static final DemoMode TOE = new DemoMode("toe", DriverMode.STATELESS, ToeConfig.defaults());
    /** The same card with direct data placement: the file's page-cache pages registered, WRITEs placed by the card. */
    public static final DemoMode TOE_DDP = new DemoMode("toe+ddp", DriverMode.STATELESS, ToeConfig.defaults());

    /**
     * Garzik's card: host B sits behind a card node (a Linux node of its own on a BlueField-2 class
     * card, its port to the wire in {@code stateless} mode) that ends the remote's connection and
     * relays the stream to the host over TCP across an IP-over-PCI link ({@link CardNodeTransfer}).
     */
    public static final DemoMode CARD_NODE = new DemoMode("card-node", DriverMode.STATELESS, null);

    /** The mode of a driver mode. */
    public static DemoMode of(DriverMode mode) {
        return new DemoMode(mode.label(), mode, null);
    }

    /** Every mode, in the demo's order: the NIC modes, then {@code toe}, {@code toe+ddp} and {@code card-node}. */
    public static List<DemoMode> all() {
        final List<DemoMode> list = new ArrayList<>();
        for (DriverMode m : DriverMode.values()) {
            list.add(of(m));
        }
        list.add(TOE);
        list.add(TOE_DDP);
        list.add(CARD_NODE);
        return list;
    }

    /** The labels of {@link #all()}, comma-separated. */
    public static String labels() {
        return String.join(", ", all().stream().map(DemoMode::label).toList());
    }

    /** The mode with this label ({@code "csum+gro"}, {@code "toe"}), or null. */
    public static DemoMode byLabel(String label) {
        final String l = label.toLowerCase(Locale.ROOT);
        if (l.equals(TOE.label)) {
            return TOE;
        }
        if (l.equals(TOE_DDP.label)) {
            return TOE_DDP;
        }
        if (l.equals(CARD_NODE.label)) {
            return CARD_NODE;
        }
        final DriverMode m = DriverMode.byLabel(l);
        return m == null ? null : of(m);
    }

    /** Host B behind a card node (the remote, host A, keeps its {@code stateless} NIC). */
    public boolean isCardNode() {
        return label.equals(CARD_NODE.label);
    }

    public boolean isToe() {
        return toe != null;
    }

    /** Whether the file moves by direct data placement on the card ({@code toe+ddp}). */
    public boolean isDdp() {
        return toe != null && label.equals(TOE_DDP.label);
    }

    /** {@code config} with this mode's attachment. */
    public HostConfig apply(HostConfig config) {
        return toe != null ? config.withToe(toe) : config.withNic(nic);
    }
}
