package dev.toeless.stack.tap;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.cardnode.CardNode;
import dev.toeless.stack.cardnode.CardNodeConfig;
import dev.toeless.stack.cardnode.SpliceProxy;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.realtime.RealTimeBridge;
import dev.toeless.stack.realtime.StreamDrain;
import dev.toeless.stack.socket.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Garzik's card node against the Linux kernel, over a TAP device (as root; skipped, saying why,
 * otherwise): the kernel pings the card's own address and the card's IP answers; the kernel's
 * {@code nc} sends a file to the card's address, where the splice proxy ends the connection and
 * relays it to the host behind the card over the PCI link; and in routing mode the kernel reaches
 * the host's own address through the card, the host ending TCP with the kernel itself.
 */
class CardNodeKernelInteropTest {
    private static final int BYTES = 8 << 20;
    private static final long TIMEOUT_MS = 120_000;
    private static final String KERNEL_V4 = "10.213.11.1";
    private static final String CARD_V4 = "10.213.11.2";
    private static final int PORT = 5003;

    @TempDir
    Path dir;

    /** The card node on the TAP's modeled wire, the host behind it; one scheduler for both. */
    private record Setup(CardNode card, Host host, RealTimeBridge bridge) {
    }

    private static Setup setup(NetNamespace ns, TapDevice tap) throws IOException {
        ns.adopt(tap.name(), KERNEL_V4 + "/24");
        final EventScheduler scheduler = new EventScheduler();
        final SimRandom random = new SimRandom(13);
        final CardNode card = new CardNode(CardNodeConfig.of("card", 0x02_00_00_00_00_97L, Prefix.parseV4(CARD_V4)),
            scheduler, random);
        final Host host = new Host(card.config().hostConfig("host"), scheduler, random, card.hostPort());
        card.adopt(host);
        final RealTimeBridge bridge = RealTimeBridge.throughLink(tap, scheduler, card::plugInto,
            LinkConfig.ethernet(10_000_000_000L).withPropagationDelayNs(1_000), new SimRandom(14), System::nanoTime);
        return new Setup(card, host, bridge);
    }

    @Test
    void theKernelPingsTheCardsOwnAddress() throws Exception {
        KernelPeer.assumeAvailable("CardNodeKernelInteropTest", "ping");
        try (NetNamespace ns = NetNamespace.create(); TapDevice tap = TapDevice.open("card%d")) {
            final Setup s = setup(ns, tap);
            final Process ping = KernelPeer.start(ns, null, null, "ping", "-c", "3", "-i", "0.2", "-W", "2", CARD_V4);
            try {
                assertThat(s.bridge().runUntil(() -> !ping.isAlive(), () -> { }, 20_000)).as("ping exited").isTrue();
                assertThat(ping.exitValue()).as("every echo answered").isZero();
                assertThat(s.card().wireIp().counters().echoRequests()).isEqualTo(3);
                assertThat(s.host().ip().counters().received()).as("the card answered, not the host").isZero();
            } finally {
                ping.destroyForcibly();
            }
        }
    }

    @Test
    void theKernelSendsToTheCardsAddressAndTheSpliceProxyRelaysToTheHost() throws Exception {
        KernelPeer.assumeAvailable("CardNodeKernelInteropTest");
        try (NetNamespace ns = NetNamespace.create(); TapDevice tap = TapDevice.open("card%d")) {
            final Setup s = setup(ns, tap);
            final SpliceProxy proxy = SpliceProxy.on(s.card(), PORT);
            final Listener listener = s.host().listenV4(PORT, 16);
            receiveFromNc(ns, s, listener, CARD_V4, 90);
            assertThat(proxy.bytesToHost()).isEqualTo(BYTES);
            assertThat(s.card().wireTcp().segmentsIn()).as("the kernel's connection ends on the card").isPositive();
            proxy.close();
            listener.close();
        }
    }

    @Test
    void inRoutingModeTheKernelReachesTheHostThroughTheCard() throws Exception {
        KernelPeer.assumeAvailable("CardNodeKernelInteropTest");
        try (NetNamespace ns = NetNamespace.create(); TapDevice tap = TapDevice.open("card%d")) {
            final Setup s = setup(ns, tap);
            s.card().routing(true);
            ns.ip("route", "add", "192.168.250.0/30", "via", CARD_V4);
            final Listener listener = s.host().listenV4(PORT, 16);
            receiveFromNc(ns, s, listener, "192.168.250.2", 91);
            assertThat(s.card().router().forwardedToHost()).isPositive();
            assertThat(s.card().wireTcp().segmentsIn()).as("the card's own TCP is not in the path").isZero();
            listener.close();
        }
    }

    /** The kernel's nc sends {@link #BYTES} to {@code address}; the host accepts, reads to the end, compares. */
    private void receiveFromNc(NetNamespace ns, Setup s, Listener listener, String address, long seed) throws Exception {
        final byte[] data = new byte[BYTES];
        new SimRandom(seed).nextBytes(data);
        final Path file = dir.resolve("send-" + seed + ".bin");
        Files.write(file, data);
        final Process nc = KernelPeer.start(ns, file, null, "nc", "-N", address, String.valueOf(PORT));
        try {
            final StreamDrain r = StreamDrain.of(s.bridge(), listener, TIMEOUT_MS);
            System.out.printf("CardNodeKernelInteropTest kernel > %s: %d bytes in %.2f s%n", address, r.bytes(),
                r.nanos() / 1e9);
            assertThat(r.done()).as("end of stream after %d of %d bytes", r.bytes(), data.length).isTrue();
            assertThat(r.bytes()).isEqualTo(data.length);
            assertThat(r.sha256Hex()).isEqualTo(KernelPeer.sha256Hex(data));
            assertThat(s.bridge().runUntil(() -> !nc.isAlive(), () -> { }, 10_000)).as("nc exited").isTrue();
        } finally {
            nc.destroyForcibly();
        }
    }

}
