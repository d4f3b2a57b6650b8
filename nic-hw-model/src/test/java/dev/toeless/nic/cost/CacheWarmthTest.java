package dev.toeless.nic.cost;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheWarmthTest {
    @Test
    void aPageStaysWarmUntilTheCachesWorthOfBytesIsWrittenAfterIt() {
        final CacheWarmth c = new CacheWarmth(16_384);
        c.dmaWritten(0x5000, 4096);
        assertThat(c.isWarm(0x5000, 4096)).isTrue();
        c.dmaWritten(0x6000, 4096);
        c.cpuWritten(4096);
        assertThat(c.isWarm(0x5000, 4096)).isTrue();      // 8 KiB since + 4 KiB touched <= 16 KiB
        c.cpuWritten(4097);
        assertThat(c.isWarm(0x5000, 4096)).isFalse();     // one byte more than the cache holds
        assertThat(c.isWarm(0x6000, 4096)).isTrue();
        assertThat(c.writtenBytes()).isEqualTo(4096 * 3 + 4097);
    }

    @Test
    void withoutADmaCacheEveryDmaByteIsCold() {
        final CacheWarmth c = new CacheWarmth(0);
        c.dmaWritten(0x5000, 1500);
        assertThat(c.isWarm(0x5000, 1)).isFalse();
    }

    @Test
    void aPageNoDeviceWroteIsTheCpusOwnAndWarm() {
        final CacheWarmth c = new CacheWarmth(0);
        assertThat(c.isWarm(0x7000_0000L, 4096)).isTrue();
    }

    @Test
    void aRewrittenPageIsWarmAgain() {
        final CacheWarmth c = new CacheWarmth(4096);
        c.dmaWritten(0x1000, 4096);
        c.dmaWritten(0x2000, 4096);
        assertThat(c.isWarm(0x1000, 100)).isFalse();
        c.dmaWritten(0x1000, 100);
        assertThat(c.isWarm(0x1000, 100)).isTrue();
    }
}
