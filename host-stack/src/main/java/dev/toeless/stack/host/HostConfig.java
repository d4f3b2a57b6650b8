package dev.toeless.stack.host;

import dev.toeless.stack.driver.DriverMode;

import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.toe.ToeConfig;
import dev.toeless.stack.tcp.cc.CongestionControls;

/**
 * What one simulated {@link Host} is built from.
 *
 * @param name             for logs and random-stream names
 * @param mac              the NIC's MAC address (48 bits)
 * @param ipv4             the IPv4 address, 0 for none
 * @param ipv4PrefixLength the on-link IPv4 prefix
 * @param ipv6             the IPv6 address, null for none
 * @param ipv6PrefixLength the on-link IPv6 prefix
 * @param mtuBytes         the link MTU
 * @param memoryPages      host memory in 4 KiB pages
 * @param rxPoolPages      pages the NIC may hold for receiving (owned by the RX pool)
 * @param sendPoolPages    pages copying writes may hold
 * @param tcp              every connection's settings
 * @param nicMode          the modeled NIC's driver mode ({@link DriverMode#NONE}, every offload off, when null)
 * @param accumFlushTimeoutNs the modeled NIC's page accumulator closes an open page this long after
 *                         it opened (a host driven by wall time, over a TAP, wants more than the
 *                         default 1 ms: a pause of the model's own thread would split pages)
 * @param toe              a TCP offload card with this configuration (its NIC path in {@code stateless}
 *                         mode), or null for none
 */
public record HostConfig(String name, long mac, int ipv4, int ipv4PrefixLength, Ipv6Address ipv6, int ipv6PrefixLength,
                         int mtuBytes, int memoryPages, int rxPoolPages, int sendPoolPages, TcpConfig tcp,
                         DriverMode nicMode, long accumFlushTimeoutNs, ToeConfig toe) {
    /** The page accumulator's default flush timeout. */
    public static final long DEFAULT_ACCUM_FLUSH_TIMEOUT_NS = 1_000_000;

    public HostConfig {
        if (memoryPages < rxPoolPages + sendPoolPages) {
            throw new IllegalArgumentException("pools larger than memory");
        }
        if (nicMode == null) {
            nicMode = DriverMode.NONE;
        }
    }

    /**
     * A host with a 1500-byte MTU, 64 MiB of memory and default TCP settings. Its connections
     * announce the MSS that fits the MTU toward the peer, at most 1460: the modeled NIC receives a
     * frame into one 4 KiB page (without header split), so frames stay Ethernet-sized on a jumbo link.
     */
    public static HostConfig of(String name, long mac, int ipv4, Ipv6Address ipv6) {
        return new HostConfig(name, mac, ipv4, 24, ipv6, 64, 1500, 16_384, 4_096, 4_096,
            TcpConfig.builder().mssBytes(1460).congestionControl(() -> CongestionControls.create("cubic")).build(),
            DriverMode.NONE, DEFAULT_ACCUM_FLUSH_TIMEOUT_NS, null);
    }

    public HostConfig withTcp(TcpConfig config) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, mtuBytes, memoryPages,
            rxPoolPages, sendPoolPages, config, nicMode, accumFlushTimeoutNs, toe);
    }

    public HostConfig withMemory(int pages, int rxPages, int sendPages) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, mtuBytes, pages, rxPages,
            sendPages, tcp, nicMode, accumFlushTimeoutNs, toe);
    }

    /** The modeled NIC in driver mode {@code mode} (default {@link DriverMode#NONE}: every offload off). */
    public HostConfig withNic(DriverMode mode) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, mtuBytes, memoryPages,
            rxPoolPages, sendPoolPages, tcp, mode, accumFlushTimeoutNs, toe);
    }

    /** A TCP offload card instead of a NIC (its NIC path in {@code stateless} mode); null for none. */
    public HostConfig withToe(ToeConfig config) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, mtuBytes, memoryPages,
            rxPoolPages, sendPoolPages, tcp, config == null ? nicMode : DriverMode.STATELESS, accumFlushTimeoutNs,
            config);
    }

    /** A different link MTU. */
    public HostConfig withMtu(int bytes) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, bytes, memoryPages,
            rxPoolPages, sendPoolPages, tcp, nicMode, accumFlushTimeoutNs, toe);
    }

    /** The page accumulator's flush timeout (see the record's parameters). */
    public HostConfig withAccumFlushTimeoutNs(long ns) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, mtuBytes, memoryPages,
            rxPoolPages, sendPoolPages, tcp, nicMode, ns, toe);
    }
}
