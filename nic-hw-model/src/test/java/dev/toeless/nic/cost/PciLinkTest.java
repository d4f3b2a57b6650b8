package dev.toeless.nic.cost;

import dev.toeless.nic.sim.EventScheduler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PciLinkTest {
    private final EventScheduler scheduler = new EventScheduler();

    @Test
    void generationsAndLanesGiveTheUsableRate() {
        assertThat(PciConfig.parse("gen3x16").gbitPerSecond()).isEqualTo(7.88 * 16);
        assertThat(PciConfig.parse("Gen4x16").gbitPerSecond()).isEqualTo(15.75 * 16);
        assertThat(PciConfig.parse("gen5x8").gbitPerSecond()).isEqualTo(31.5 * 8);
        assertThat(PciConfig.parse("gen4x4").label()).isEqualTo("gen4x4");
        assertThatThrownBy(() -> PciConfig.parse("gen6x16")).hasMessageContaining("must look like gen4x16");
        assertThatThrownBy(() -> PciConfig.parse("gen4x3")).hasMessageContaining("must look like gen4x16");
    }

    @Test
    void aFrameWrittenIntoHostMemoryIsCutIntoMaxPayloadTlpsEachWithItsOverhead() {
        final PciLink link = new PciLink(PciConfig.defaults(), scheduler.clock());
        link.dmaWrite(0x1000, 1500);                 // MPS 256: 6 TLPs of 24 bytes overhead each
        assertThat(link.pciTlps()).isEqualTo(6);
        assertThat(link.pciBytes()).isEqualTo(1500 + 6 * 24);
        link.completionWrite(32);
        assertThat(link.pciTlps()).isEqualTo(7);
        assertThat(link.pciBytes()).isEqualTo(1500 + 6 * 24 + 32 + 24);
        assertThat(link.descriptors()).isEqualTo(1);
    }

    @Test
    void aDmaReadIsARequestUpAndCompletionsDown() {
        final PciLink link = new PciLink(PciConfig.defaults(), scheduler.clock());
        link.dmaRead(1000);                          // 2 requests (MRRS 512), 4 completions (MPS 256)
        assertThat(link.dmaReads()).isEqualTo(1);
        assertThat(link.pciTlps()).isEqualTo(6);
        assertThat(link.pciBytes()).isEqualTo(2 * 24 + 1000 + 4 * 20);
        assertThat(PciLink.dmaReadLatencyNs(1520)).isEqualTo(550 + 0.30 * 1520);
    }

    @Test
    void descriptorsAreFetchedEightAtATime() {
        final PciLink link = new PciLink(PciConfig.defaults(), scheduler.clock());
        for (int i = 0; i < 7; i++) {
            link.descriptorFetch(1, 16);
        }
        assertThat(link.dmaReads()).isZero();
        link.descriptorFetch(1, 16);
        assertThat(link.dmaReads()).isEqualTo(1);
        assertThat(link.pciBytes()).isEqualTo(24 + 128 + 20);
        assertThat(link.descriptors()).isEqualTo(8);
    }

    @Test
    void doorbellsInterruptsAndMmioReadsAreCounted() {
        final PciLink link = new PciLink(PciConfig.defaults(), scheduler.clock());
        link.doorbell();
        link.interrupt();
        assertThat(link.mmioRead()).isEqualTo(1000);
        assertThat(link.doorbells()).isEqualTo(1);
        assertThat(link.interrupts()).isEqualTo(1);
        assertThat(link.mmioReads()).isEqualTo(1);
        assertThat(link.pciBytes()).isEqualTo((4 + 24) + (4 + 24) + 24 + (20 + 4));
    }

    @Test
    void aLinkTooSlowForTheTrafficFallsBehindUntilTheReceiveBufferIsFull() {
        // gen3x1: 7.88 Gbit/s, fed 1500-byte frames at 100 Gbit/s (one every 120 ns)
        final PciConfig slow = new PciConfig(3, 1, 256, 512, 64 << 10);
        final PciLink link = new PciLink(slow, scheduler.clock());
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            scheduler.runUntil(i * 120L);
            if (!link.receiveBacklogFull()) {
                link.dmaWrite(0x1000, 1500);
                accepted++;
            }
        }
        // the link drains 1644 wire bytes per frame at 7.88 Gbit/s: about 1 frame in 14 after the buffer fills
        assertThat(accepted).isBetween(100, 140);
        final PciLink fast = new PciLink(PciConfig.parse("gen4x16"), new EventScheduler().clock());
        for (int i = 0; i < 1000; i++) {
            fast.dmaWrite(0x1000, 1500);
        }
        assertThat(fast.upBacklogPs()).isEqualTo(Math.round(1644 * 8000.0 / (15.75 * 16)) * 1000);
    }

    @Test
    void dmaWritesMarkTheCache() {
        final CacheWarmth warmth = new CacheWarmth(0);
        final PciLink link = new PciLink(PciConfig.defaults(), scheduler.clock()).cache(warmth);
        link.dmaWrite(0x3000, 100);
        assertThat(warmth.isWarm(0x3000, 100)).isFalse();
        assertThat(link.payloadBytesUp()).isEqualTo(100);
    }
}
