package dev.toeless.stack.demux;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tuples that hash to the same home slot are told apart by their full keys. */
class V4MapCollisionTest {
    private static final int SERVER = 0x0A000001;

    @Test
    void tuplesWithTheSameHomeSlotCoexistAndLeaveInAnyOrder() {
        final V4Map<String> map = new V4Map<>(0, 77);
        final List<Integer> colliding = new ArrayList<>();
        final int target = map.home(V4Map.addrs(SERVER, 1), V4Map.ports(80, 1));
        for (int port = 1; colliding.size() < 5 && port < 65_536; port++) {
            if (map.home(V4Map.addrs(SERVER, 1), V4Map.ports(80, port)) == target) {
                colliding.add(port);
            }
        }
        assertThat(colliding).hasSize(5);
        for (int port : colliding) {
            assertThat(map.put(V4Map.addrs(SERVER, 1), V4Map.ports(80, port), "c" + port)).isNull();
        }
        for (int port : colliding) {
            assertThat(map.get(V4Map.addrs(SERVER, 1), V4Map.ports(80, port))).isEqualTo("c" + port);
        }
        // Remove from the middle of the run, then the head, then check the rest moved back correctly.
        assertThat(map.remove(V4Map.addrs(SERVER, 1), V4Map.ports(80, colliding.get(2)))).isEqualTo("c" + colliding.get(2));
        assertThat(map.remove(V4Map.addrs(SERVER, 1), V4Map.ports(80, colliding.get(0)))).isEqualTo("c" + colliding.get(0));
        for (int i : new int[] {1, 3, 4}) {
            final int port = colliding.get(i);
            assertThat(map.get(V4Map.addrs(SERVER, 1), V4Map.ports(80, port))).isEqualTo("c" + port);
        }
        assertThat(map.get(V4Map.addrs(SERVER, 1), V4Map.ports(80, colliding.get(0)))).isNull();
        assertThat(map.get(V4Map.addrs(SERVER, 1), V4Map.ports(80, colliding.get(2)))).isNull();
        assertThat(map.size()).isEqualTo(3);
    }
}
