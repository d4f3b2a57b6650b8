package dev.toeless.stack.route;

import dev.toeless.stack.filter.Prefix;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A small routing table for both families: longest-prefix match, then lowest metric. Routes are
 * kept per family in one array ordered by prefix length (longest first) and metric, so a lookup is
 * a scan that stops at the first route containing the destination; that is the right trade for
 * the handful of routes a host has. Changes build a new array; lookups allocate nothing.
 *
 * <p>It also keeps a {@link PathMtuCache} per family, and answers the MTU a packet to a
 * destination may use now: the route's MTU, lowered by what ICMP reported for that destination.
 * One owner, one thread.
 */
public final class RouteTable {
    private static final Comparator<Route> ORDER = Comparator
        .comparingInt((Route r) -> -r.destination().length())
        .thenComparingInt(Route::metric);

    private Route[] v4 = new Route[0];
    private Route[] v6 = new Route[0];
    private final PathMtuCache pmtu4;
    private final PathMtuCache pmtu6;

    /** A table with the given path-MTU caches. */
    public RouteTable(PathMtuCache pmtuV4, PathMtuCache pmtuV6) {
        if (pmtuV4.family() != 4 || pmtuV6.family() != 6) {
            throw new IllegalArgumentException("path-MTU caches must be for IPv4 and IPv6, in that order");
        }
        this.pmtu4 = pmtuV4;
        this.pmtu6 = pmtuV6;
    }

    /** A table with RFC-default path-MTU caches (10 minutes expiry, 1024 destinations each). */
    public static RouteTable withDefaults() {
        return new RouteTable(PathMtuCache.v4(), PathMtuCache.v6());
    }

    /** Adds a route, replacing one with the same prefix and metric. */
    public void add(Route route) {
        final int family = route.destination().family();
        final Route[] old = family == 4 ? v4 : v6;
        final Route[] fresh = Arrays.copyOf(old, old.length + 1);
        int n = 0;
        for (Route r : old) {
            if (!(r.destination().equals(route.destination()) && r.metric() == route.metric())) {
                fresh[n++] = r;
            }
        }
        fresh[n++] = route;
        final Route[] sorted = Arrays.copyOf(fresh, n);
        Arrays.sort(sorted, ORDER);
        if (family == 4) {
            v4 = sorted;
        } else {
            v6 = sorted;
        }
    }

    /** Removes every route for {@code destination}; returns how many there were. */
    public int remove(Prefix destination) {
        final Route[] old = destination.family() == 4 ? v4 : v6;
        final Route[] kept = Arrays.stream(old).filter(r -> !r.destination().equals(destination)).toArray(Route[]::new);
        if (destination.family() == 4) {
            v4 = kept;
        } else {
            v6 = kept;
        }
        return old.length - kept.length;
    }

    /** The best route to an IPv4 destination, or null when there is none (no default route). */
    public Route lookupV4(int destination) {
        final long lo = destination & 0xFFFF_FFFFL;
        for (Route r : v4) {
            final Prefix p = r.destination();
            if ((lo & p.maskLo()) == p.lo()) {
                return r;
            }
        }
        return null;
    }

    /** The best route to an IPv6 destination, or null. */
    public Route lookupV6(long hi, long lo) {
        for (Route r : v6) {
            final Prefix p = r.destination();
            if ((hi & p.maskHi()) == p.hi() && (lo & p.maskLo()) == p.lo()) {
                return r;
            }
        }
        return null;
    }

    /** The MTU for a packet to {@code destination} now; 0 when there is no route. */
    public int mtuV4(long nowNs, int destination) {
        final Route r = lookupV4(destination);
        return r == null ? 0 : mtuV4(nowNs, r, destination);
    }

    /** The MTU for a packet to {@code destination} now, through {@code route} (its {@link #lookupV4}). */
    public int mtuV4(long nowNs, Route route, int destination) {
        return pmtu4.pathMtu(nowNs, 0, destination & 0xFFFF_FFFFL, route.mtuBytes());
    }

    /** The MTU for a packet to {@code (hi, lo)} now; 0 when there is no route. */
    public int mtuV6(long nowNs, long hi, long lo) {
        final Route r = lookupV6(hi, lo);
        return r == null ? 0 : mtuV6(nowNs, r, hi, lo);
    }

    /** The MTU for a packet to {@code (hi, lo)} now, through {@code route} (its {@link #lookupV6}). */
    public int mtuV6(long nowNs, Route route, long hi, long lo) {
        return pmtu6.pathMtu(nowNs, hi, lo, route.mtuBytes());
    }

    /**
     * ICMP "fragmentation needed" (type 3 code 4) about a packet to {@code destination}; see
     * {@link PathMtuCache#onTooBig}. Returns the MTU to use from now on (0 without a route).
     */
    public int onFragmentationNeeded(long nowNs, int destination, int nextHopMtu, int originalLengthBytes) {
        final Route r = lookupV4(destination);
        if (r == null) {
            return 0;
        }
        return pmtu4.onTooBig(nowNs, 0, destination & 0xFFFF_FFFFL, nextHopMtu, originalLengthBytes, r.mtuBytes());
    }

    /** ICMPv6 "packet too big" about a packet to {@code (hi, lo)}. Returns the MTU to use from now on. */
    public int onPacketTooBig(long nowNs, long hi, long lo, int mtu) {
        final Route r = lookupV6(hi, lo);
        if (r == null) {
            return 0;
        }
        return pmtu6.onTooBig(nowNs, hi, lo, mtu, 0, r.mtuBytes());
    }

    /** The routes of one family in lookup order. */
    public List<Route> routes(int family) {
        return List.of(family == 4 ? v4 : v6);
    }

    public PathMtuCache pathMtuV4() {
        return pmtu4;
    }

    public PathMtuCache pathMtuV6() {
        return pmtu6;
    }
}
