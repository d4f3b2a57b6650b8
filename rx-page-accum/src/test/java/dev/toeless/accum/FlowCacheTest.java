package dev.toeless.accum;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlowCacheTest {
    private static FlowTuple v4(int i) {
        return new FlowTuple().setV4(0xC0A8_0000 + i, 0xC0A8_FFFF, 1024 + i, 443);
    }

    @Test
    void findsWhatWasInsertedAndNothingElse() {
        final FlowCache cache = new FlowCache(300);
        for (int i = 0; i < 300; i++) {
            assertThat(cache.insert(v4(i), i)).isBetween(0, 299);
        }
        for (int i = 0; i < 300; i++) {
            assertThat(cache.nextSeq(cache.find(v4(i)))).isEqualTo(i);
        }
        assertThat(cache.find(v4(300))).isEqualTo(FlowCache.NONE);
        assertThat(cache.size()).isEqualTo(300);
    }

    @Test
    void removalKeepsTheOtherChainsIntact() {
        final FlowCache cache = new FlowCache(256);
        for (int i = 0; i < 256; i++) {
            cache.insert(v4(i), i);
        }
        for (int i = 0; i < 256; i += 2) {
            cache.remove(cache.find(v4(i)));
        }
        for (int i = 0; i < 256; i++) {
            assertThat(cache.peek(v4(i)) == FlowCache.NONE).isEqualTo(i % 2 == 0);
        }
        for (int i = 256; i < 384; i++) {
            cache.insert(v4(i), i); // reuses the freed slots, no eviction
        }
        assertThat(cache.evictions()).isZero();
        assertThat(cache.size()).isEqualTo(256);
    }

    @Test
    void evictsTheLeastRecentlyUsedAndTellsTheListener() {
        final FlowCache cache = new FlowCache(3);
        final List<Integer> evicted = new ArrayList<>();
        cache.evictionListener(slot -> evicted.add(cache.nextSeq(slot)));
        cache.insert(v4(1), 1);
        cache.insert(v4(2), 2);
        cache.insert(v4(3), 3);
        cache.find(v4(1));
        cache.peek(v4(2)); // peeking is not using
        cache.insert(v4(4), 4);
        assertThat(evicted).containsExactly(2);
        cache.insert(v4(5), 5);
        assertThat(evicted).containsExactly(2, 3);
        assertThat(cache.evictions()).isEqualTo(2);
        assertThat(cache.peek(v4(1))).isNotEqualTo(FlowCache.NONE);
    }

    @Test
    void clearTellsTheListenerAboutEveryEntry() {
        final FlowCache cache = new FlowCache(8);
        final List<Integer> dropped = new ArrayList<>();
        cache.evictionListener(slot -> dropped.add(cache.nextSeq(slot)));
        for (int i = 0; i < 5; i++) {
            cache.insert(v4(i), i);
        }
        cache.clear();
        assertThat(dropped).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(cache.size()).isZero();
        assertThat(cache.find(v4(1))).isEqualTo(FlowCache.NONE);
        assertThat(cache.insert(v4(1), 9)).isBetween(0, 7);
    }

    @Test
    void v4AndV6FlowsAreDistinctKeys() {
        final FlowCache cache = new FlowCache(4);
        final FlowTuple v4 = new FlowTuple().setV4(0x0A00_0001, 0x0A00_0002, 1, 2);
        final FlowTuple mappedLookalike = new FlowTuple().setV6(0, 0xFFFF_0A00_0001L, 0, 0xFFFF_0A00_0002L, 1, 2);
        final FlowTuple v6 = new FlowTuple().setV6(0x2001_0DB8_0000_0000L, 1, 0x2001_0DB8_0000_0000L, 2, 1, 2);
        cache.insert(v4, 1);
        cache.insert(v6, 2);
        assertThat(v4.isV4()).isTrue();
        assertThat(v6.isV4()).isFalse();
        assertThat(cache.nextSeq(cache.find(v6))).isEqualTo(2);
        // ::ffff:10.0.0.1 is the same flow as 10.0.0.1, by design of the key
        assertThat(cache.nextSeq(cache.find(mappedLookalike))).isEqualTo(1);
        assertThat(cache.find(new FlowTuple().setV4(0x0A00_0001, 0x0A00_0002, 2, 1))).isEqualTo(FlowCache.NONE);
    }
}
