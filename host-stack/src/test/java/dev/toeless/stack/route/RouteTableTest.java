package dev.toeless.stack.route;

import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.qdisc.Allocations;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {
    private static final long MIN = 60_000_000_000L;
    private static final int GW = Prefix.parseV4("192.168.1.254");

    private final RouteTable table = RouteTable.withDefaults();

    private static int ip(String text) {
        return Prefix.parseV4(text);
    }

    @Test
    void longestPrefixWinsThenTheLowestMetric() {
        table.add(Route.viaV4(Prefix.parse("0.0.0.0/0"), GW, 1500, 1));
        table.add(Route.onLink(Prefix.parse("192.168.1.0/24"), 1500, 1));
        table.add(Route.viaV4(Prefix.parse("10.0.0.0/8"), ip("192.168.1.2"), 9000, 1).withMetric(100));
        table.add(Route.viaV4(Prefix.parse("10.0.0.0/8"), ip("192.168.1.3"), 1400, 1).withMetric(10));
        assertThat(table.lookupV4(ip("8.8.8.8")).nextHopLo(ip("8.8.8.8") & 0xFFFF_FFFFL)).isEqualTo(GW & 0xFFFF_FFFFL);
        final Route local = table.lookupV4(ip("192.168.1.9"));
        assertThat(local.onLink()).isTrue();
        assertThat(local.nextHopLo(ip("192.168.1.9") & 0xFFFF_FFFFL)).isEqualTo(ip("192.168.1.9") & 0xFFFF_FFFFL);
        assertThat(table.lookupV4(ip("10.1.2.3")).gatewayLo()).isEqualTo(ip("192.168.1.3") & 0xFFFF_FFFFL);
        assertThat(table.mtuV4(0, ip("10.1.2.3"))).isEqualTo(1400);
        assertThat(table.remove(Prefix.parse("10.0.0.0/8"))).isEqualTo(2);
        assertThat(table.lookupV4(ip("10.1.2.3")).destination().length()).isZero();
        table.remove(Prefix.parse("0.0.0.0/0"));
        assertThat(table.lookupV4(ip("8.8.8.8"))).isNull();
        assertThat(table.mtuV4(0, ip("8.8.8.8"))).isZero();
    }

    @Test
    void addingTheSamePrefixAndMetricReplaces() {
        table.add(Route.onLink(Prefix.parse("192.168.1.0/24"), 1500, 1));
        table.add(Route.onLink(Prefix.parse("192.168.1.0/24"), 9000, 2));
        assertThat(table.routes(4)).hasSize(1);
        assertThat(table.lookupV4(ip("192.168.1.1")).interfaceIndex()).isEqualTo(2);
    }

    @Test
    void ipv6Routes() {
        final Prefix all = Prefix.parse("::/0");
        final Prefix site = Prefix.parse("2001:db8::/32");
        final Prefix host = Prefix.parse("2001:db8::1:0:0:5/128");
        table.add(Route.viaV6(all, 0xFE80_0000_0000_0000L, 1, 1500, 1));
        table.add(Route.onLink(site, 9000, 1));
        table.add(Route.onLink(host, 1280, 2));
        assertThat(table.lookupV6(0x2001_0DB8_0000_0000L, 0x0001_0000_0000_0005L).interfaceIndex()).isEqualTo(2);
        assertThat(table.lookupV6(0x2001_0DB8_0000_0000L, 0x0001_0000_0000_0006L).destination()).isEqualTo(site);
        final Route def = table.lookupV6(0x2A00_0000_0000_0000L, 1);
        assertThat(def.nextHopHi(0x2A00_0000_0000_0000L)).isEqualTo(0xFE80_0000_0000_0000L);
        assertThat(table.mtuV6(0, 0x2001_0DB8_0000_0000L, 9)).isEqualTo(9000);
    }

    @Test
    void fragmentationNeededLowersThePathMtuUntilItExpires() {
        table.add(Route.viaV4(Prefix.parse("0.0.0.0/0"), GW, 1500, 1));
        final int dst = ip("203.0.113.5");
        assertThat(table.onFragmentationNeeded(0, dst, 1400, 1500)).isEqualTo(1400);
        assertThat(table.mtuV4(1, dst)).isEqualTo(1400);
        assertThat(table.mtuV4(1, ip("203.0.113.6"))).isEqualTo(1500); // per destination
        assertThat(table.onFragmentationNeeded(2, dst, 1450, 1400)).isEqualTo(1400); // never raised by ICMP
        assertThat(table.pathMtuV4().ignored()).isEqualTo(1);
        assertThat(table.mtuV4(10 * MIN - 1, dst)).isEqualTo(1400);
        assertThat(table.mtuV4(10 * MIN, dst)).isEqualTo(1500);
        assertThat(table.pathMtuV4().expired()).isEqualTo(1);
    }

    @Test
    void oldRoutersReportZeroAndGetAPlateauGuess() {
        table.add(Route.viaV4(Prefix.parse("0.0.0.0/0"), GW, 1500, 1));
        final int dst = ip("203.0.113.5");
        assertThat(table.onFragmentationNeeded(0, dst, 0, 1500)).isEqualTo(1492);
        assertThat(table.onFragmentationNeeded(1, dst, 0, 1492)).isEqualTo(1006);
        assertThat(table.onFragmentationNeeded(2, dst, 0, 1006)).isEqualTo(552); // 508 is below the floor
        assertThat(table.pathMtuV4().plateauGuesses()).isEqualTo(3);
        assertThat(table.pathMtuV4().clamped()).isEqualTo(1);
    }

    @Test
    void packetTooBigNeverGoesBelow1280() {
        table.add(Route.onLink(Prefix.parse("::/0"), 1500, 1));
        assertThat(table.onPacketTooBig(0, 0x2001_0DB8_0000_0000L, 1, 1000)).isEqualTo(1280);
        assertThat(table.mtuV6(1, 0x2001_0DB8_0000_0000L, 1)).isEqualTo(1280);
        assertThat(table.pathMtuV6().clamped()).isEqualTo(1);
    }

    @Test
    void aFullCacheForgetsTheEstimateClosestToExpiry() {
        final PathMtuCache cache = new PathMtuCache(4, 10 * MIN, 552, 2);
        cache.onTooBig(0, 0, 1, 1400, 1500, 1500);
        cache.onTooBig(5, 0, 2, 1300, 1500, 1500);
        cache.onTooBig(9, 0, 3, 1200, 1500, 1500);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.pathMtu(10, 0, 1, 1500)).isEqualTo(1500);
        assertThat(cache.pathMtu(10, 0, 2, 1500)).isEqualTo(1300);
        assertThat(cache.pathMtu(10, 0, 3, 1500)).isEqualTo(1200);
        assertThat(cache.evicted()).isEqualTo(1);
    }

    @Test
    void routesRefuseNonsense() {
        assertThatThrownBy(() -> Route.onLink(Prefix.parse("::/0"), 1000, 1)).hasMessageContaining("minimum of 1280");
        assertThatThrownBy(() -> new Route(Prefix.parse("10.0.0.0/8"), true, 0, 5, 1500, 0, 1))
            .hasMessageContaining("no gateway");
        assertThatThrownBy(() -> new RouteTable(PathMtuCache.v6(), PathMtuCache.v4()))
            .hasMessageContaining("in that order");
    }

    @Test
    void lookupsAllocateNothing() {
        table.add(Route.viaV4(Prefix.parse("0.0.0.0/0"), GW, 1500, 1));
        table.add(Route.onLink(Prefix.parse("192.168.1.0/24"), 1500, 1));
        table.add(Route.onLink(Prefix.parse("::/0"), 1500, 1));
        table.onFragmentationNeeded(0, ip("203.0.113.5"), 1400, 1500);
        final int far = ip("203.0.113.5");
        final int near = ip("192.168.1.1");
        final long bytes = Allocations.bytesAllocatedBy(() -> {
            for (int i = 0; i < 100_000; i++) {
                table.mtuV4(i, far + (i & 7));
                table.lookupV4(near + (i & 0xFF));
                table.mtuV6(i, i, i);
            }
        });
        assertThat(bytes).as("bytes allocated over 100,000 calls: not one object per call").isLessThan(16_384);
    }
}
