package dev.toeless.stack.driver;

import dev.toeless.nic.device.Nic;
import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.stats.NicCounter;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.nic.wire.TcpHeader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The NAPI contract: one interrupt, polls of at most {@code budget} completions until the ring is clean (no GRO, so packets count completions). */
@ExtendWith(PageLeakCheck.class)
class PollBudgetTest {
    private static final int DST_PORT = 5_001;

    private final HostMemory memory = new HostMemory(1024);
    private final EventScheduler scheduler = new EventScheduler();
    private final Link link = new Link("wire", scheduler, new SimRandom(5), LinkConfig.ethernet(10_000_000_000L));
    private final TestHost host = new TestHost("b", memory, scheduler, DriverMode.CSUM,
        NicConfig.defaults().withCoalescing(1000, 64), link.b(), 4);

    @AfterEach
    void close() {
        host.close();
    }

    private void send(long seq) {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[300]);
        final int length = BulkSender.frameToB(buffer, BulkSender.segmentFromA(DST_PORT, seq, 1, TcpHeader.ACK),
            new byte[100]);
        link.a().send(buffer, 0, length);
    }

    @Test
    void a_burst_is_cleaned_in_budgeted_polls_after_one_interrupt() {
        host.recorder.expect(DST_PORT, 1, 4096);
        for (int i = 0; i < 18; i++) {
            send(1 + 100L * i);
        }
        scheduler.runAll(100_000);
        assertThat(host.recorder.packets).isEqualTo(18);
        assertThat(host.nic.statistics().get(NicCounter.RX_INTERRUPTS)).isEqualTo(1);
        assertThat(host.driver.counters().polls()).isEqualTo(5); // 4 + 4 + 4 + 4 + 2
    }

    @Test
    void a_dry_pool_stops_the_fill_and_is_counted() {
        final Nic nic = new Nic("c", memory, scheduler, NicConfig.defaults().withRings(16, 16));
        final PagePool tiny = new PagePool(memory, "tiny", 3);
        final PagePool headers = new PagePool(memory, "c-hdr", 8);
        final NicDriver driver = new NicDriver(nic, host.cpu, DriverMode.CSUM, tiny, headers, scheduler, 64,
            BulkSender.MAC_B, 1500);
        driver.attach(host.recorder);
        try {
            driver.open();
            assertThat(driver.counters().rxAllocFail()).isEqualTo(1);
            assertThat(nic.queue(0).pageRing().pending()).isEqualTo(3);
        } finally {
            driver.close();
            tiny.close();
            headers.close();
        }
    }
}
