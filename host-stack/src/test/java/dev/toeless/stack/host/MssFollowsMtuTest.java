package dev.toeless.stack.host;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MSS a SYN and a SYN-ACK announce follows the MTU toward the peer: the interface's, or the
 * path MTU when that is smaller; 40 bytes of headers less for IPv4, 60 for IPv6. Below a
 * 1500-byte MTU an MSS of 1460 would make every full segment too big for the link.
 */
class MssFollowsMtuTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int PORT = 5001;
    private static final int TIMESTAMP_OPTION = 12;

    private static TwoHosts net(int mtu) {
        return new TwoHosts(7, LinkConfig.ethernet(1_000_000_000L).withPropagationDelayNs(50_000).withMtuBytes(mtu),
            HostConfig.of("a", 0x02_00_00_00_00_01L, TwoHosts.IP_A, TwoHosts.IP6_A).withMtu(mtu),
            HostConfig.of("b", 0x02_00_00_00_00_02L, TwoHosts.IP_B, TwoHosts.IP6_B).withMtu(mtu));
    }

    private static TcpSocket[] connect(TwoHosts net, boolean v6) {
        final TcpListener listener = v6 ? net.b.tcp().listenV6(PORT + 1, 4) : net.b.tcp().listenV4(PORT + 1, 4);
        final TcpSocket client = v6 ? net.a.tcp().connectV6(TwoHosts.IP6_B.high(), TwoHosts.IP6_B.low(), PORT + 1)
            : net.a.tcp().connectV4(TwoHosts.IP_B, PORT + 1);
        final TcpSocket server = net.accept(listener::accept, 10 * SECOND);
        assertThat(server).as("accepted").isNotNull();
        return new TcpSocket[] {client, server};
    }

    @ParameterizedTest(name = "MTU {0}, IPv6 {1}: MSS {2}")
    @CsvSource({"1280, false, 1240", "1400, false, 1360", "1499, false, 1459", "1500, false, 1460",
        "1280, true, 1220", "1400, true, 1340", "1499, true, 1439", "1500, true, 1440"})
    void synAndSynAckAnnounceWhatFitsTheInterfaceAndDataFlows(int mtu, boolean v6, int mss) {
        final TwoHosts net = net(mtu);
        final TcpSocket[] ends = connect(net, v6);
        assertThat(ends[0].connection().config().mssBytes()).as("the SYN's MSS").isEqualTo(mss);
        assertThat(ends[1].connection().config().mssBytes()).as("the SYN-ACK's MSS").isEqualTo(mss);
        assertThat(ends[0].connection().sendMssBytes()).isEqualTo(mss - TIMESTAMP_OPTION);
        assertThat(ends[1].connection().sendMssBytes()).isEqualTo(mss - TIMESTAMP_OPTION);
        ends[0].close();
        ends[1].close();
        net.drain();
        HostTransferTest.transfer(net, v6, 1 << 20); // full segments fit the link both ways
    }

    @ParameterizedTest(name = "IPv6 {0}")
    @CsvSource({"false, 1300, 1260", "true, 1300, 1240"})
    void aLearnedPathMtuLowersTheMssOfTheNextSyn(boolean v6, int pathMtu, int mss) {
        final TwoHosts net = net(1500);
        if (v6) {
            net.a.ip().routes().onPacketTooBig(net.scheduler.nowNs(), TwoHosts.IP6_B.high(), TwoHosts.IP6_B.low(),
                pathMtu);
        } else {
            net.a.ip().routes().onFragmentationNeeded(net.scheduler.nowNs(), TwoHosts.IP_B, pathMtu, 1500);
        }
        final TcpSocket[] ends = connect(net, v6);
        assertThat(ends[0].connection().config().mssBytes()).as("a's SYN").isEqualTo(mss);
        assertThat(ends[1].connection().sendMssBytes()).as("b sends what a's SYN allowed")
            .isEqualTo(mss - TIMESTAMP_OPTION);
        assertThat(ends[1].connection().config().mssBytes()).as("b's own path is 1500")
            .isEqualTo(v6 ? 1440 : 1460);
    }
}
