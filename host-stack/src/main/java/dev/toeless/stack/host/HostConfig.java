package dev.toeless.stack.host;

import dev.toeless.nic.device.NicConfig;
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
 * @param coalescing       the modeled NIC's interrupt coalescing ({@code ethtool -C}); null for
 *                         {@link Coalescing#PER_FRAME}
 * @param toe              a TCP offload card with this configuration (its NIC path in {@code stateless}
 *                         mode), or null for none
 */
public record HostConfig(String name, long mac, int ipv4, int ipv4PrefixLength, Ipv6Address ipv6, int ipv6PrefixLength,
                         int mtuBytes, int memoryPages, int rxPoolPages, int sendPoolPages, TcpConfig tcp,
                         DriverMode nicMode, long accumFlushTimeoutNs, Coalescing coalescing, ToeConfig toe) {
    /** The page accumulator's default flush timeout. */
    public static final long DEFAULT_ACCUM_FLUSH_TIMEOUT_NS = 1_000_000;

    /**
     * When the modeled NIC interrupts for received frames, as {@code ethtool -C rx-usecs rx-frames}
     * sets it: once a completion is pending, after {@code rxFrames} completions or {@code rxUsecs}
     * microseconds, whichever comes first.
     */
    public record Coalescing(int rxUsecs, int rxFrames) {
        /** An interrupt for every frame at once: the NIC without moderation of {@link #of}. */
        public static final Coalescing PER_FRAME = new Coalescing(0, 1);
        /** The modeled NIC's default moderation, {@link NicConfig#defaults()}'s. */
        public static final Coalescing NIC_DEFAULT = new Coalescing(NicConfig.defaults().rxUsecs(),
            NicConfig.defaults().rxFrames());

        public Coalescing {
            if (rxUsecs < 0 || rxFrames < 0) {
                throw new IllegalArgumentException("rx-usecs and rx-frames must be >= 0: " + rxUsecs + ", " + rxFrames);
            }
        }
    }

    public HostConfig {
        if (memoryPages < rxPoolPages + sendPoolPages) {
            throw new IllegalArgumentException("pools larger than memory");
        }
        if (nicMode == null) {
            nicMode = DriverMode.NONE;
        }
        if (coalescing == null) {
            coalescing = Coalescing.PER_FRAME;
        }
    }

    /**
     * A host with a 1500-byte MTU, 64 MiB of memory and default TCP settings, on the modeled NIC in
     * mode {@code none} (every offload off) that interrupts for every received frame at once
     * ({@link Coalescing#PER_FRAME}; {@link #withNic} picks a mode and the NIC's default moderation
     * with it). Its connections
     * announce the MSS that fits the MTU toward the peer, at most 1460: the modeled NIC receives a
     * frame into one 4 KiB page (without header split), so frames stay Ethernet-sized on a jumbo link.
     */
    public static HostConfig of(String name, long mac, int ipv4, Ipv6Address ipv6) {
        return new HostConfig(name, mac, ipv4, 24, ipv6, 64, 1500, 16_384, 4_096, 4_096,
            TcpConfig.builder().mssBytes(1460).congestionControl(() -> CongestionControls.create("cubic")).build(),
            DriverMode.NONE, DEFAULT_ACCUM_FLUSH_TIMEOUT_NS, Coalescing.PER_FRAME, null);
    }

    public HostConfig withTcp(TcpConfig config) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, mtuBytes, memoryPages,
            rxPoolPages, sendPoolPages, config, nicMode, accumFlushTimeoutNs, coalescing, toe);
    }

    public HostConfig withMemory(int pages, int rxPages, int sendPages) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, mtuBytes, pages, rxPages,
            sendPages, tcp, nicMode, accumFlushTimeoutNs, coalescing, toe);
    }

    /**
     * The modeled NIC in driver mode {@code mode} with its default interrupt moderation
     * ({@link Coalescing#NIC_DEFAULT}), as the demo's and the debate's hosts run it.
     */
    public HostConfig withNic(DriverMode mode) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, mtuBytes, memoryPages,
            rxPoolPages, sendPoolPages, tcp, mode, accumFlushTimeoutNs, Coalescing.NIC_DEFAULT, toe);
    }

    /** The modeled NIC's interrupt coalescing (see {@link Coalescing}). */
    public HostConfig withCoalescing(Coalescing moderation) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, mtuBytes, memoryPages,
            rxPoolPages, sendPoolPages, tcp, nicMode, accumFlushTimeoutNs, moderation, toe);
    }

    /** A TCP offload card instead of a NIC (its NIC path in {@code stateless} mode); null for none. */
    public HostConfig withToe(ToeConfig config) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, mtuBytes, memoryPages,
            rxPoolPages, sendPoolPages, tcp, config == null ? nicMode : DriverMode.STATELESS, accumFlushTimeoutNs,
            config == null ? coalescing : Coalescing.NIC_DEFAULT, config);
    }

    /** A different link MTU. */
    public HostConfig withMtu(int bytes) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, bytes, memoryPages,
            rxPoolPages, sendPoolPages, tcp, nicMode, accumFlushTimeoutNs, coalescing, toe);
    }

    /** The page accumulator's flush timeout (see the record's parameters). */
    public HostConfig withAccumFlushTimeoutNs(long ns) {
        return new HostConfig(name, mac, ipv4, ipv4PrefixLength, ipv6, ipv6PrefixLength, mtuBytes, memoryPages,
            rxPoolPages, sendPoolPages, tcp, nicMode, ns, coalescing, toe);
    }
}
