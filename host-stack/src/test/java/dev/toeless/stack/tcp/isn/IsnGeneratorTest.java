package dev.toeless.stack.tcp.isn;

import dev.toeless.nic.sim.SimRandom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IsnGeneratorTest {
    private static final int LOCAL = 0x0A000001;   // 10.0.0.1
    private static final int REMOTE = 0x0A000002;  // 10.0.0.2

    @Test
    void theIsnOfOneTupleAdvancesOnePerFourMicroseconds() {
        final IsnGenerator gen = new IsnGenerator(new SimRandom(7).fork("isn"));
        final int first = gen.isnV4(1_000_000, LOCAL, 80, REMOTE, 40_000);
        assertThat(gen.isnV4(1_000_000 + 4_000, LOCAL, 80, REMOTE, 40_000) - first).isEqualTo(1);
        assertThat(gen.isnV4(1_000_000 + 3_999, LOCAL, 80, REMOTE, 40_000)).isEqualTo(first);
        assertThat(gen.isnV4(1_000_000 + 4_000_000_000L, LOCAL, 80, REMOTE, 40_000) - first)
                .isEqualTo(1_000_000);
    }

    @Test
    void theTimerWrapsAfterFourPointSevenHours() {
        assertThat(IsnGenerator.timer(0)).isZero();
        assertThat(IsnGenerator.timer((1L << 32) * IsnGenerator.TICK_NS)).isZero();
        assertThat(IsnGenerator.timer((1L << 32) * IsnGenerator.TICK_NS - 1)).isEqualTo(-1);
    }

    @Test
    void otherTuplesGetUnrelatedOffsets() {
        final IsnGenerator gen = new IsnGenerator(new SimRandom(7).fork("isn"));
        final int base = gen.isnV4(0, LOCAL, 80, REMOTE, 40_000);
        assertThat(gen.isnV4(0, LOCAL, 80, REMOTE, 40_001)).isNotEqualTo(base);
        assertThat(gen.isnV4(0, LOCAL, 81, REMOTE, 40_000)).isNotEqualTo(base);
        assertThat(gen.isnV4(0, REMOTE, 80, LOCAL, 40_000)).isNotEqualTo(base);
        assertThat(gen.isnV4(0, LOCAL, 40_000, REMOTE, 80)).isNotEqualTo(base);
        final int v6 = gen.isnV6(0, 0x2001_0db8_0000_0000L, 1, 80, 0x2001_0db8_0000_0000L, 2, 40_000);
        assertThat(gen.isnV6(0, 0x2001_0db8_0000_0000L, 1, 80, 0x2001_0db8_0000_0000L, 3, 40_000))
                .isNotEqualTo(v6);
    }

    @Test
    void theSecretComesFromTheSeed() {
        final int a = new IsnGenerator(new SimRandom(1)).isnV4(0, LOCAL, 80, REMOTE, 40_000);
        final int again = new IsnGenerator(new SimRandom(1)).isnV4(0, LOCAL, 80, REMOTE, 40_000);
        final int other = new IsnGenerator(new SimRandom(2)).isnV4(0, LOCAL, 80, REMOTE, 40_000);
        assertThat(again).isEqualTo(a);
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void offsetsSpreadOverTheSequenceSpace() {
        final IsnGenerator gen = new IsnGenerator(new SimRandom(3));
        final int[] buckets = new int[16];
        for (int port = 1024; port < 1024 + 16_000; port++) {
            buckets[gen.isnV4(0, LOCAL, 80, REMOTE, port) >>> 28]++;
        }
        // 1,000 expected per bucket; 6 standard deviations is about 190.
        for (int count : buckets) {
            assertThat(count).isBetween(800, 1200);
        }
    }
}
