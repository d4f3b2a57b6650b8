package dev.toeless.stack.host;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.link.LinkFaults;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Two hosts with the modeled offload NIC, in every driver mode, move data both ways through sockets. */
class NicHostTransferTest {
    private static final int MIB = 1 << 20;

    static TwoHosts hosts(long seed, DriverMode mode) {
        return new TwoHosts(seed, LinkConfig.ethernet(10_000_000_000L).withPropagationDelayNs(20_000),
            HostConfig.of("a", 0x02_00_00_00_00_01L, TwoHosts.IP_A, TwoHosts.IP6_A).withNic(mode),
            HostConfig.of("b", 0x02_00_00_00_00_02L, TwoHosts.IP_B, TwoHosts.IP6_B).withNic(mode));
    }

    @ParameterizedTest
    @EnumSource(DriverMode.class)
    void fourMebibytesEachWayOverIpv4(DriverMode mode) {
        final TwoHosts net = hosts(11, mode);
        HostTransferTest.transfer(net, false, 4 * MIB);
        if (mode == DriverMode.STATELESS) {
            assertThat(net.b.ledger().checksummedBytes()).as("no software checksum with offloads").isZero();
        }
        if (mode == DriverMode.NONE) {
            assertThat(net.b.ledger().checksummedBytes()).as("software checksum of every byte received")
                .isGreaterThanOrEqualTo(4L * MIB);
        }
    }

    /**
     * Without offloads the host CPU checksums what it sends, and each payload byte that goes out
     * once is summed once: by the one software transmit checksum on the device path, not a second
     * time by TCP. Sent through the socket, as an application sends.
     */
    @Test
    void withoutOffloadsEachSentPayloadByteIsChecksummedOnce() {
        final TwoHosts net = hosts(14, DriverMode.NONE);
        final byte[] data = new byte[MIB];
        new SimRandom(44).nextBytes(data);
        final TcpListener listener = net.b.tcp().listenV4(HostTransferTest.PORT, 4);
        final TcpSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, HostTransferTest.PORT);
        final TcpSocket server = net.accept(listener::accept, 1_000_000_000L);
        assertThat(server).isNotNull();
        final StreamCheck up = new StreamCheck(data).between(client, server);
        assertThat(net.runUntil(up::done, up::step, 60_000_000_000L)).isTrue();
        assertThat(up.mismatch()).isNull();

        final long sent = client.connection().counters().bytesOut();
        assertThat(sent).as("payload bytes sent, retransmissions included").isGreaterThanOrEqualTo(MIB);
        assertThat(net.a.ledger().checksummedBytes()).as("sender's checksum passes over payload").isEqualTo(sent);
        assertThat(net.b.ledger().checksummedBytes()).as("receiver's checksum passes over payload").isEqualTo(MIB);
        net.closeAndCheckNoLeaks(client::close, server::close, listener::close);
    }

    @ParameterizedTest
    @EnumSource(value = DriverMode.class, names = {"NONE", "STATELESS"})
    void fourMebibytesEachWayOverIpv6(DriverMode mode) {
        HostTransferTest.transfer(hosts(12, mode), true, 4 * MIB);
    }

    @ParameterizedTest
    @EnumSource(DriverMode.class)
    void withLossAndReordering(DriverMode mode) {
        final long seed = 13;
        System.out.println("NicHostTransferTest lossy " + mode + " seed " + seed);
        final TwoHosts net = hosts(seed, mode);
        net.link.faults(LinkFaults.builder().loss(0.01).reorder(0.01, 50_000).build());
        HostTransferTest.transfer(net, false, 2 * MIB);
    }
}
