package dev.toeless.accum;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlowCacheTest {
    private static FlowKey v4(int i) {
        return new FlowKey().setV4(0xC0A8_0000 + i, 0xC0A8_FFFF, 1024 + i, 443);
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
        cache.find(v4(3));
        cache.find(v4(2));
        cache.find(v4(1)); // most recent first: 1, 2, 3
        cache.peek(v4(3)); // peeking is not using
        cache.insert(v4(4), 4);
        assertThat(evicted).containsExactly(3);
        assertThat(cache.evictions()).isEqualTo(1);
        assertThat(cache.peek(v4(1))).isNotEqualTo(FlowCache.NONE);
    }

    @Test
    void aNewEntryIsOnProbationUntilItsFlowComesBack() {
        final FlowCache cache = new FlowCache(3);
        final List<Integer> evicted = new ArrayList<>();
        cache.evictionListener(slot -> evicted.add(cache.nextSeq(slot)));
        for (int i = 1; i <= 3; i++) {
            cache.insert(v4(i), i);
            cache.find(v4(i)); // established: each flow came back
        }
        cache.insert(v4(4), 4); // evicts 1, the least recently used; 4 starts on probation
        cache.insert(v4(5), 5); // evicts the newcomer 4, not an established flow
        assertThat(evicted).containsExactly(1, 4);
        cache.find(v4(5)); // 5 came back: promoted
        cache.insert(v4(6), 6);
        assertThat(evicted).containsExactly(1, 4, 2);
    }

    @Test
    void aChurnOfOneOffFlowsLeavesEstablishedFlowsResident() {
        final FlowCache cache = new FlowCache(4);
        for (int i = 0; i < 3; i++) {
            cache.insert(v4(i), i);
            cache.find(v4(i));
        }
        int checks = 0;
        int misses = 0;
        int oneOff = 100;
        for (int round = 0; round < 1_000; round++) {
            for (int k = 0; k < 4; k++) {
                cache.insert(v4(oneOff++), 0); // seen once, never again
            }
            for (int established = 0; established < 3; established++) {
                checks++;
                if (cache.find(v4(established)) == FlowCache.NONE) {
                    misses++;
                    cache.insert(v4(established), established);
                }
            }
        }
        // Plain LRU would lose every established flow each round (4 newcomers, 4 entries).
        assertThat((double) misses / checks).isLessThan(0.15);
    }

    @Test
    void aHotInsertStartsAtTheRecentEnd() {
        final FlowCache cache = new FlowCache(2);
        cache.insert(v4(1), 1);
        cache.insert(v4(2), 2, true);
        cache.insert(v4(3), 3); // evicts 1, the colder
        assertThat(cache.peek(v4(1))).isEqualTo(FlowCache.NONE);
        assertThat(cache.peek(v4(2))).isNotEqualTo(FlowCache.NONE);
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
        final FlowKey v4 = new FlowKey().setV4(0x0A00_0001, 0x0A00_0002, 1, 2);
        final FlowKey mappedLookalike = new FlowKey().setV6(0, 0xFFFF_0A00_0001L, 0, 0xFFFF_0A00_0002L, 1, 2);
        final FlowKey v6 = new FlowKey().setV6(0x2001_0DB8_0000_0000L, 1, 0x2001_0DB8_0000_0000L, 2, 1, 2);
        cache.insert(v4, 1);
        cache.insert(v6, 2);
        assertThat(v4.isV4()).isTrue();
        assertThat(v6.isV4()).isFalse();
        assertThat(cache.nextSeq(cache.find(v6))).isEqualTo(2);
        // ::ffff:10.0.0.1 is the same flow as 10.0.0.1, by design of the key
        assertThat(cache.nextSeq(cache.find(mappedLookalike))).isEqualTo(1);
        assertThat(cache.find(new FlowKey().setV4(0x0A00_0001, 0x0A00_0002, 2, 1))).isEqualTo(FlowCache.NONE);
    }
}
