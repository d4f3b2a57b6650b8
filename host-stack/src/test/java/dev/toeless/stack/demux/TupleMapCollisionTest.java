package dev.toeless.stack.demux;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Tuples that hash to the same home slot are told apart by their full keys, IPv4 and IPv6 alike. */
class TupleMapCollisionTest {
    private static final int SERVER = 0x0A000001;
    private static final long SERVER_HI = 0x2001_0DB8_0000_0000L;

    @Test
    void ipv4TuplesWithTheSameHomeSlotCoexistAndLeaveInAnyOrder() {
        final TupleMap<String> map = new TupleMap<>(TupleMap.V4_WIDTH, 0, 77);
        collideThenRemoveFromTheMiddleAndTheHead(map, port -> map.v4(SERVER, 80, 1, port));
    }

    @Test
    void ipv6TuplesWithTheSameHomeSlotCoexistAndLeaveInAnyOrder() {
        final TupleMap<String> map = new TupleMap<>(TupleMap.V6_WIDTH, 0, 77);
        collideThenRemoveFromTheMiddleAndTheHead(map, port -> map.v6(SERVER_HI, 1, 80, SERVER_HI, 2, port));
    }

    /** {@code keyFor} writes the tuple with the given remote port into the map's key. */
    private static void collideThenRemoveFromTheMiddleAndTheHead(TupleMap<String> map, IntConsumer keyFor) {
        final List<Integer> colliding = new ArrayList<>();
        keyFor.accept(1);
        final int target = map.home();
        for (int port = 1; colliding.size() < 5 && port < 65_536; port++) {
            keyFor.accept(port);
            if (map.home() == target) {
                colliding.add(port);
            }
        }
        assertThat(colliding).hasSize(5);
        for (int port : colliding) {
            keyFor.accept(port);
            assertThat(map.put("c" + port)).isNull();
        }
        for (int port : colliding) {
            keyFor.accept(port);
            assertThat(map.get()).isEqualTo("c" + port);
        }
        // Remove from the middle of the run, then the head, then check the rest moved back correctly.
        keyFor.accept(colliding.get(2));
        assertThat(map.remove()).isEqualTo("c" + colliding.get(2));
        keyFor.accept(colliding.get(0));
        assertThat(map.remove()).isEqualTo("c" + colliding.get(0));
        for (int i : new int[] {1, 3, 4}) {
            final int port = colliding.get(i);
            keyFor.accept(port);
            assertThat(map.get()).isEqualTo("c" + port);
        }
        keyFor.accept(colliding.get(0));
        assertThat(map.get()).isNull();
        keyFor.accept(colliding.get(2));
        assertThat(map.get()).isNull();
        assertThat(map.size()).isEqualTo(3);
    }
}
