package dev.toeless.stack.demux;

import java.util.Objects;

/**
 * Listening sockets by (local address, local port), IPv4 and IPv6, where the address may be the
 * wildcard ({@link #ANY_V4}, or {@code ::} as two zero longs). A lookup for a SYN prefers the
 * listener bound to the exact destination address and falls back to the wildcard one on the same
 * port. IPv4 and IPv6 are separate (an IPv6 wildcard does not take IPv4 SYNs). Allocation-free
 * lookups; single-threaded.
 *
 * @param <T> the listener type
 */
public final class ListenerTable<T> {
    /** 0.0.0.0: any local IPv4 address. */
    public static final int ANY_V4 = 0;

    private final V4Map<T> v4;
    private final V6Map<T> v6;

    /** @param hashSeed seed of the bucket hash */
    public ListenerTable(long hashSeed) {
        this.v4 = new V4Map<>(16, hashSeed);
        this.v6 = new V6Map<>(16, hashSeed);
    }

    private static long port(int localPort) {
        if (localPort <= 0 || localPort > 0xFFFF) {
            throw new IllegalArgumentException("listening port must be 1..65535: " + localPort);
        }
        return V4Map.ports(localPort, 0);
    }

    /** Binds {@code listener} to {@code localIp} (or {@link #ANY_V4}) and port; returns the one replaced. */
    public T putV4(int localIp, int localPort, T listener) {
        Objects.requireNonNull(listener, "listener");
        return v4.put(V4Map.addrs(localIp, 0), port(localPort), listener);
    }

    /** Unbinds; returns the listener, or null. */
    public T removeV4(int localIp, int localPort) {
        return v4.remove(V4Map.addrs(localIp, 0), port(localPort));
    }

    /** The listener for a SYN to {@code localIp:localPort}: exact address first, then the wildcard. */
    public T lookupV4(int localIp, int localPort) {
        final long p = V4Map.ports(localPort, 0);
        final T exact = v4.get(V4Map.addrs(localIp, 0), p);
        return exact != null ? exact : v4.get(V4Map.addrs(ANY_V4, 0), p);
    }

    /** Binds {@code listener} to an IPv6 address (or {@code ::}) and port; returns the one replaced. */
    public T putV6(long localHi, long localLo, int localPort, T listener) {
        Objects.requireNonNull(listener, "listener");
        return v6.put(localHi, localLo, 0, 0, port(localPort), listener);
    }

    /** Unbinds; returns the listener, or null. */
    public T removeV6(long localHi, long localLo, int localPort) {
        return v6.remove(localHi, localLo, 0, 0, port(localPort));
    }

    /** The listener for a SYN to an IPv6 address and port: exact address first, then {@code ::}. */
    public T lookupV6(long localHi, long localLo, int localPort) {
        final long p = V4Map.ports(localPort, 0);
        final T exact = v6.get(localHi, localLo, 0, 0, p);
        return exact != null ? exact : v6.get(0, 0, 0, 0, p);
    }

    /** Listeners bound, both families. */
    public int size() {
        return v4.size() + v6.size();
    }
}
