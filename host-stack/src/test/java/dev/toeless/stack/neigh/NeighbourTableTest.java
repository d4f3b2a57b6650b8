package dev.toeless.stack.neigh;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.qdisc.Allocations;
import org.junit.jupiter.api.Test;

import static dev.toeless.stack.neigh.NeighbourState.DELAY;
import static dev.toeless.stack.neigh.NeighbourState.FAILED;
import static dev.toeless.stack.neigh.NeighbourState.INCOMPLETE;
import static dev.toeless.stack.neigh.NeighbourState.PERMANENT;
import static dev.toeless.stack.neigh.NeighbourState.PROBE;
import static dev.toeless.stack.neigh.NeighbourState.REACHABLE;
import static dev.toeless.stack.neigh.NeighbourState.STALE;
import static org.assertj.core.api.Assertions.assertThat;

/** Scripted conversations with a hand-moved clock; addresses are the IPv4 10.0.0.x as (0, 0x0a00000x). */
class NeighbourTableTest {
    private static final long S = 1_000_000_000L;
    private static final long GW = 0x0A000001L;
    private static final long MAC = 0x0200_0000_0001L;
    private static final long MAC2 = 0x0200_0000_0002L;

    private final Recorder wire = new Recorder();
    private final NeighbourTable<String> arp = new NeighbourTable<>(NeighbourConfig.defaults(), wire, null);

    @Test
    void firstPacketQueuesAndBroadcastsThenTheReplyFlushesInOrder() {
        assertThat(arp.resolve(0, 0, GW, "p1")).isEqualTo(NeighbourTable.QUEUED);
        assertThat(wire.take()).containsExactly("solicit a000001 multicast");
        assertThat(arp.resolve(100, 0, GW, "p2")).isEqualTo(NeighbourTable.QUEUED);
        assertThat(wire.take()).isEmpty();
        assertThat(arp.stateOf(0, GW)).isEqualTo(INCOMPLETE);
        arp.onAdvertisement(200, 0, GW, MAC, true, true); // the ARP reply
        assertThat(wire.take()).containsExactly("transmit p1 to 20000000001", "transmit p2 to 20000000001");
        assertThat(arp.stateOf(0, GW)).isEqualTo(REACHABLE);
        assertThat(arp.resolve(300, 0, GW, "p3")).isEqualTo(MAC);
        assertThat(arp.counters().resolved()).isEqualTo(1);
        assertThat(arp.counters().flushed()).isEqualTo(2);
    }

    @Test
    void unansweredResolutionRetriesThenFailsAndDropsTheQueue() {
        arp.resolve(0, 0, GW, "p1");
        assertThat(arp.nextDeadlineNs()).isEqualTo(1 * S);
        assertThat(arp.advance(S - 1)).isEqualTo(1 * S);
        wire.take();
        assertThat(arp.advance(1 * S)).isEqualTo(2 * S);
        assertThat(wire.take()).containsExactly("solicit a000001 multicast");
        arp.advance(2 * S);
        assertThat(wire.take()).containsExactly("solicit a000001 multicast");
        assertThat(arp.advance(3 * S)).isEqualTo(6 * S); // failed; held 3 s for inspection
        assertThat(wire.take()).containsExactly("dropped p1 RESOLUTION_FAILED");
        assertThat(arp.stateOf(0, GW)).isEqualTo(FAILED);
        assertThat(arp.counters().multicastSolicits()).isEqualTo(3);
        assertThat(arp.counters().failures()).isEqualTo(1);
        assertThat(arp.advance(6 * S)).isEqualTo(Long.MAX_VALUE);
        assertThat(arp.stateOf(0, GW)).isNull();
    }

    @Test
    void aPacketForAFailedNeighbourStartsOver() {
        arp.resolve(0, 0, GW, "p1");
        arp.advance(1 * S);
        arp.advance(2 * S);
        arp.advance(3 * S);
        wire.take();
        assertThat(arp.resolve(4 * S, 0, GW, "p2")).isEqualTo(NeighbourTable.QUEUED);
        assertThat(wire.take()).containsExactly("solicit a000001 multicast");
        assertThat(arp.stateOf(0, GW)).isEqualTo(INCOMPLETE);
    }

    @Test
    void fullQueueDropsTheOldestPacket() {
        for (int i = 1; i <= 5; i++) {
            arp.resolve(0, 0, GW, "p" + i);
        }
        assertThat(wire.take()).containsExactly("solicit a000001 multicast",
            "dropped p1 QUEUE_OVERFLOW", "dropped p2 QUEUE_OVERFLOW");
        arp.onAdvertisement(1, 0, GW, MAC, true, true);
        assertThat(wire.take()).containsExactly("transmit p3 to 20000000001", "transmit p4 to 20000000001",
            "transmit p5 to 20000000001");
        assertThat(arp.counters().queueDrops()).isEqualTo(2);
    }

    @Test
    void reachableGoesStaleThenDelayThenProbeAndAnAnswerRestoresIt() {
        arp.resolve(0, 0, GW, "p1");
        arp.onAdvertisement(0, 0, GW, MAC, true, true);
        wire.take();
        arp.advance(30 * S);
        assertThat(arp.stateOf(0, GW)).isEqualTo(STALE);
        assertThat(arp.resolve(31 * S, 0, GW, "p2")).isEqualTo(MAC); // a stale address is still used
        assertThat(arp.stateOf(0, GW)).isEqualTo(DELAY);
        assertThat(arp.advance(35 * S)).isEqualTo(36 * S);
        assertThat(wire.take()).isEmpty();
        assertThat(arp.advance(36 * S)).isEqualTo(37 * S);
        assertThat(wire.take()).containsExactly("solicit a000001 to 20000000001");
        assertThat(arp.stateOf(0, GW)).isEqualTo(PROBE);
        assertThat(arp.resolve(36 * S + 1, 0, GW, "p3")).isEqualTo(MAC); // probing does not hold packets back
        arp.onAdvertisement(36 * S + 2, 0, GW, MAC, true, false);
        assertThat(arp.stateOf(0, GW)).isEqualTo(REACHABLE);
        assertThat(arp.advance(37 * S)).isEqualTo(66 * S + 2);
        assertThat(wire.take()).isEmpty();
    }

    @Test
    void upperLayerConfirmationInDelayAvoidsTheProbe() {
        arp.resolve(0, 0, GW, "p1");
        arp.onAdvertisement(0, 0, GW, MAC, true, true);
        arp.advance(30 * S);
        arp.resolve(31 * S, 0, GW, "p2");
        arp.confirm(32 * S, 0, GW); // TCP saw its data acknowledged
        wire.take();
        arp.advance(36 * S);
        assertThat(wire.take()).isEmpty();
        assertThat(arp.stateOf(0, GW)).isEqualTo(REACHABLE);
    }

    @Test
    void probesGiveUpAfterThreeUnicastSolicits() {
        arp.resolve(0, 0, GW, "p1");
        arp.onAdvertisement(0, 0, GW, MAC, true, true);
        arp.advance(30 * S);
        arp.resolve(30 * S, 0, GW, "p2");
        wire.take();
        for (long t = 35; t <= 39; t++) {
            arp.advance(t * S);
        }
        assertThat(wire.take()).containsExactly("solicit a000001 to 20000000001",
            "solicit a000001 to 20000000001", "solicit a000001 to 20000000001");
        assertThat(arp.stateOf(0, GW)).isEqualTo(FAILED);
        assertThat(arp.linkAddressOf(0, GW)).isEqualTo(-1);
    }

    @Test
    void advertisementRulesOfRfc4861() {
        arp.resolve(0, 0, GW, "p1");
        arp.onAdvertisement(0, 0, GW, MAC, true, true);
        // no override, different address: REACHABLE becomes STALE, address kept
        arp.onAdvertisement(1, 0, GW, MAC2, false, false);
        assertThat(arp.stateOf(0, GW)).isEqualTo(STALE);
        assertThat(arp.linkAddressOf(0, GW)).isEqualTo(MAC);
        // override, unsolicited: the new address is taken, STALE
        arp.onAdvertisement(2, 0, GW, MAC2, false, true);
        assertThat(arp.linkAddressOf(0, GW)).isEqualTo(MAC2);
        assertThat(arp.stateOf(0, GW)).isEqualTo(STALE);
        // solicited, same address: REACHABLE
        arp.onAdvertisement(3, 0, GW, MAC2, true, false);
        assertThat(arp.stateOf(0, GW)).isEqualTo(REACHABLE);
        // an advertisement from a stranger creates nothing
        arp.onAdvertisement(4, 0, 0x0A000009L, MAC, false, true);
        assertThat(arp.stateOf(0, 0x0A000009L)).isNull();
        assertThat(arp.counters().linkAddressChanges()).isEqualTo(1);
    }

    @Test
    void aSolicitationTeachesUsTheSendersAddress() {
        arp.onSolicitation(0, 0, GW, MAC);
        assertThat(arp.stateOf(0, GW)).isEqualTo(STALE);
        assertThat(arp.resolve(1, 0, GW, "p1")).isEqualTo(MAC);
        final long other = 0x0A000002L;
        arp.resolve(2, 0, other, "q1");
        wire.take();
        arp.onSolicitation(3, 0, other, MAC2); // its ARP request answers ours
        assertThat(wire.take()).containsExactly("transmit q1 to 20000000002");
        assertThat(arp.stateOf(0, other)).isEqualTo(STALE);
    }

    @Test
    void staleEntriesAreCollected() {
        arp.onSolicitation(0, 0, GW, MAC);
        assertThat(arp.advance(60 * S)).isEqualTo(Long.MAX_VALUE);
        assertThat(arp.size()).isZero();
        assertThat(arp.counters().garbageCollected()).isEqualTo(1);
    }

    @Test
    void staticEntriesIgnoreTheWire() {
        arp.resolve(0, 0, GW, "p1");
        wire.take();
        arp.addStatic(1, 0, GW, MAC);
        assertThat(wire.take()).containsExactly("transmit p1 to 20000000001");
        arp.onAdvertisement(2, 0, GW, MAC2, true, true);
        arp.onSolicitation(3, 0, GW, MAC2);
        arp.advance(1000 * S);
        assertThat(arp.stateOf(0, GW)).isEqualTo(PERMANENT);
        assertThat(arp.resolve(1000 * S, 0, GW, "p2")).isEqualTo(MAC);
    }

    @Test
    void fullTableEvictsStaleEntriesAndRefusesWhenNoneCanGo() {
        final NeighbourConfig small = new NeighbourConfig(30 * S, S, 5 * S, 3, 3, 3, 2, 60 * S, 3 * S);
        final NeighbourTable<String> t = new NeighbourTable<>(small, wire, null);
        t.onSolicitation(0, 0, 1, MAC);
        t.onSolicitation(10, 0, 2, MAC2);
        assertThat(t.resolve(20, 0, 3, "a")).isEqualTo(NeighbourTable.QUEUED);
        assertThat(t.stateOf(0, 1)).isNull(); // the older STALE entry went
        assertThat(t.resolve(30, 0, 4, "b")).isEqualTo(NeighbourTable.QUEUED);
        assertThat(t.resolve(40, 0, 5, "c")).isEqualTo(NeighbourTable.REFUSED);
        assertThat(t.counters().evictions()).isEqualTo(2);
        assertThat(t.counters().tableFull()).isEqualTo(1);
    }

    @Test
    void deleteAndFlushHandBackQueuedPackets() {
        arp.resolve(0, 0, GW, "p1");
        arp.resolve(0, 0, 7, "p2");
        wire.take();
        assertThat(arp.delete(0, GW)).isTrue();
        assertThat(wire.take()).containsExactly("dropped p1 FLUSHED");
        arp.flushAll();
        assertThat(wire.take()).containsExactly("dropped p2 FLUSHED");
        assertThat(arp.size()).isZero();
        assertThat(arp.delete(0, GW)).isFalse();
    }

    @Test
    void ipv6NeighboursUseBothHalvesOfTheAddress() {
        final NeighbourTable<String> nd = new NeighbourTable<>(NeighbourConfig.defaults(), wire, null);
        final long fe80 = 0xFE80_0000_0000_0000L;
        nd.resolve(0, fe80, 1, "a");
        nd.resolve(0, 0x2001_0DB8_0000_0000L, 1, "b");
        wire.take();
        nd.onAdvertisement(1, fe80, 1, MAC, true, true);
        assertThat(wire.take()).containsExactly("transmit a to 20000000001");
        assertThat(nd.stateOf(0x2001_0DB8_0000_0000L, 1)).isEqualTo(INCOMPLETE);
        assertThat(nd.entries()).hasSize(2);
    }

    @Test
    void randomReachableTimeIsWithinHalfAndOneAndAHalfOfTheBase() {
        final NeighbourTable<String> t = new NeighbourTable<>(NeighbourConfig.defaults(), wire, new SimRandom(3));
        for (int i = 0; i < 50; i++) {
            t.onSolicitation(0, 0, i, MAC);
            t.confirm(0, 0, i);
        }
        for (NeighbourView v : t.entries()) {
            assertThat(v.deadlineNs()).isBetween(15 * S, 45 * S - 1);
        }
    }

    @Test
    void lookupsAndTimersAllocateNothing() {
        for (int i = 0; i < 500; i++) {
            arp.onSolicitation(0, 0, i, MAC + i);
            arp.confirm(0, 0, i);
        }
        final long[] now = {0};
        final long bytes = Allocations.bytesAllocatedBy(() -> {
            for (int i = 0; i < 100_000; i++) {
                now[0] += 1_000_000;
                arp.resolve(now[0], 0, i % 500, "p");
                arp.confirm(now[0], 0, i % 500);
                arp.advance(now[0]);
            }
        });
        assertThat(bytes).as("bytes allocated over 100,000 calls: not one object per call").isLessThan(16_384);
    }
}
