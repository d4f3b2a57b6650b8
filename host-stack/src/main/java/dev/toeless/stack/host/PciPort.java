package dev.toeless.stack.host;

import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.sim.CpuMeter;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.stack.netdev.PciIpDevice;
import dev.toeless.stack.netdev.NetDevice;

/**
 * The host's end of the IP-over-PCI link to a card node ({@code cardnode.CardNode}): the host's
 * packets go to the card's own IP stack, which has the port to the wire. The host has no wire of
 * its own: {@link #plugInto} refuses a link, and a frame offered to {@link #frameIn} is a counted
 * drop. Alignment hints place a flow's payload on the link's receive pages.
 *
 * @param device the host's end of the link, connected to the card's end by the card node
 */
public record PciPort(PciIpDevice device) implements Attachment {
    @Override
    public FrameSink frameIn() {
        return (nowNs, frame, offset, length) -> device.refuseWireFrame();
    }

    @Override
    public void plugInto(Link.Port port) {
        throw new IllegalStateException("a PCI port reaches the wire through its card node, not a link of its own");
    }

    @Override
    public void alignReceivePages(FlowTuple flow, int seqAtPageStart) {
        if (flow.src().high() == 0 && flow.src().low() >>> 32 == 0xFFFF && flow.dst().high() == 0) { // IPv4-mapped: the link carries IPv4 hints
            device.alignReceivePages((int) flow.src().low(), (int) flow.dst().low(), flow.srcPort(), flow.dstPort(),
                seqAtPageStart);
        }
    }

    @Override
    public void meterCpu(CpuMeter meter) {
        device.cpuMeter(meter);
    }

    @Override
    public CounterSnapshot counterSnapshot() {
        return device.snapshot();
    }

    @Override
    public void close() {
        device.close();
    }
}
