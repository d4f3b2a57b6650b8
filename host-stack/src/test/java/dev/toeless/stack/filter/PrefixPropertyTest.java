package dev.toeless.stack.filter;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PrefixPropertyTest {

    /** IPv4 prefix matching agrees with comparing the first n bits one by one. */
    @Property(tries = 2000)
    void v4MatchesTheBitwiseReference(@ForAll int net, @ForAll int address, @ForAll @IntRange(max = 32) int length,
                                      @ForAll @IntRange(max = 32) int sharedBits) {
        final int candidate = sharedBits == 32 ? net : (net & ~(-1 >>> sharedBits)) | (address & (-1 >>> sharedBits));
        final Prefix p = Prefix.v4(net, length);
        boolean reference = true;
        for (int bit = 0; bit < length; bit++) {
            reference &= ((net >>> (31 - bit)) & 1) == ((candidate >>> (31 - bit)) & 1);
        }
        assertThat(p.containsV4(candidate)).isEqualTo(reference);
        assertThat(Prefix.parse(p.toString())).isEqualTo(p);
    }

    /** IPv6 prefix matching agrees with a BigInteger shift. */
    @Property(tries = 2000)
    void v6MatchesTheBigIntegerReference(@ForAll long netHi, @ForAll long netLo, @ForAll long aHi, @ForAll long aLo,
                                         @ForAll @IntRange(max = 128) int length,
                                         @ForAll @IntRange(max = 128) int sharedBits) {
        final BigInteger net = unsigned128(netHi, netLo);
        final BigInteger noise = unsigned128(aHi, aLo);
        final BigInteger low = BigInteger.ONE.shiftLeft(128 - sharedBits).subtract(BigInteger.ONE);
        final BigInteger candidate = net.andNot(low).or(noise.and(low));
        final long cHi = candidate.shiftRight(64).longValue();
        final long cLo = candidate.longValue();
        final Prefix p = Prefix.v6(netHi, netLo, length);
        final boolean reference = net.shiftRight(128 - length).equals(candidate.shiftRight(128 - length));
        assertThat(p.containsV6(cHi, cLo)).isEqualTo(reference);
        assertThat(Prefix.parse(p.toString())).isEqualTo(p);
    }

    /** A rule built from random matches, printed and parsed back, is the same rule. */
    @Property(tries = 1000)
    void specTextRoundTrips(@ForAll("specs") RuleSpec spec) {
        assertThat(RuleParser.parseSpec(spec.toString())).isEqualTo(spec);
    }

    @Provide
    Arbitrary<RuleSpec> specs() {
        final Arbitrary<Integer> family = Arbitraries.of(0, 4, 6);
        final Arbitrary<Integer> proto = Arbitraries.of(-1, 6, 17, 1, 58, 132);
        final Arbitrary<int[]> ports = Arbitraries.integers().between(0, 65535).array(int[].class).ofSize(4);
        final Arbitrary<Integer> flags = Arbitraries.integers().between(0, 255);
        final Arbitrary<Long> bits = Arbitraries.longs();
        final Arbitrary<Integer> misc = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Combinators.combine(family, proto, ports, flags, bits, bits, misc).as(PrefixPropertyTest::spec);
    }

    private static RuleSpec spec(int family, int protocol, int[] ports, int flags, long hi, long lo, int misc) {
        Prefix src = null;
        Prefix dst = null;
        if (family == 4) {
            src = (misc & 1) != 0 ? Prefix.v4((int) lo, (misc >>> 1) % 33) : null;
            dst = (misc & 2) != 0 ? Prefix.v4((int) hi, (misc >>> 3) % 33) : null;
        } else if (family == 6) {
            src = (misc & 1) != 0 ? Prefix.v6(hi, lo, (misc >>> 1) % 129) : null;
            dst = (misc & 2) != 0 ? Prefix.v6(lo, hi, (misc >>> 3) % 129) : null;
        }
        final boolean l4 = protocol == 6 || protocol == 17;
        final boolean usePorts = l4 && (misc & 4) != 0;
        final boolean negProto = !usePorts && (misc & 8) != 0 && protocol != -1;
        final int mask = protocol == 6 && !negProto ? flags : 0;
        final int value = mask & (int) lo;
        final int sMin = usePorts ? Math.min(ports[0], ports[1]) : -1;
        final int sMax = usePorts ? Math.max(ports[0], ports[1]) : -1;
        final int dMin = usePorts ? Math.min(ports[2], ports[3]) : -1;
        final int dMax = usePorts ? Math.max(ports[2], ports[3]) : -1;
        final RateLimit limit = (misc & 16) != 0
            ? new RateLimit(1 + misc % 1000, RateLimit.Unit.values()[misc % 4], 1 + misc % 50) : null;
        final double probability = (misc & 32) != 0 ? ((misc % 999) + 1) / 1000.0 : 1.0;
        final Target target = Target.values()[(misc >>> 6) % 3];
        final RejectWith with = target != Target.REJECT ? null
            : protocol == 6 && !negProto ? RejectWith.TCP_RESET : RejectWith.ICMP_ADMIN_PROHIBITED;
        return new RuleSpec(family, src, (misc & 256) != 0 && src != null, dst, (misc & 512) != 0 && dst != null,
            protocol, negProto, sMin, sMax, (misc & 1024) != 0 && usePorts, dMin, dMax, (misc & 2048) != 0 && usePorts,
            mask, value, (misc & 4096) != 0 && mask != 0, icmp(protocol, negProto, misc),
            (misc & 8192) != 0 ? new LengthMatch(misc % 1000, 1000 + misc % 60000, (misc & 16384) != 0) : null,
            limit, probability, target, with);
    }

    private static IcmpMatch icmp(int protocol, boolean negProto, int misc) {
        if (negProto || protocol != 1 && protocol != 58 || (misc & 32768) == 0) {
            return null;
        }
        return new IcmpMatch(misc % 256, (misc & 65536) != 0 ? (misc >>> 8) % 256 : -1, (misc & 131072) != 0);
    }

    private static BigInteger unsigned128(long hi, long lo) {
        return new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(hi).putLong(lo).array());
    }
}
