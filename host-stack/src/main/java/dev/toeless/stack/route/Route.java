package dev.toeless.stack.route;

import dev.toeless.stack.filter.Prefix;

/**
 * One route: packets to {@code destination} leave through interface {@code interfaceIndex}, either
 * straight to the destination (on-link) or through a gateway, with at most {@code mtuBytes} per
 * packet. Among routes of equal prefix length the lower {@code metric} wins.
 *
 * @param destination the prefix this route covers
 * @param onLink      true when the destination itself is the next hop
 * @param gatewayHi   the gateway's upper 64 bits (IPv6), 0 for IPv4 or on-link
 * @param gatewayLo   the gateway's lower 64 bits, or the unsigned IPv4 gateway; 0 on-link
 * @param mtuBytes    the link MTU along this route
 * @param metric      preference among equal prefixes, lower first
 * @param interfaceIndex the outgoing interface
 */
public record Route(Prefix destination, boolean onLink, long gatewayHi, long gatewayLo, int mtuBytes, int metric,
                    int interfaceIndex) {
    public Route {
        if (destination == null) {
            throw new IllegalArgumentException("a route needs a destination prefix");
        }
        final int minMtu = destination.family() == 4 ? 68 : 1280;
        if (mtuBytes < minMtu) {
            throw new IllegalArgumentException("MTU " + mtuBytes + " below the IPv" + destination.family()
                + " minimum of " + minMtu);
        }
        if (onLink && (gatewayHi != 0 || gatewayLo != 0)) {
            throw new IllegalArgumentException("an on-link route has no gateway");
        }
        if (destination.family() == 4 && (gatewayHi != 0 || (gatewayLo >>> 32) != 0)) {
            throw new IllegalArgumentException("an IPv4 gateway is 32 bits");
        }
    }

    /** A route to hosts on the attached link. */
    public static Route onLink(Prefix destination, int mtuBytes, int interfaceIndex) {
        return new Route(destination, true, 0, 0, mtuBytes, 0, interfaceIndex);
    }

    /** A route through an IPv4 gateway. */
    public static Route viaV4(Prefix destination, int gateway, int mtuBytes, int interfaceIndex) {
        return new Route(destination, false, 0, gateway & 0xFFFF_FFFFL, mtuBytes, 0, interfaceIndex);
    }

    /** A route through an IPv6 gateway. */
    public static Route viaV6(Prefix destination, long gatewayHi, long gatewayLo, int mtuBytes, int interfaceIndex) {
        return new Route(destination, false, gatewayHi, gatewayLo, mtuBytes, 0, interfaceIndex);
    }

    /** The same route with another metric. */
    public Route withMetric(int newMetric) {
        return new Route(destination, onLink, gatewayHi, gatewayLo, mtuBytes, newMetric, interfaceIndex);
    }

    /** The next hop's upper 64 bits for a packet to {@code (dstHi, dstLo)}. */
    public long nextHopHi(long dstHi) {
        return onLink ? dstHi : gatewayHi;
    }

    /** The next hop's lower 64 bits (the IPv4 next hop, unsigned) for a packet to {@code dstLo}. */
    public long nextHopLo(long dstLo) {
        return onLink ? dstLo : gatewayLo;
    }
}
