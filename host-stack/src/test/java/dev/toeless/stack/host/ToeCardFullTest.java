package dev.toeless.stack.host;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.toe.CardFullPolicy;
import dev.toeless.stack.toe.ToeConfig;
import dev.toeless.stack.toe.ToeSocket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A card with two connection slots takes a third connection: each policy as a conversation. With
 * {@code fallback} the SYN goes up to the host stack's listener beside the card's and the
 * connection runs there; with {@code refuse} the card answers the SYN with a reset. A slot freed
 * by a closed connection takes the next one on the card again.
 */
class ToeCardFullTest {
    private static final int PORT = 7000;
    private static final long SECOND = 1_000_000_000L;

    private static List<StreamSocket> acceptAll(TwoHosts net, Listener listener, List<TcpSocket> clients,
                                                int expected) {
        final List<StreamSocket> accepted = new ArrayList<>();
        net.runUntil(() -> accepted.size() == expected, () -> {
            StreamSocket s;
            while ((s = listener.accept()) != null) {
                accepted.add(s);
            }
        }, SECOND);
        return accepted;
    }

    @Test
    void fallbackPassesTheThirdSynToTheHostStack() {
        final TwoHosts net = ToeTransferTest.hosts(31, ToeConfig.defaults().withSlots(2));
        final Listener listener = net.b.listenV4(PORT, 16);
        final List<TcpSocket> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(net.a.tcp().connectV4(TwoHosts.IP_B, PORT));
            net.runUntil(() -> false, () -> { }, 1_000_000); // one at a time, in order
        }
        final List<StreamSocket> accepted = acceptAll(net, listener, clients, 3);
        assertThat(accepted).hasSize(3);
        assertThat(accepted.stream().filter(s -> s instanceof ToeSocket)).as("on the card").hasSize(2);
        assertThat(accepted.stream().filter(s -> s instanceof TcpSocket)).as("fell back to the host").hasSize(1);
        assertThat(net.b.tcp().connectionCount()).isEqualTo(1);
        assertThat(ToeTransferTest.card(net.b).counterSnapshot()).containsEntry("toe_slots_in_use", 2L)
            .containsEntry("toe_syns_fell_back", 1L);

        // every connection carries data, wherever it runs
        final byte[] data = new byte[64 * 1024];
        for (int i = 0; i < 3; i++) {
            final StreamCheck c = new StreamCheck(data).between(clients.get(i), accepted.get(i));
            assertThat(net.runUntil(c::done, c::step, 10 * SECOND)).isTrue();
            assertThat(c.mismatch()).isNull();
        }

        // a closed card connection frees its slot: the next connection is offloaded again
        final StreamSocket onCard = accepted.stream().filter(s -> s instanceof ToeSocket).findFirst().orElseThrow();
        onCard.close();
        net.runUntil(() -> ToeTransferTest.card(net.b).driver().card().connections() == 1, () -> { }, 5 * SECOND);
        assertThat(ToeTransferTest.card(net.b).driver().card().connections()).isEqualTo(1);
        clients.add(net.a.tcp().connectV4(TwoHosts.IP_B, PORT));
        final List<StreamSocket> next = acceptAll(net, listener, clients, 1);
        assertThat(next).singleElement().isInstanceOf(ToeSocket.class);

        final List<StreamSocket> all = new ArrayList<>(accepted);
        all.addAll(next);
        closeAllAndCheckNoLeaks(net, clients, all, listener);
    }

    @Test
    void uploadWithNoHostPagesToSpareFallsBackAtTheSyn() {
        // host B's 128-page receive pool is all taken (its NIC path and the card's posted pages): no page to upload into
        final ToeConfig toe = ToeConfig.defaults().withSlots(2).withPolicy(CardFullPolicy.UPLOAD)
            .withReceiveBuffersPerSocket(64);
        final TwoHosts net = new TwoHosts(35, LinkConfig.ethernet(10_000_000_000L).withPropagationDelayNs(20_000),
            HostConfig.of("a", 0x02_00_00_00_00_01L, TwoHosts.IP_A, TwoHosts.IP6_A).withNic(DriverMode.STATELESS),
            HostConfig.of("b", 0x02_00_00_00_00_02L, TwoHosts.IP_B, TwoHosts.IP6_B).withMemory(4096, 128, 1024)
                .withToe(toe));
        final Listener listener = net.b.listenV4(PORT, 16);
        final List<TcpSocket> clients = new ArrayList<>();
        final List<StreamSocket> accepted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(net.a.tcp().connectV4(TwoHosts.IP_B, PORT));
            // each accepted before the next arrives: established and the host's, so uploadable but for the pages
            accepted.addAll(acceptAll(net, listener, clients, 1));
        }
        assertThat(accepted).hasSize(3);
        assertThat(accepted.stream().filter(s -> s instanceof ToeSocket)).as("on the card, not uploaded").hasSize(2)
            .noneMatch(s -> ((ToeSocket) s).isUploaded());
        assertThat(accepted.stream().filter(s -> s instanceof TcpSocket)).as("fell back at its SYN").hasSize(1);
        assertThat(ToeTransferTest.card(net.b).counterSnapshot()).containsEntry("toe_uploads", 0L)
            .containsEntry("toe_syns_fell_back", 1L).containsEntry("toe_slots_in_use", 2L);

        closeAllAndCheckNoLeaks(net, clients, accepted, listener);
    }

    @Test
    void refuseResetsTheThirdSyn() {
        final TwoHosts net = ToeTransferTest.hosts(32, ToeConfig.defaults().withSlots(2)
            .withPolicy(CardFullPolicy.REFUSE));
        final Listener listener = net.b.listenV4(PORT, 16);
        final List<TcpSocket> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(net.a.tcp().connectV4(TwoHosts.IP_B, PORT));
            net.runUntil(() -> false, () -> { }, 1_000_000);
        }
        final List<StreamSocket> accepted = acceptAll(net, listener, clients, 3);
        assertThat(accepted).hasSize(2).allMatch(s -> s instanceof ToeSocket);
        assertThat(clients.get(2).closeReason()).as("the client saw its SYN reset").isEqualTo(CloseReason.REFUSED);
        assertThat(net.b.tcp().connectionCount()).as("nothing on the host stack").isZero();
        assertThat(net.b.tcp().segmentsIn()).isZero();
        assertThat(ToeTransferTest.card(net.b).counterSnapshot()).containsEntry("toe_syns_refused", 1L)
            .containsEntry("toe_slots_in_use", 2L);

        closeAllAndCheckNoLeaks(net, clients, accepted, listener);
    }

    @Test
    void anActiveOpenOnAFullCardFallsBackOrFails() {
        final TwoHosts fallback = ToeTransferTest.hosts(33, ToeConfig.defaults().withSlots(1));
        final Listener l = fallback.a.tcp().listenV4(PORT, 8);
        final StreamSocket first = fallback.b.connectV4(TwoHosts.IP_A, PORT);
        final StreamSocket second = fallback.b.connectV4(TwoHosts.IP_A, PORT);
        assertThat(first).isInstanceOf(ToeSocket.class);
        assertThat(second).as("the driver knows the card is full").isInstanceOf(TcpSocket.class);
        fallback.runUntil(() -> first.isEstablished() && second.isEstablished(), () -> { }, SECOND);
        assertThat(first.isEstablished() && second.isEstablished()).isTrue();

        final TwoHosts refuse = ToeTransferTest.hosts(34, ToeConfig.defaults().withSlots(1)
            .withPolicy(CardFullPolicy.REFUSE));
        refuse.a.tcp().listenV4(PORT, 8);
        refuse.b.connectV4(TwoHosts.IP_A, PORT);
        final StreamSocket refused = refuse.b.connectV4(TwoHosts.IP_A, PORT);
        assertThat(refused).isInstanceOf(ToeSocket.class);
        assertThat(((ToeSocket) refused).isFailed()).isTrue();
        assertThat(((ToeSocket) refused).error()).isEqualTo("no_slot");
        assertThat(refused.isEstablished()).isFalse();
    }

    /** Closes the clients, then the accepted sockets, then the listener; nothing leaks on either host or the card. */
    private static void closeAllAndCheckNoLeaks(TwoHosts net, List<TcpSocket> clients, List<StreamSocket> accepted,
                                                Listener listener) {
        final List<Runnable> closes = new ArrayList<>();
        clients.forEach(c -> closes.add(c::close));
        accepted.forEach(s -> closes.add(s::close));
        closes.add(listener::close);
        net.closeAndCheckNoLeaks(closes.toArray(Runnable[]::new));
        ToeTransferTest.card(net.b).driver().card().assertNoLeaks();
    }
}
