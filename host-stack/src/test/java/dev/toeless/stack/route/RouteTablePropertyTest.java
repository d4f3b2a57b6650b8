package dev.toeless.stack.route;

import dev.toeless.stack.filter.Prefix;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTablePropertyTest {

    /** Lookups agree with a reference that checks every route and keeps the longest, then lowest metric. */
    @Property(tries = 300)
    void lookupIsLongestPrefixMatch(@ForAll long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final RouteTable table = RouteTable.withDefaults();
        final List<Route> routes = new ArrayList<>();
        final int base = r.nextInt();
        for (int i = 0; i < 1 + r.nextInt(20); i++) {
            final Route route = Route.onLink(Prefix.v4(base ^ r.nextInt(1 << 16) << 16, r.nextInt(33)), 1500, i)
                .withMetric(r.nextInt(3));
            table.add(route);
            routes.removeIf(x -> x.destination().equals(route.destination()) && x.metric() == route.metric());
            routes.add(route);
        }
        for (int i = 0; i < 200; i++) {
            final int dst = base ^ r.nextInt(1 << 20) << 12 ^ r.nextInt();
            Route best = null;
            for (Route route : routes) {
                if (route.destination().containsV4(dst) && (best == null
                    || route.destination().length() > best.destination().length()
                    || route.destination().length() == best.destination().length() && route.metric() < best.metric())) {
                    best = route;
                }
            }
            assertThat(table.lookupV4(dst)).isEqualTo(best);
        }
    }

    /** The cache agrees with a plain list of (key, mtu, expiry) through random reports and expiries. */
    @Property(tries = 200)
    void pathMtuCacheNeverRaisesAndForgetsOnTime(@ForAll long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final PathMtuCache cache = new PathMtuCache(6, 1000, 1280, 64);
        final long[] learned = new long[40];
        final long[] expires = new long[40];
        long now = 0;
        for (int step = 0; step < 2000; step++) {
            now += r.nextInt(20);
            final int key = r.nextInt(40);
            final int routeMtu = 9000;
            if (expires[key] - now <= 0) {
                learned[key] = 0;
            }
            final int expected = learned[key] == 0 ? routeMtu : (int) learned[key];
            if (r.nextBoolean()) {
                assertThat(cache.pathMtu(now, 7, key, routeMtu)).isEqualTo(expected);
            } else {
                final int reported = 1000 + r.nextInt(9000);
                final int got = cache.onTooBig(now, 7, key, reported, 0, routeMtu);
                final int proposed = Math.max(1280, reported);
                if (proposed < expected) {
                    learned[key] = proposed;
                    expires[key] = now + 1000;
                    assertThat(got).isEqualTo(proposed);
                } else {
                    assertThat(got).isEqualTo(expected);
                }
            }
        }
    }
}
