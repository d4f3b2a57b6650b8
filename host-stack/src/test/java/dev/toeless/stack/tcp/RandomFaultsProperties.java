package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.tcp.cc.CongestionControls;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per seed, random fault settings and connection settings (loss up to 10%, duplication,
 * reordering, small buffers, MSS, options, congestion control) for two engines moving known data
 * both ways: delivery is exact, the transfer finishes, every page comes back. A failure message
 * carries the seed and the settings; replay one with {@link ReplaySeedTest} and {@code -Dseed=N}.
 */
class RandomFaultsProperties {
    static final long SECOND = 1_000_000_000L;

    @Property(tries = 300)
    void everyTransferFinishesExactly(@ForAll long seed) {
        final SimRandom rnd = new SimRandom(seed);
        final TcpConfig config = randomConfig(rnd);
        final HostMemory memory = new HostMemory(8192);
        final TwoEngines e = new TwoEngines(memory, seed, config, randomConfig(rnd));
        e.lossRate = rnd.nextDouble() * 0.10;
        e.duplicateRate = rnd.nextDouble() * 0.05;
        e.jitterNs = rnd.nextLong(20_000_000L);
        e.delayNs = 1_000_000L + rnd.nextLong(50_000_000L);
        final long ab = rnd.nextLong(512 * 1024);
        final long ba = rnd.nextLong(256 * 1024);
        final String what = "seed " + seed + " loss " + e.lossRate + " dup " + e.duplicateRate + " jitter "
            + e.jitterNs + " delay " + e.delayNs + " bytes " + ab + "/" + ba + " config " + config;
        try {
            final boolean done = e.run(ab, ba, (int) rnd.nextLong(), (int) rnd.nextLong(), 24 * 3600 * SECOND);
            assertThat(e.a.corruption).as(what).isNull();
            assertThat(e.b.corruption).as(what).isNull();
            assertThat(done).as("finished: " + what + " a=" + e.a.conn + " " + e.a.conn.closeReason() + " "
                + e.a.conn.counters() + " b=" + e.b.conn + " " + e.b.conn.closeReason() + " " + e.b.conn.counters()
                + " rx " + e.a.received + "/" + e.b.received).isTrue();
        } finally {
            e.finish();
        }
        assertThat(memory.pagesInUse()).as("pages back: " + what).isZero();
    }

    private static TcpConfig randomConfig(SimRandom rnd) {
        final int[] buffers = {2048, 8192, 65_536, 262_144};
        final String cc = rnd.chance(0.5) ? "newreno" : "cubic";
        return TcpConfig.builder()
            .mssBytes(536 + rnd.nextInt(1000))
            .receiveBufferBytes(buffers[rnd.nextInt(buffers.length)])
            .sendBufferBytes(buffers[rnd.nextInt(buffers.length)])
            .windowScaling(rnd.chance(0.7)).timestamps(rnd.chance(0.7)).sack(rnd.chance(0.7))
            .nagle(rnd.chance(0.5))
            .tsoMaxBytes(rnd.chance(0.3) ? 65_535 : 0)
            .congestionControl(() -> CongestionControls.create(cc))
            .build();
    }
}
