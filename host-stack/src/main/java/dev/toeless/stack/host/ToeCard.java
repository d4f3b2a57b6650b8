package dev.toeless.stack.host;

import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.sim.CpuMeter;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.stack.netdev.NetDevice;
import dev.toeless.stack.toe.ToeDriver;


/**
 * A TCP offload card: connections run on the card's own TCP (the firmware, {@link ToeDriver#card()})
 * and the host drives them through the driver's command queue; frames of every other connection,
 * and of those the card passes up when full, go through the card's plain NIC path, the modeled NIC
 * in {@code stateless} mode, to the host stack. The host's device is that NIC path.
 *
 * @param driver   the host's driver of the card, which owns the card
 * @param hostPath the card's NIC path to the host stack
 */
public record ToeCard(ToeDriver driver, OffloadNic hostPath) implements Attachment {
    @Override
    public NetDevice device() {
        return hostPath.device();
    }

    @Override
    public FrameSink frameIn() {
        return driver.card().ingress();
    }

    @Override
    public void plugInto(Link.Port port) {
        hostPath.plugInto(port);
        driver.card().plugInto(port, hostPath.frameIn());
    }

    /** One PCI link for the card: its command and completion queues, its DMA, and its NIC path. */
    public void bus(DeviceBus bus) {
        hostPath.driver().nic().bus(bus);
        driver.card().bus(bus);
    }

    @Override
    public void alignReceivePages(FlowTuple flow, int seqAtPageStart) {
        hostPath.alignReceivePages(flow, seqAtPageStart); // only a fallen-back connection has pages to align
    }

    @Override
    public void meterCpu(CpuMeter meter) {
        hostPath.meterCpu(meter);
        driver.cpuMeter(meter);
    }

    @Override
    public CounterSnapshot counterSnapshot() {
        // the host path's NIC, then the card, then the host's driver of the card
        return hostPath.counterSnapshot().and(CounterSnapshot.of(driver.card(), driver));
    }

    @Override
    public void close() {
        driver.close();
        hostPath.close();
    }
}
