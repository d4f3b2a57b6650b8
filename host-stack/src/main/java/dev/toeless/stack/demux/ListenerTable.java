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

    private final TupleMap<T> v4;
    private final TupleMap<T> v6;

    /** @param hashSeed seed of the bucket hash */
    public ListenerTable(long hashSeed) {
        this.v4 = new TupleMap<>(TupleMap.V4_WIDTH, 16, hashSeed);
        this.v6 = new TupleMap<>(TupleMap.V6_WIDTH, 16, hashSeed);
    }

    private static int port(int localPort) {
        if (localPort <= 0 || localPort > 0xFFFF) {
            throw new IllegalArgumentException("listening port must be 1..65535: " + localPort);
        }
        return localPort;
    }

    /** Binds {@code listener} to {@code localIp} (or {@link #ANY_V4}) and port; returns the one replaced. */
    public T putV4(int localIp, int localPort, T listener) {
        Objects.requireNonNull(listener, "listener");
        return v4.v4(localIp, port(localPort), 0, 0).put(listener);
    }

    /** Unbinds; returns the listener, or null. */
    public T removeV4(int localIp, int localPort) {
        return v4.v4(localIp, port(localPort), 0, 0).remove();
    }

    /** The listener for a SYN to {@code localIp:localPort}: exact address first, then the wildcard. */
    public T lookupV4(int localIp, int localPort) {
        final T exact = v4.v4(localIp, localPort, 0, 0).get();
        return exact != null ? exact : v4.v4(ANY_V4, localPort, 0, 0).get();
    }

    /** Binds {@code listener} to an IPv6 address (or {@code ::}) and port; returns the one replaced. */
    public T putV6(long localHi, long localLo, int localPort, T listener) {
        Objects.requireNonNull(listener, "listener");
        return v6.v6(localHi, localLo, port(localPort), 0, 0, 0).put(listener);
    }

    /** Unbinds; returns the listener, or null. */
    public T removeV6(long localHi, long localLo, int localPort) {
        return v6.v6(localHi, localLo, port(localPort), 0, 0, 0).remove();
    }

    /** The listener for a SYN to an IPv6 address and port: exact address first, then {@code ::}. */
    public T lookupV6(long localHi, long localLo, int localPort) {
        final T exact = v6.v6(localHi, localLo, localPort, 0, 0, 0).get();
        return exact != null ? exact : v6.v6(0, 0, localPort, 0, 0, 0).get();
    }

    /** Listeners bound, both families. */
    public int size() {
        return v4.size() + v6.size();
    }
}
