package dev.toeless.stack.neigh;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class NeighbourTablePropertyTest {

    /** The open-addressing table agrees with a HashMap through random learns and deletes, colliding keys included. */
    @Property(tries = 200)
    void tableAgreesWithAMap(@ForAll long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final NeighbourConfig config = new NeighbourConfig(30_000_000_000L, 1_000_000_000L, 5_000_000_000L,
            3, 3, 3, 64, 60_000_000_000L, 3_000_000_000L);
        final NeighbourTable<String> t = new NeighbourTable<>(config, new Recorder(), null);
        final Map<List<Long>, Long> reference = new HashMap<>();
        for (int step = 0; step < 2000; step++) {
            final long hi = r.nextInt(3);
            final long lo = r.nextInt(100);
            final List<Long> key = List.of(hi, lo);
            if (r.nextInt(3) == 0) {
                assertThat(t.delete(hi, lo)).isEqualTo(reference.remove(key) != null);
            } else if (reference.size() < 64 || reference.containsKey(key)) {
                final long mac = r.nextLong(1L << 48);
                t.onSolicitation(0, hi, lo, mac);
                reference.put(key, mac);
            }
            assertThat(t.size()).isEqualTo(reference.size());
        }
        for (Map.Entry<List<Long>, Long> e : reference.entrySet()) {
            assertThat(t.linkAddressOf(e.getKey().get(0), e.getKey().get(1))).isEqualTo(e.getValue());
        }
    }
}
