package dev.toeless.stack.driver;

import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.pcap.PcapWriter;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.nic.testing.Tshark;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sending NIC puts on the wire in each mode (TSO, driver segmentation with checksum
 * offload, software GSO), captured at the link and judged by tshark with IP and TCP checksum
 * validation on: no malformed frame, every TCP checksum good.
 */
@ExtendWith(PageLeakCheck.class)
class WireCaptureTest {
    private final HostMemory memoryA = new HostMemory(2048);
    private final HostMemory memoryB = new HostMemory(2048);

    @ParameterizedTest
    @CsvSource({"STATELESS,false", "STATELESS,true", "CSUM,false", "CSUM,true", "NONE,false", "NONE,true"})
    void tshark_accepts_every_frame(DriverMode mode, boolean ipv6, @TempDir Path dir) throws Exception {
        Tshark.assumeInstalled();
        final Path pcap = dir.resolve(mode.label() + (ipv6 ? "-v6" : "-v4") + ".pcap");
        final EventScheduler scheduler = new EventScheduler();
        final Link link = new Link("wire", scheduler, new SimRandom(11), LinkConfig.ethernet(10_000_000_000L));
        try (PcapWriter writer = PcapWriter.create(pcap);
             TestHost a = new TestHost("a", memoryA, scheduler, mode, NicConfig.defaults(), link.a());
             TestHost b = new TestHost("b", memoryB, scheduler, mode, NicConfig.defaults(), link.b())) {
            link.tap(writer);
            final byte[] data = new byte[200_000];
            new Random(11).nextBytes(data);
            b.recorder.expect(5_001, 1_001, data.length);
            new BulkSender(a, scheduler, ipv6, 40_000, 5_001, 1_000).sendAll(data);
            assertThat(b.recorder.streams.get(5_001).bytes).isEqualTo(data);
        }
        final Tshark.Verdict verdict = Tshark.check(pcap);
        assertThat(verdict.frames()).isGreaterThan(100);
        assertThat(verdict.malformedOrBadChecksum()).isZero();
        assertThat(verdict.tcpChecksumsGood()).isEqualTo(verdict.frames());
    }
}
