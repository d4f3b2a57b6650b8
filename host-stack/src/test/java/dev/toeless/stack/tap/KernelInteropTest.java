package dev.toeless.stack.tap;

import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.realtime.RealTimeBridge;
import dev.toeless.stack.realtime.StreamDrain;
import dev.toeless.stack.socket.TcpSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Linux kernel as the peer: its TCP runs in a fresh network namespace behind a TAP device,
 * our stack runs in a {@link Host} driven in real time by {@link RealTimeBridge}. The kernel's
 * {@code nc} sends a file to a listener on our stack, and our stack sends to the kernel's
 * {@code nc -l}, which writes a file; the bytes are compared by SHA-256. Then the same with 2%
 * random drops inside the namespace ({@code iptables -m statistic}) and on our side (the same
 * match in our PREROUTING chain), and over IPv6. Needs root,
 * /dev/net/tun, ip, nc and iptables; otherwise skipped with the reason printed.
 */
class KernelInteropTest {
    private static final int MIB = 1 << 20;
    private static final int BYTES = 64 * MIB;
    /** The 64 MiB with drops too: with SACK loss detection our sender needs about 13 s for it. */
    private static final int BYTES_WITH_DROPS = 64 * MIB;
    private static final long TIMEOUT_MS = 50_000;
    private static final String KERNEL_V4 = "10.213.9.1";
    private static final String OURS_V4 = "10.213.9.2";
    private static final String KERNEL_V6 = "fd00:213:9::1";
    private static final String OURS_V6 = "fd00:213:9::2";
    private static final int PORT = 5001;

    @TempDir
    Path dir;

    private static void assumeKernelAvailable() {
        String reason = NetNamespace.unavailableReason();
        if (reason == null) {
            for (String tool : List.of("nc", "iptables", "ip6tables")) {
                if (!onPath(tool)) {
                    reason = "no " + tool + " command";
                }
            }
        }
        if (reason != null) {
            System.out.println("KernelInteropTest skipped: " + reason);
        }
        assumeTrue(reason == null, reason);
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    @Test
    void theKernelSendsToOurListenerOverIpv4() throws Exception {
        kernelSends(false, false);
    }

    @Test
    void weSendToTheKernelsListenerOverIpv4() throws Exception {
        weSend(false, false);
    }

    @Test
    void theKernelSendsToOurListenerWithTwoPercentDrops() throws Exception {
        kernelSends(false, true);
    }

    @Test
    void weSendToTheKernelsListenerWithTwoPercentDrops() throws Exception {
        weSend(false, true);
    }

    @Test
    void theKernelSendsToOurListenerOverIpv6() throws Exception {
        kernelSends(true, false);
    }

    @Test
    void weSendToTheKernelsListenerOverIpv6() throws Exception {
        weSend(true, false);
    }

    @Test
    void theKernelSendsToOurListenerOverIpv6WithTwoPercentDrops() throws Exception {
        kernelSends(true, true);
    }

    @Test
    void weSendToTheKernelsListenerOverIpv6WithTwoPercentDrops() throws Exception {
        weSend(true, true);
    }

    @Test
    void theKernelsPingIsAnsweredOverIpv4AndIpv6() throws Exception {
        assumeKernelAvailable();
        if (!onPath("ping")) {
            System.out.println("KernelInteropTest ping skipped: no ping command (package iputils-ping)");
        }
        assumeTrue(onPath("ping"), "no ping command");
        try (NetNamespace ns = NetNamespace.create(); TapDevice tap = TapDevice.open("toe%d")) {
            final Host host = setUp(ns, tap, false);
            final RealTimeBridge bridge = RealTimeBridge.direct(tap, host, System::nanoTime);
            for (String target : List.of(OURS_V4, OURS_V6)) {
                final Process ping = KernelPeer.start(ns, null, null, "ping", "-c", "3", "-i", "0.2", "-W", "2", target);
                try {
                    assertThat(bridge.runUntil(() -> !ping.isAlive(), () -> { }, 10_000)).isTrue();
                    assertThat(ping.exitValue()).as("ping " + target).isZero();
                } finally {
                    ping.destroyForcibly();
                }
            }
            assertThat(host.ip().counters().echoRequests()).isEqualTo(6);
        }
    }

    private void kernelSends(boolean v6, boolean drops) throws Exception {
        assumeKernelAvailable();
        final byte[] data = data(drops ? BYTES_WITH_DROPS : BYTES, v6 ? 61 : 60);
        final Path file = dir.resolve("send.bin");
        Files.write(file, data);
        try (NetNamespace ns = NetNamespace.create(); TapDevice tap = TapDevice.open("toe%d")) {
            final Host host = setUp(ns, tap, drops);
            final RealTimeBridge bridge = RealTimeBridge.direct(tap, host, System::nanoTime);
            final TcpListener listener = v6 ? host.tcp().listenV6(PORT, 16) : host.tcp().listenV4(PORT, 16);
            final Process nc = KernelPeer.start(ns, file, null, "nc", "-N", v6 ? OURS_V6 : OURS_V4, String.valueOf(PORT));
            try {
                final long startNanos = System.nanoTime();
                final StreamDrain r = StreamDrain.of(bridge, listener, TIMEOUT_MS);
                report("kernel > stack", v6, drops, r.bytes(), startNanos, (TcpSocket) r.socket());
                assertThat(r.done()).as("end of stream after %d of %d bytes; %s", r.bytes(), data.length,
                    host.ip().counters()).isTrue();
                assertThat(r.bytes()).isEqualTo(data.length);
                assertThat(r.sha256Hex()).isEqualTo(KernelPeer.sha256Hex(data));
                // nc exits once our FIN is acknowledged: keep the bridge running so that a FIN
                // lost to the drops is sent again
                assertThat(bridge.runUntil(() -> !nc.isAlive(), () -> { }, 10_000)).as("nc exited").isTrue();
                listener.close();
            } finally {
                nc.destroyForcibly();
            }
        }
    }

    private void weSend(boolean v6, boolean drops) throws Exception {
        assumeKernelAvailable();
        final byte[] data = data(drops ? BYTES_WITH_DROPS : BYTES, v6 ? 71 : 70);
        final Path out = dir.resolve("received.bin");
        try (NetNamespace ns = NetNamespace.create(); TapDevice tap = TapDevice.open("toe%d")) {
            final Host host = setUp(ns, tap, drops);
            final RealTimeBridge bridge = RealTimeBridge.direct(tap, host, System::nanoTime);
            final Process nc = KernelPeer.start(ns, null, out, "nc", "-l", "-d", "-N", v6 ? KERNEL_V6 : KERNEL_V4, String.valueOf(PORT));
            try {
                bridge.runUntilListening(ns, PORT);
                final TcpSocket socket = v6
                    ? host.tcp().connectV6(Ipv6Address.parse(KERNEL_V6).high(), Ipv6Address.parse(KERNEL_V6).low(), PORT)
                    : host.tcp().connectV4(Prefix.parseV4(KERNEL_V4), PORT);
                final long startNanos = System.nanoTime();
                final StreamFeed feed = StreamFeed.of(bridge, socket, data, () -> !nc.isAlive(), TIMEOUT_MS);
                report("stack > kernel", v6, drops, feed.sent(), startNanos, socket);
                assertThat(feed.done()).as("nc exited; sent %d of %d; %s %s; %s", feed.sent(), data.length,
                    socket.state(), socket.closeReason(), host.ip().counters()).isTrue();
                final byte[] got = Files.readAllBytes(out);
                assertThat(got.length).isEqualTo(data.length);
                assertThat(KernelPeer.sha256Hex(got)).isEqualTo(KernelPeer.sha256Hex(data));
            } finally {
                nc.destroyForcibly();
            }
        }
    }

    private static Host setUp(NetNamespace ns, TapDevice tap, boolean drops) throws IOException {
        ns.adopt(tap.name(), KERNEL_V4 + "/24");
        ns.ip("addr", "add", KERNEL_V6 + "/64", "dev", tap.name(), "nodad");
        if (drops) {
            for (String tool : List.of("iptables", "ip6tables")) {
                for (String chain : List.of("INPUT", "OUTPUT")) {
                    final NetNamespace.Result r = ns.exec(tool, "-A", chain, "-m", "statistic", "--mode", "random",
                        "--probability", "0.02", "-j", "DROP");
                    assertThat(r.exitCode()).as(r.output()).isZero();
                }
            }
        }
        final EventScheduler scheduler = new EventScheduler();
        final HostConfig config = HostConfig.of("stack", 0x02_00_00_00_00_99L, Prefix.parseV4(OURS_V4),
            Ipv6Address.parse(OURS_V6)).withMemory(32_768, 8_192, 8_192);
        final Host host = new Host(config, scheduler, new SimRandom(7));
        if (drops) {
            // the kernel's OUTPUT drops come back to its TCP as local errors, not as losses on the
            // wire; our own PREROUTING rule loses 2% of what it sends for real
            host.filter().execute("-A PREROUTING -m statistic --mode random --probability 0.02 -j DROP");
        }
        return host;
    }
    private static void report(String what, boolean v6, boolean drops, long bytes, long startNanos, TcpSocket s) {
        final double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("KernelInteropTest %s %s%s: %d bytes in %.2f s (%.1f MB/s) %s%n", what, v6 ? "IPv6" : "IPv4",
            drops ? " 2% drops" : "", bytes, seconds, bytes / seconds / 1e6,
            s == null ? "" : s.connection().counters().toString());
    }

    private static byte[] data(int bytes, long seed) {
        final byte[] data = new byte[bytes];
        new SimRandom(seed).nextBytes(data);
        return data;
    }
}
