package dev.toeless.stack.demux;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The table against java.util.HashMap, over a small key space so that probe runs collide. */
class ConnectionTablePropertyTest {
    enum Op { PUT, GET, REMOVE }

    record Step(Op op, boolean v6, int local, int remote, int remotePort, int value) {
        List<Object> key() {
            return List.of(v6, local, remote, remotePort);
        }
    }

    @Property(tries = 300)
    void behavesLikeAMap(@ForAll("steps") List<Step> steps, @ForAll long seed) {
        final ConnectionTable<Integer> table = new ConnectionTable<>(0, seed);
        final Map<List<Object>, Integer> model = new HashMap<>();
        for (Step s : steps) {
            final Integer value = s.value();
            switch (s.op()) {
                case PUT -> assertThat(s.v6()
                        ? table.putV6(7, s.local(), 80, 9, s.remote(), s.remotePort(), value)
                        : table.putV4(s.local(), 80, s.remote(), s.remotePort(), value))
                        .isEqualTo(model.put(s.key(), value));
                case GET -> assertThat(s.v6()
                        ? table.getV6(7, s.local(), 80, 9, s.remote(), s.remotePort())
                        : table.getV4(s.local(), 80, s.remote(), s.remotePort()))
                        .isEqualTo(model.get(s.key()));
                case REMOVE -> assertThat(s.v6()
                        ? table.removeV6(7, s.local(), 80, 9, s.remote(), s.remotePort())
                        : table.removeV4(s.local(), 80, s.remote(), s.remotePort()))
                        .isEqualTo(model.remove(s.key()));
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (Map.Entry<List<Object>, Integer> e : model.entrySet()) {
            final List<Object> k = e.getKey();
            final Integer got = (Boolean) k.get(0)
                    ? table.getV6(7, (Integer) k.get(1), 80, 9, (Integer) k.get(2), (Integer) k.get(3))
                    : table.getV4((Integer) k.get(1), 80, (Integer) k.get(2), (Integer) k.get(3));
            assertThat(got).isEqualTo(e.getValue());
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        final Arbitrary<Step> step = Combinators.combine(
                Arbitraries.of(Op.class),
                Arbitraries.of(false, false, true),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 30),
                Arbitraries.integers().between(0, 1000)).as(Step::new);
        return step.list().ofMaxSize(600);
    }
}
