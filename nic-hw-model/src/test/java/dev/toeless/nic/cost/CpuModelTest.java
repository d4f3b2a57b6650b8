package dev.toeless.nic.cost;

import dev.toeless.nic.sim.EventScheduler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuModelTest {
    @Test
    void workOnAnIdleCoreStartsAtOnce() {
        final CpuModel cpu = new CpuModel(1);
        assertThat(cpu.run(0, 1_000, 250_500)).isEqualTo(1_250_500);
        assertThat(cpu.readyAtNs(0, 1_000)).isEqualTo(1_251); // rounded up to the next whole ns
        assertThat(cpu.readyAtNs(0, 5_000)).isEqualTo(5_000);
    }

    @Test
    void workFindingItsCoreBusyWaits() {
        final CpuModel cpu = new CpuModel(1);
        cpu.run(0, 0, 10_000_000);              // busy until 10 us
        assertThat(cpu.run(0, 2_000, 1_000_000)).isEqualTo(11_000_000); // waits 8 us, then 1 us
        assertThat(cpu.readyAtNs(0, 2_000)).isEqualTo(11_000);
        assertThat(cpu.busyPs()).isEqualTo(11_000_000);
    }

    @Test
    void coresAreIndependent() {
        final CpuModel cpu = new CpuModel(2);
        cpu.run(0, 0, 10_000_000);
        assertThat(cpu.run(1, 0, 1_000)).isEqualTo(1_000);
        assertThat(cpu.busyPs(0)).isEqualTo(10_000_000);
        assertThat(cpu.busyPs(1)).isEqualTo(1_000);
        assertThat(cpu.utilization(10_000)).isEqualTo((10_000_000 + 1_000) / (1000.0 * 10_000 * 2));
    }

    @Test
    void theSameChargesGiveTheSameTimes() {
        assertThat(replay()).isEqualTo(replay());
    }

    private static long replay() {
        final CpuModel cpu = new CpuModel(3);
        long end = 0;
        for (int i = 0; i < 10_000; i++) {
            end = cpu.run(i % 3, i * 37L, (i * 7919L) % 100_000);
        }
        return end * 31 + cpu.busyPs();
    }

    @Test
    void aHostCostChargesTheProfileOnItsCurrentCore() {
        final EventScheduler scheduler = new EventScheduler();
        final HostCost cost = new HostCost(CostProfiles.named("host-2025").withCores(2), scheduler.clock());
        cost.charge(CostOp.TCP_FAST_PATH, 3);      // 3 x 70 ns on core 0
        assertThat(cost.onCore(1)).isZero();
        cost.charge(CostOp.INTERRUPT);             // 1 us on core 1
        assertThat(cost.readyAtNs(0)).isEqualTo(1_000);
        cost.onCore(0);
        assertThat(cost.readyAtNs(0)).isEqualTo(210);
        assertThat(cost.count(CostOp.TCP_FAST_PATH)).isEqualTo(3);
        assertThat(cost.busyPs()).isEqualTo(210_000 + 1_000_000);
        assertThat(cost.breakdown()).containsEntry("tcp_fast_path_ps", 210_000L).containsEntry("interrupt_count", 1L);
    }

    @Test
    void bytesTheDeviceJustWroteAreWarmAndOldOnesCold() {
        final EventScheduler scheduler = new EventScheduler();
        final CostProfile p = CostProfiles.named("host-2025");   // 4 MiB of DMA cache
        final HostCost cost = new HostCost(p, scheduler.clock());
        cost.cache().dmaWritten(0x1000, 4096);
        cost.touch(ByteOp.COPY, 0x1000, 4096);
        assertThat(cost.warmBytes(ByteOp.COPY)).isEqualTo(4096);
        for (int page = 2; page < 2 + 1100; page++) {                 // 4.3 MiB more arrives
            cost.cache().dmaWritten((long) page << 12, 4096);
        }
        cost.touch(ByteOp.CHECKSUM, 0x1000, 4096);
        assertThat(cost.coldBytes(ByteOp.CHECKSUM)).isEqualTo(4096);
        assertThat(cost.busyPs()).isEqualTo(p.picos(ByteOp.COPY, true, 4096) + p.picos(ByteOp.CHECKSUM, false, 4096));
    }
}
