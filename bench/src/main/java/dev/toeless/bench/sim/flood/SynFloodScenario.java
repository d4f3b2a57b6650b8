package dev.toeless.bench.sim.flood;

/**
 * What one SYN-flood run is made of. Legitimate clients open connections at
 * {@code legitPerSecond} (exponential gaps), each a handshake, a {@code requestBytes} request, a
 * {@code responseBytes} response and a close, and count as succeeded when the whole response has
 * arrived within {@code clientTimeoutNs} of the connect. For {@code attackNs} of virtual time an
 * attacker beside them sends SYNs from random spoofed addresses and ports at
 * {@code floodFactor} times that rate and never answers. The server listens with a SYN backlog of
 * {@code backlog}, with SYN cookies or without.
 */
public record SynFloodScenario(long seed, double legitPerSecond, double floodFactor, long attackNs, int backlog,
                               boolean synCookies, int requestBytes, int responseBytes, long clientTimeoutNs) {
    public static final long SECOND = 1_000_000_000L;

    public SynFloodScenario {
        if (!(legitPerSecond > 0 && legitPerSecond <= 100_000)) {
            throw new IllegalArgumentException("legitimate connections per second must be in (0, 100000]: " + legitPerSecond);
        }
        if (!(floodFactor >= 0 && floodFactor <= 1000)) {
            throw new IllegalArgumentException("flood factor must be 0 .. 1000: " + floodFactor);
        }
        if (attackNs <= 0 || attackNs > 3600 * SECOND) {
            throw new IllegalArgumentException("attack length must be 1 ns .. 1 h: " + attackNs);
        }
        if (backlog < 1 || backlog > 1 << 20) {
            throw new IllegalArgumentException("backlog must be 1 .. 1048576: " + backlog);
        }
    }

    /**
     * The default run: 200 legitimate connections a second and 2,000 spoofed SYNs a second for
     * 10 s against a backlog of 128; a 100-byte request, a 1,000-byte response, a 5 s client timeout.
     */
    public static SynFloodScenario defaults(long seed, boolean synCookies) {
        return new SynFloodScenario(seed, 200, 10, 10 * SECOND, 128, synCookies, 100, 1000, 5 * SECOND);
    }

    public SynFloodScenario withCookies(boolean on) {
        return new SynFloodScenario(seed, legitPerSecond, floodFactor, attackNs, backlog, on, requestBytes,
            responseBytes, clientTimeoutNs);
    }

    public double spoofedPerSecond() {
        return legitPerSecond * floodFactor;
    }
}
