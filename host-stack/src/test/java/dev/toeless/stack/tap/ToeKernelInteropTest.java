package dev.toeless.stack.tap;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.link.LinkFaults;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.realtime.RealTimeBridge;
import dev.toeless.stack.realtime.StreamDrain;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.toe.ToeConfig;
import dev.toeless.stack.toe.ToeSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The TOE card's TCP against the Linux kernel's, over a TAP device (as root): the card's own IP
 * answers for the host's address on its connections, 64 MiB each way with 2% of the frames lost
 * each way on the modeled wire between the TAP and the card (the host's filter cannot drop them:
 * it sees nothing of an offloaded connection), and the bytes are the same at the other end.
 */
class ToeKernelInteropTest {
    private static final int MIB = 1 << 20;
    private static final int BYTES = 64 * MIB;
    private static final long TIMEOUT_MS = 120_000;
    private static final String KERNEL_V4 = "10.213.10.1";
    private static final String OURS_V4 = "10.213.10.2";
    private static final int PORT = 5002;

    @TempDir
    Path dir;

    @Test
    void theKernelSendsToTheCardWithTwoPercentDrops() throws Exception {
        KernelPeer.assumeAvailable("ToeKernelInteropTest");
        final byte[] data = data(80);
        final Path file = dir.resolve("send.bin");
        Files.write(file, data);
        try (NetNamespace ns = NetNamespace.create(); TapDevice tap = TapDevice.open("toe%d")) {
            final Host host = host(ns, tap);
            final RealTimeBridge bridge = bridge(tap, host);
            final Listener listener = host.listenV4(PORT, 16);
            final Process nc = KernelPeer.start(ns, file, null, "nc", "-N", OURS_V4, String.valueOf(PORT));
            try {
                final StreamDrain r = StreamDrain.of(bridge, listener, TIMEOUT_MS);
                System.out.printf("ToeKernelInteropTest kernel > card 2%% drops: %d bytes in %.2f s%n", r.bytes(),
                    r.nanos() / 1e9);
                assertThat(r.done()).as("end of stream after %d of %d bytes", r.bytes(), data.length).isTrue();
                assertThat(r.socket()).isInstanceOf(ToeSocket.class);
                assertThat(r.bytes()).isEqualTo(data.length);
                assertThat(r.sha256Hex()).isEqualTo(KernelPeer.sha256Hex(data));
                assertThat(host.tcp().segmentsIn()).as("the host stack saw none of it").isZero();
                assertThat(bridge.runUntil(() -> !nc.isAlive(), () -> { }, 10_000)).as("nc exited").isTrue();
                listener.close();
            } finally {
                nc.destroyForcibly();
            }
        }
    }

    @Test
    void theCardSendsToTheKernelWithTwoPercentDrops() throws Exception {
        KernelPeer.assumeAvailable("ToeKernelInteropTest");
        final byte[] data = data(81);
        final Path out = dir.resolve("received.bin");
        try (NetNamespace ns = NetNamespace.create(); TapDevice tap = TapDevice.open("toe%d")) {
            final Host host = host(ns, tap);
            final RealTimeBridge bridge = bridge(tap, host);
            final Process nc = KernelPeer.start(ns, null, out, "nc", "-l", "-d", "-N", KERNEL_V4, String.valueOf(PORT));
            try {
                bridge.runUntilListening(ns, PORT);
                final StreamSocket socket = host.connectV4(Prefix.parseV4(KERNEL_V4), PORT);
                assertThat(socket).isInstanceOf(ToeSocket.class);
                final long start = System.nanoTime();
                final StreamFeed feed = StreamFeed.of(bridge, socket, data, () -> !nc.isAlive(), TIMEOUT_MS);
                System.out.printf("ToeKernelInteropTest card > kernel 2%% drops: %d bytes in %.2f s%n", feed.sent(),
                    (System.nanoTime() - start) / 1e9);
                assertThat(feed.done()).as("nc exited; sent %d of %d; %s", feed.sent(), data.length, socket).isTrue();
                final byte[] got = Files.readAllBytes(out);
                assertThat(got.length).isEqualTo(data.length);
                assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(got)))
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
            } finally {
                nc.destroyForcibly();
            }
        }
    }

    private static Host host(NetNamespace ns, TapDevice tap) throws IOException {
        ns.adopt(tap.name(), KERNEL_V4 + "/24");
        final HostConfig config = HostConfig.of("stack", 0x02_00_00_00_00_98L, Prefix.parseV4(OURS_V4),
            Ipv6Address.parse("fd00:213:10::2")).withMemory(32_768, 8_192, 8_192).withToe(ToeConfig.defaults())
            .withAccumFlushTimeoutNs(1_000_000_000L);
        return new Host(config, new EventScheduler(), new SimRandom(8));
    }

    private static RealTimeBridge bridge(TapDevice tap, Host host) {
        final RealTimeBridge bridge = RealTimeBridge.throughLink(tap, host,
            LinkConfig.ethernet(10_000_000_000L).withPropagationDelayNs(1_000), new SimRandom(9), System::nanoTime);
        bridge.link().faults(LinkFaults.builder().loss(0.02).build());
        return bridge;
    }

    private static byte[] data(long seed) {
        final byte[] data = new byte[BYTES];
        new SimRandom(seed).nextBytes(data);
        return data;
    }
}
