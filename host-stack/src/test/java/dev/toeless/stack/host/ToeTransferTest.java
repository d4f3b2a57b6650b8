package dev.toeless.stack.host;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.link.LinkFaults;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.toe.ToeConfig;
import dev.toeless.stack.toe.ToeSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host b runs a TOE card: its connections run on the card's TCP and b's stack sees only commands
 * and completions. Data moves both ways intact, b's host stack sees no segment of it, and every
 * page of both hosts and of the card comes home.
 */
class ToeTransferTest {
    private static final int MIB = 1 << 20;
    private static final int PORT = 5001;

    static TwoHosts hosts(long seed, ToeConfig toe) {
        return new TwoHosts(seed, LinkConfig.ethernet(10_000_000_000L).withPropagationDelayNs(20_000),
            HostConfig.of("a", 0x02_00_00_00_00_01L, TwoHosts.IP_A, TwoHosts.IP6_A).withNic(DriverMode.STATELESS),
            HostConfig.of("b", 0x02_00_00_00_00_02L, TwoHosts.IP_B, TwoHosts.IP6_B).withToe(toe));
    }

    static ToeCard card(Host h) {
        return (ToeCard) h.attachment();
    }

    @Test
    void fourMebibytesToTheCardAndBack() {
        final TwoHosts net = hosts(21, ToeConfig.defaults());
        final byte[] data = new byte[4 * MIB];
        new SimRandom(5).nextBytes(data);
        final Listener listener = net.b.listenV4(PORT, 8);
        final StreamSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final StreamSocket server = net.accept(listener::accept, 1_000_000_000L);
        assertThat(server).as("the card accepts").isNotNull();
        assertThat(server).isInstanceOf(ToeSocket.class);

        final StreamCheck up = new StreamCheck(data).between(client, server);
        assertThat(net.runUntil(up::done, up::step, 60_000_000_000L)).as("a to the card").isTrue();
        assertThat(up.mismatch()).isNull();
        final StreamCheck down = new StreamCheck(data).between(server, client);
        assertThat(net.runUntil(down::done, down::step, 60_000_000_000L)).as("the card to a").isTrue();
        assertThat(down.mismatch()).isNull();

        assertThat(net.b.tcp().segmentsIn()).as("b's host stack sees no segment of the offloaded connection").isZero();
        assertThat(net.b.tcp().connectionCount()).isZero();
        assertThat(card(net.b).counterSnapshot()).containsEntry("toe_connections_admitted", 1L)
            .containsEntry("toe_bytes_received", 4L * MIB).containsEntry("toe_bytes_sent", 4L * MIB);
        client.close();
        server.close();
        listener.close();
        net.drain();
        assertThat(card(net.b).driver().pagesLent()).as("the card gave back every page posted to it").isZero();
        assertThat(card(net.b).driver().card().connections()).isZero();
        net.closeAndCheckNoLeaks();
        card(net.b).driver().card().assertNoLeaks();
    }

    @Test
    void theCardSendsFramesTheWireTakesWhateverSuperSegmentsTheHostsTcpAsksFor() {
        final TwoHosts net = new TwoHosts(23, LinkConfig.ethernet(10_000_000_000L).withPropagationDelayNs(20_000),
            HostConfig.of("a", 0x02_00_00_00_00_01L, TwoHosts.IP_A, TwoHosts.IP6_A).withNic(DriverMode.STATELESS),
            withSuperSegments(HostConfig.of("b", 0x02_00_00_00_00_02L, TwoHosts.IP_B, TwoHosts.IP6_B))
                .withToe(ToeConfig.defaults()));
        final byte[] data = new byte[MIB];
        new SimRandom(7).nextBytes(data);
        final Listener listener = net.b.listenV4(PORT, 8);
        final StreamSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final StreamSocket server = net.accept(listener::accept, 1_000_000_000L);
        assertThat(server).as("the card accepts").isNotNull();
        final StreamCheck down = new StreamCheck(data).between(server, client);
        // at 10 Gbit/s a mebibyte takes about a millisecond; a frame over the MTU dropped by the card's MAC
        // would cost a retransmission timeout (200 ms at least) for every write of more than one segment
        assertThat(net.runUntil(down::done, down::step, 100_000_000L)).as("the card to a, without timeouts").isTrue();
        assertThat(down.mismatch()).isNull();
        assertThat(net.a.tcp().connectionCount()).isEqualTo(1);
        client.close();
        server.close();
        listener.close();
        net.drain();
        net.closeAndCheckNoLeaks();
        card(net.b).driver().card().assertNoLeaks();
    }

    @Test
    void aConnectionClosedWhileItsSynIsOutIsResetAndLeavesNoSlotBehind() {
        final TwoHosts net = hosts(24, ToeConfig.defaults());
        final Listener listener = net.a.tcp().listenV4(PORT, 8);
        final StreamSocket client = net.b.connectV4(TwoHosts.IP_A, PORT);
        assertThat(client).isInstanceOf(ToeSocket.class);
        client.close(); // before the card has said which connection it is
        net.runUntil(() -> false, () -> { }, 1_000_000_000L);
        assertThat(card(net.b).driver().card().connections()).as("the card holds nothing for it").isZero();
        final StreamSocket accepted = listener.accept();
        if (accepted != null) { // a's stack may have queued it before the reset arrived: it is reset, not open
            net.runUntil(() -> false, () -> { }, 100_000_000L);
            assertThat(accepted.isEstablished()).as("a's end was reset").isFalse();
            accepted.close();
        }
        listener.close();
        net.drain();
        net.closeAndCheckNoLeaks();
        card(net.b).driver().card().assertNoLeaks();
    }

    /** A host whose TCP hands its device 64 KiB super-segments (as Linux's defaults do with TSO). */
    private static HostConfig withSuperSegments(HostConfig config) {
        return config.withTcp(config.tcp().withTsoMaxBytes(65_535));
    }

    @Test
    void activeOpenFromTheCardWithLoss() {
        final TwoHosts net = hosts(22, ToeConfig.defaults());
        net.link.faults(LinkFaults.builder().loss(0.01).reorder(0.01, 50_000).build());
        final byte[] data = new byte[2 * MIB];
        new SimRandom(6).nextBytes(data);
        final Listener listener = net.a.tcp().listenV4(PORT, 8);
        final StreamSocket client = net.b.connectV4(TwoHosts.IP_A, PORT);
        assertThat(client).isInstanceOf(ToeSocket.class);
        final StreamSocket[] server = new StreamSocket[1];
        assertThat(net.runUntil(() -> (server[0] = server[0] != null ? server[0] : listener.accept()) != null
            && client.isEstablished(), () -> { }, 5_000_000_000L)).isTrue();
        final StreamCheck up = new StreamCheck(data).between(client, server[0]);
        assertThat(net.runUntil(up::done, up::step, 120_000_000_000L)).isTrue();
        assertThat(up.mismatch()).isNull();
        final StreamCheck down = new StreamCheck(data).between(server[0], client);
        assertThat(net.runUntil(down::done, down::step, 120_000_000_000L)).isTrue();
        assertThat(down.mismatch()).isNull();
        net.closeAndCheckNoLeaks(client::close, server[0]::close, listener::close);
        card(net.b).driver().card().assertNoLeaks();
    }

    @Test
    void ipv6BothWaysTakesTwoSlotsPerConnection() {
        final TwoHosts net = hosts(23, ToeConfig.defaults());
        final byte[] data = new byte[MIB];
        new SimRandom(7).nextBytes(data);
        final Listener listener = net.b.listenV6(PORT, 8);
        final StreamSocket client = net.a.tcp().connectV6(TwoHosts.IP6_B.high(), TwoHosts.IP6_B.low(), PORT);
        final StreamSocket server = net.accept(listener::accept, 1_000_000_000L);
        assertThat(server).isNotNull();
        assertThat(server).isInstanceOf(ToeSocket.class);
        assertThat(card(net.b).driver().card().slotsInUse()).as("an IPv6 connection takes two slots").isEqualTo(2);
        final Listener back = net.a.tcp().listenV6(PORT + 1, 8);
        final StreamSocket active = net.b.connectV6(TwoHosts.IP6_A.high(), TwoHosts.IP6_A.low(), PORT + 1);
        final StreamSocket[] peer = new StreamSocket[1];
        assertThat(net.runUntil(() -> (peer[0] = peer[0] != null ? peer[0] : back.accept()) != null
            && active.isEstablished(), () -> { }, 1_000_000_000L)).isTrue();
        assertThat(card(net.b).driver().card().slotsInUse()).isEqualTo(4);

        final StreamCheck up = new StreamCheck(data).between(client, server);
        assertThat(net.runUntil(up::done, up::step, 60_000_000_000L)).isTrue();
        assertThat(up.mismatch()).isNull();
        final StreamCheck down = new StreamCheck(data).between(active, peer[0]);
        assertThat(net.runUntil(down::done, down::step, 60_000_000_000L)).isTrue();
        assertThat(down.mismatch()).isNull();
        assertThat(net.b.tcp().segmentsIn()).isZero();
        net.closeAndCheckNoLeaks(client::close, server::close, active::close, peer[0]::close, listener::close,
            back::close);
        card(net.b).driver().card().assertNoLeaks();
    }
}
