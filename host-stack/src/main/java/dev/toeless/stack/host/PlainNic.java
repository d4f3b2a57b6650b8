package dev.toeless.stack.host;

import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.sim.CpuMeter;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.stack.netdev.NetDevice;
import dev.toeless.stack.netdev.SoftNic;

import java.util.Map;

/**
 * The plain software NIC without offloads ({@link SoftNic}): the device of the fault simulator,
 * the loss table, the TCP benchmarks and the TAP bridge to the Linux kernel. It has no page
 * accumulation (alignment hints are ignored) and no poll to meter.
 */
public record PlainNic(SoftNic nic) implements Attachment {
    @Override
    public NetDevice device() {
        return nic;
    }

    @Override
    public FrameSink frameIn() {
        return nic;
    }

    @Override
    public void plugInto(Link.Port port) {
        nic.plugInto(port);
    }

    @Override
    public void alignReceivePages(FlowTuple flow, int seqAtPageStart) {
        // no page accumulation: nothing to align, nothing lost
    }

    @Override
    public void meterCpu(CpuMeter meter) {
        // the frame arrives from the link's event directly: no poll to bracket
    }

    @Override
    public Map<String, Long> counterSnapshot() {
        return Map.of("rx_frames", nic.rxFrames(), "rx_drop_no_page", nic.rxDropNoPage());
    }

    @Override
    public void close() {
        // nothing posted, nothing held: each frame's page goes up with the packet or back at once
    }
}
