package dev.toeless.stack.demux;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionTableTest {
    private static final int SERVER = 0x0A000001;
    private static final int CLIENT = 0x0A000002;
    private static final long NET = 0x2001_0db8_0000_0000L;

    private record Conn(String name) {
    }

    private final ConnectionTable<Conn> table = new ConnectionTable<>(4, 0x5EED);

    @Test
    void putGetRemoveByTuple() {
        final Conn a = new Conn("a");
        assertThat(table.putV4(SERVER, 80, CLIENT, 40_000, a)).isNull();
        assertThat(table.getV4(SERVER, 80, CLIENT, 40_000)).isSameAs(a);
        assertThat(table.size()).isEqualTo(1);
        final Conn b = new Conn("b");
        assertThat(table.putV4(SERVER, 80, CLIENT, 40_000, b)).isSameAs(a);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.removeV4(SERVER, 80, CLIENT, 40_000)).isSameAs(b);
        assertThat(table.getV4(SERVER, 80, CLIENT, 40_000)).isNull();
        assertThat(table.removeV4(SERVER, 80, CLIENT, 40_000)).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void everyFieldIsPartOfTheKey() {
        final Conn base = new Conn("base");
        table.putV4(SERVER, 80, CLIENT, 40_000, base);
        assertThat(table.getV4(SERVER + 1, 80, CLIENT, 40_000)).isNull();
        assertThat(table.getV4(SERVER, 81, CLIENT, 40_000)).isNull();
        assertThat(table.getV4(SERVER, 80, CLIENT + 1, 40_000)).isNull();
        assertThat(table.getV4(SERVER, 80, CLIENT, 40_001)).isNull();
        assertThat(table.getV4(CLIENT, 40_000, SERVER, 80)).isNull();   // the reverse direction
        assertThat(table.getV4(SERVER, 40_000, CLIENT, 80)).isNull();   // ports swapped
        table.putV6(NET, 1, 80, NET, 2, 40_000, new Conn("v6"));
        assertThat(table.getV6(NET, 1, 80, NET, 2, 40_000)).isEqualTo(new Conn("v6"));
        assertThat(table.getV6(NET, 1, 80, NET, 3, 40_000)).isNull();
        assertThat(table.getV6(NET + 1, 1, 80, NET, 2, 40_000)).isNull();
        assertThat(table.getV6(NET, 2, 80, NET, 1, 40_000)).isNull();
        assertThat(table.getV6(NET, 1, 80, NET, 2, 40_001)).isNull();
        assertThat(table.getV6(0, SERVER, 80, 0, CLIENT, 40_000)).isNull();
        assertThat(table.sizeV4()).isEqualTo(1);
        assertThat(table.sizeV6()).isEqualTo(1);
    }

    @Test
    void portsAreSixteenBits() {
        final Conn c = new Conn("c");
        table.putV4(SERVER, 65_535, CLIENT, 65_535, c);
        assertThat(table.getV4(SERVER, 65_535, CLIENT, 65_535)).isSameAs(c);
        assertThat(table.getV4(SERVER, 65_535, CLIENT, 65_534)).isNull();
    }

    @Test
    void collidingKeysInAFullProbeRunSurviveRemovalInAnyOrder() {
        // 16 slots, 10 entries: long probe runs and wrap-around at the end of the array.
        final ConnectionTable<Conn> small = new ConnectionTable<>(0, 1);
        final List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            conns.add(new Conn("c" + i));
            small.putV4(SERVER, 80, CLIENT, 1000 + i, conns.get(i));
        }
        for (int removed = 0; removed < 10; removed += 3) {
            assertThat(small.removeV4(SERVER, 80, CLIENT, 1000 + removed)).isSameAs(conns.get(removed));
            for (int i = 0; i < 10; i++) {
                final boolean gone = i % 3 == 0 && i <= removed;
                assertThat(small.getV4(SERVER, 80, CLIENT, 1000 + i)).isEqualTo(gone ? null : conns.get(i));
            }
        }
    }

    @Test
    void tableGrowsPastItsExpectedSize() {
        for (int i = 0; i < 10_000; i++) {
            table.putV4(SERVER, 80, i, i & 0xFFFF, new Conn("x"));
            table.putV6(NET, 1, 443, NET, i, 1, new Conn("y"));
        }
        assertThat(table.size()).isEqualTo(20_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(table.getV4(SERVER, 80, i, i & 0xFFFF)).isNotNull();
            assertThat(table.getV6(NET, 1, 443, NET, i, 1)).isNotNull();
        }
        final int[] visited = {0};
        table.forEach(c -> visited[0]++);
        assertThat(visited[0]).isEqualTo(20_000);
    }

    @Test
    void nullConnectionsAreRefused() {
        assertThatThrownBy(() -> table.putV4(SERVER, 80, CLIENT, 1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void capacityIsAPowerOfTwoAboveTheLoadLimit() {
        assertThat(DemuxHashing.capacityFor(0)).isEqualTo(16);
        assertThat(DemuxHashing.capacityFor(10)).isEqualTo(32);
        assertThat(DemuxHashing.capacityFor(1_000_000)).isEqualTo(1 << 21);
        assertThat(DemuxHashing.resizeAt(1 << 21)).isEqualTo(1_310_720);
    }

    @Test
    void probeRunRuleHandlesWrapAround() {
        // hole 14, entry in slot 1 (wrapped) whose home is 15: home in (14, 1] cyclically, so it stays.
        assertThat(DemuxHashing.stays(14, 1, 15)).isTrue();
        assertThat(DemuxHashing.stays(14, 1, 14)).isFalse();
        assertThat(DemuxHashing.stays(3, 5, 4)).isTrue();
        assertThat(DemuxHashing.stays(3, 5, 2)).isFalse();
        assertThat(DemuxHashing.stays(3, 5, 6)).isFalse();
    }
}
