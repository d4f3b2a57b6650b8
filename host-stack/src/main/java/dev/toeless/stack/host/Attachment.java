package dev.toeless.stack.host;

import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.sim.CpuMeter;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.stack.netdev.NetDevice;


/**
 * Where a host's packets and connections go below its {@code NetStack} (IP layer, TCP, routes,
 * neighbours, filter, qdisc, socket memory): the one part of a host that differs between the
 * placements compared: a NIC the host stack drives, the modeled NIC in one of its modes
 * ({@link OffloadNic}, mode {@code none} for a NIC without offloads); or a TCP offload card
 * ({@link ToeCard}) that runs the offloaded connections itself; or a {@link PciPort} to a card node, a
 * second host on the card. Sealed, so every placement is a case a reader can list
 * and a {@code switch} can check, never a {@code null}.
 *
 * <p>Ownership: the attachment owns its device and the pages posted to it; {@link #close()}
 * gives every one back.
 */
public sealed interface Attachment extends AutoCloseable permits OffloadNic, ToeCard, PciPort {
    /** The device the IP layer sends through and receives from. */
    NetDevice device();

    /** Where frames from the wire enter (what a link port or a test injects into). */
    FrameSink frameIn();

    /** Connects the attachment's wire side to one end of a link and starts receiving. */
    void plugInto(Link.Port port);

    /**
     * Asks for this flow's received payload to be placed page-aligned: sequence number
     * {@code seqAtPageStart} at page offset 0. Soft state: an attachment that cannot ignores it.
     */
    void alignReceivePages(FlowTuple flow, int seqAtPageStart);

    /** Brackets the attachment's host-side receive work with {@code meter} (where it has any). */
    void meterCpu(CpuMeter meter);

    /**
     * The device's counters under their {@code ethtool -S} names, as one snapshot (empty for a
     * device that keeps none).
     */
    CounterSnapshot counterSnapshot();

    /** Shuts the device down; every page posted to it comes back. */
    @Override
    void close();
}
