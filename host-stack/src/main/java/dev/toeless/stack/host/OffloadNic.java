package dev.toeless.stack.host;

import dev.toeless.nic.link.FrameOutput;
import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.CpuMeter;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.stack.driver.NicDriver;
import dev.toeless.stack.netdev.NetDevice;


/**
 * The modeled NIC ({@code dev.toeless.nic.device.Nic}) driven by its {@link NicDriver} in one of
 * the {@code DriverMode}s, from {@code none} (every offload off: the plain NIC of the fault
 * simulator, the loss table, the TCP benchmarks and the TAP bridge) to {@code stateless}. The
 * driver is the IP layer's device.
 *
 * @param driver     the NIC's driver, which owns the NIC
 * @param headerPool the pages the driver carves its header buffers from, closed with it
 */
public record OffloadNic(NicDriver driver, PagePool headerPool) implements Attachment {
    @Override
    public NetDevice device() {
        return driver;
    }

    @Override
    public FrameSink frameIn() {
        return driver.nic();
    }

    @Override
    public void plugInto(Link.Port port) {
        driver.nic().attach(port);
        driver.open();
    }

    /** Connects the NIC's transmit side to {@code output} (a TAP device) and starts receiving. */
    public void plugInto(FrameOutput output) {
        driver.nic().output(output);
        driver.open();
    }

    @Override
    public void alignReceivePages(FlowTuple flow, int seqAtPageStart) {
        driver.hint(flow, seqAtPageStart);
    }

    @Override
    public void meterCpu(CpuMeter meter) {
        driver.cpuMeter(meter);
    }

    @Override
    public CounterSnapshot counterSnapshot() {
        return driver.nic().counters();
    }

    @Override
    public void close() {
        driver.close(); // resets the NIC too
        headerPool.close();
    }
}
