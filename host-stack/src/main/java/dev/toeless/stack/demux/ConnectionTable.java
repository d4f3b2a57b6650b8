package dev.toeless.stack.demux;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The host's table of connections by 4-tuple, IPv4 and IPv6: what TCP input consults for every
 * segment. Keys are the tuple fields themselves (no key object): IPv4 addresses as {@code int},
 * IPv6 addresses as two {@code long}s (most significant first), ports as the low 16 bits of an
 * {@code int}; "local" is this host's side. Values are the connections, held by reference; the
 * table neither creates nor closes them.
 *
 * <p>Open addressing over primitive arrays with linear probing: a lookup is one seeded hash, a
 * full-key comparison per probe and no allocation, and stays O(1) at a million connections
 * (16 bytes of key and a 4-byte reference per IPv4 slot, at most 5/8 of the slots used: about
 * 42 MB for a million IPv4 connections). Only
 * growth allocates. The IPv6 map is created on the first IPv6 connection. Single-threaded.
 *
 * @param <T> the connection type
 */
public final class ConnectionTable<T> {
    private static final int INITIAL_V6 = 64;
    private final long hashSeed;
    private final TupleMap<T> v4;
    private TupleMap<T> v6;

    /**
     * @param expectedV4 IPv4 connections to size for without growing
     * @param hashSeed   seed of the bucket hash (draw it from the simulation's random source)
     */
    public ConnectionTable(int expectedV4, long hashSeed) {
        this.hashSeed = hashSeed;
        this.v4 = new TupleMap<>(TupleMap.V4_WIDTH, expectedV4, hashSeed);
    }

    /** The IPv4 connection for this tuple, or null. */
    public T getV4(int localIp, int localPort, int remoteIp, int remotePort) {
        return v4.v4(localIp, localPort, remoteIp, remotePort).get();
    }

    /**
     * Adds or replaces the IPv4 connection for this tuple.
     *
     * @return the connection it replaced, or null
     */
    public T putV4(int localIp, int localPort, int remoteIp, int remotePort, T connection) {
        Objects.requireNonNull(connection, "connection");
        return v4.v4(localIp, localPort, remoteIp, remotePort).put(connection);
    }

    /** Removes the IPv4 connection for this tuple; returns it, or null if there was none. */
    public T removeV4(int localIp, int localPort, int remoteIp, int remotePort) {
        return v4.v4(localIp, localPort, remoteIp, remotePort).remove();
    }

    /** The IPv6 connection for this tuple, or null. */
    public T getV6(long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort) {
        if (v6 == null) {
            return null;
        }
        return v6.v6(localHi, localLo, localPort, remoteHi, remoteLo, remotePort).get();
    }

    /**
     * Adds or replaces the IPv6 connection for this tuple.
     *
     * @return the connection it replaced, or null
     */
    public T putV6(long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort,
                   T connection) {
        Objects.requireNonNull(connection, "connection");
        if (v6 == null) {
            v6 = new TupleMap<>(TupleMap.V6_WIDTH, INITIAL_V6, hashSeed);
        }
        return v6.v6(localHi, localLo, localPort, remoteHi, remoteLo, remotePort).put(connection);
    }

    /** Removes the IPv6 connection for this tuple; returns it, or null if there was none. */
    public T removeV6(long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort) {
        if (v6 == null) {
            return null;
        }
        return v6.v6(localHi, localLo, localPort, remoteHi, remoteLo, remotePort).remove();
    }

    /** Connections in the table, both families. */
    public int size() {
        return v4.size() + (v6 == null ? 0 : v6.size());
    }

    /** IPv4 connections in the table. */
    public int sizeV4() {
        return v4.size();
    }

    /** IPv6 connections in the table. */
    public int sizeV6() {
        return v6 == null ? 0 : v6.size();
    }

    /** Visits every connection (control path: timers sweeps, shutdown); do not modify the table meanwhile. */
    public void forEach(Consumer<? super T> action) {
        v4.forEach(action);
        if (v6 != null) {
            v6.forEach(action);
        }
    }
}
