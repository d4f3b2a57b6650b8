package dev.toeless.stack.tcp.isn;

import dev.toeless.nic.sim.SimRandom;

/**
 * Initial sequence numbers per RFC 6528: {@code ISN = M + F(localip, localport, remoteip,
 * remoteport, secretkey)}, where {@code M} is a timer ticking every 4 microseconds of virtual time
 * ({@code nowNs}) and {@code F} is SipHash-2-4 of the 4-tuple under a 128-bit secret drawn once from
 * the simulation's seeded random source. Consecutive connections of one 4-tuple therefore get
 * increasing ISNs (as RFC 9293's TIME_WAIT reuse rules need), while another tuple's ISNs cannot be
 * guessed from them.
 *
 * <p>IPv4 addresses are {@code int}s, IPv6 addresses two {@code long}s (most significant first);
 * ports are the low 16 bits of an {@code int}. One instance per host; single-threaded; no
 * allocation per call.
 */
public final class IsnGenerator {
    /** RFC 6528 (and RFC 793) timer granularity. */
    public static final long TICK_NS = 4_000L;

    private final long k0;
    private final long k1;
    private final SipHash24 sip = new SipHash24();

    /** Draws the secret key from {@code random} (pass a stream of its own, e.g. {@code fork("isn")}). */
    public IsnGenerator(SimRandom random) {
        this.k0 = random.nextLong();
        this.k1 = random.nextLong();
    }

    /** The ISN for an IPv4 connection opened at {@code nowNs}. */
    public int isnV4(long nowNs, int localIp, int localPort, int remoteIp, int remotePort) {
        return timer(nowNs) + (int) sip.tupleV4(k0, k1, localIp, localPort, remoteIp, remotePort, 0);
    }

    /** The ISN for an IPv6 connection opened at {@code nowNs}. */
    public int isnV6(long nowNs, long localHi, long localLo, int localPort,
                     long remoteHi, long remoteLo, int remotePort) {
        return timer(nowNs)
                + (int) sip.tupleV6(k0, k1, localHi, localLo, localPort, remoteHi, remoteLo, remotePort, 0);
    }

    /** M: the 4-microsecond timer, modulo 2^32. */
    static int timer(long nowNs) {
        return (int) Math.floorDiv(nowNs, TICK_NS);
    }
}
