package dev.toeless.stack.driver;

import dev.toeless.accum.AccumConfig;
import dev.toeless.accum.AccumulatingPlacement;
import dev.toeless.nic.device.Nic;
import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.tso.TsoOffload;

/**
 * One host for driver tests: its memory, pools, NIC, driver and a recorder. The host CPU's ledger
 * counts what the driver touches; the test's own reads and writes of payload (filling send pages,
 * checking received bytes) go through a second CpuTouch with a separate ledger.
 */
final class TestHost implements AutoCloseable {
    final HostMemory memory;
    final TouchLedger ledger = new TouchLedger();
    final TouchLedger testLedger = new TouchLedger();
    final CpuTouch cpu;
    final CpuTouch testCpu;
    final PagePool rxPool;
    final PagePool headerPool;
    final PagePool txPool;
    final Nic nic;
    final NicDriver driver;
    final Recorder recorder;

    TestHost(String name, HostMemory memory, EventScheduler scheduler, DriverMode mode, NicConfig config,
             Link.Port port) {
        this(name, memory, scheduler, mode, config, port, 64);
    }

    TestHost(String name, HostMemory memory, EventScheduler scheduler, DriverMode mode, NicConfig config,
             Link.Port port, int budget) {
        this.memory = memory;
        this.cpu = new CpuTouch(memory, ledger);
        this.testCpu = new CpuTouch(memory, testLedger);
        this.rxPool = new PagePool(memory, name + "-rx", memory.pageCount() / 2);
        this.headerPool = new PagePool(memory, name + "-hdr", 64);
        this.txPool = new PagePool(memory, name + "-tx", memory.pageCount() / 4);
        final NicConfig withAccum = config.accumPlacement() != null ? config
            : config.withAccumPlacement(AccumulatingPlacement.factory(AccumConfig.defaults()));
        this.nic = new Nic(name, memory, scheduler, withAccum.withTxOffload(TsoOffload.factory()));
        this.recorder = new Recorder(testCpu);
        this.driver = new NicDriver(nic, cpu, mode, rxPool, headerPool, scheduler, budget, BulkSender.MAC_B, 1500);
        driver.attach(recorder);
        nic.attach(port);
        driver.open();
    }

    @Override
    public void close() {
        driver.close();
        recorder.releaseAll(memory);
        rxPool.close();
        headerPool.close();
        txPool.close();
    }
}
