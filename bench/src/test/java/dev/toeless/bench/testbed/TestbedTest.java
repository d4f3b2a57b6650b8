package dev.toeless.bench.testbed;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.link.LinkFaults;
import dev.toeless.stack.cardnode.CardNodeConfig;
import dev.toeless.stack.cardnode.SpliceProxy;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.host.OffloadNic;
import dev.toeless.stack.host.PciPort;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A testbed is two hosts at the two ends of one wire: they reach each other over IPv4 and IPv6 at the
 * addresses it names, each is configured on its own, and a seed gives the same run every time it is built.
 */
class TestbedTest {
    private static final int PORT = 5001;
    private static final int BYTES = 256 * 1024;

    @Test
    void theHostsReachEachOtherOverBothFamilies() {
        try (Testbed bed = Testbed.builder(1).build()) {
            assertThat(move(bed, bed.b().tcp().listenV4(PORT, 4), bed.a().tcp().connectV4(Testbed.IP_B, PORT)))
                .isEqualTo(payload());
            assertThat(move(bed, bed.b().tcp().listenV6(PORT + 1, 4),
                bed.a().tcp().connectV6(Testbed.IP6_B.high(), Testbed.IP6_B.low(), PORT + 1))).isEqualTo(payload());
        }
    }

    @Test
    void eachHostIsConfiguredOnItsOwn() {
        try (Testbed bed = Testbed.builder(1).a(c -> c.withNic(DriverMode.STATELESS)).ipv4Only().build()) {
            assertThat(bed.a().attachment()).isInstanceOf(OffloadNic.class);
            assertThat(bed.a().config().nicMode()).isEqualTo(DriverMode.STATELESS);
            assertThat(bed.b().config().nicMode()).isEqualTo(DriverMode.NONE);
            assertThat(bed.a().config().ipv4()).isEqualTo(Testbed.IP_A);
            assertThat(bed.b().config().ipv6()).isNull();
        }
    }

    @Test
    void hostBMayStandBehindACardNodeThatHoldsItsWireAddress() {
        try (Testbed bed = Testbed.builder(1).ipv4Only()
            .cardNode(CardNodeConfig.of("card", Testbed.MAC_B, Testbed.IP_B), false).build()) {
            assertThat(bed.b().attachment()).isInstanceOf(PciPort.class);
            final TcpListener listener = bed.b().tcp().listenV4(PORT, 4);
            final SpliceProxy proxy = SpliceProxy.on(bed.cardNode(), PORT);
            assertThat(move(bed, listener, bed.a().tcp().connectV4(Testbed.IP_B, PORT))).isEqualTo(payload());
            proxy.close();
            bed.scheduler().runAll(Long.MAX_VALUE);
        }
    }

    @Test
    void aSeedGivesTheSameRunUnderLossAndAnotherSeedAnother() {
        final long first = lastByteAt(7);
        assertThat(lastByteAt(7)).isEqualTo(first);
        assertThat(lastByteAt(8)).isNotEqualTo(first);
    }

    private static long lastByteAt(long seed) {
        try (Testbed bed = Testbed.builder(seed).link(LinkConfig.ethernet(1_000_000_000L).withPropagationDelayNs(1_000_000))
            .faults(LinkFaults.builder().loss(0.05).build()).build()) {
            assertThat(move(bed, bed.b().tcp().listenV4(PORT, 4), bed.a().tcp().connectV4(Testbed.IP_B, PORT)))
                .as("seed %d: replay with TestbedTest#aSeedGivesTheSameRunUnderLossAndAnotherSeedAnother", seed)
                .isEqualTo(payload());
            return bed.scheduler().nowNs();
        }
    }

    /** Writes {@link #payload()} from the client, reads it at the accepted socket, both closed at the end. */
    private static byte[] move(Testbed bed, TcpListener listener, TcpSocket client) {
        final byte[] sent = payload();
        final byte[] got = new byte[BYTES];
        int written = 0;
        int read = 0;
        TcpSocket server = null;
        while (read < BYTES && !(bed.scheduler().isIdle() && written == BYTES)) {
            if (server == null) {
                server = listener.accept();
            }
            if (written < BYTES) {
                written += Math.max(0, client.write(sent, written, BYTES - written));
            }
            if (server != null) {
                read += Math.max(0, server.read(got, read, BYTES - read));
            }
            if (read < BYTES) {
                bed.scheduler().runNext();
            }
        }
        client.close();
        if (server != null) {
            server.close();
        }
        bed.scheduler().runAll(Long.MAX_VALUE);
        return Arrays.copyOf(got, read);
    }

    private static byte[] payload() {
        final byte[] bytes = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 9));
        }
        return bytes;
    }
}
