package dev.toeless.stack.host;

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
 * A card listener with a SYN backlog of one takes two SYNs back to back, the second while the
 * first is still half-open. Real TOE firmware keeps no SYN cookies: with the card's cookies off
 * the second SYN finds the listener's SYN queue full and the {@code refuse} policy resets it. A
 * card whose profile says it runs SYN cookies answers the second SYN with a cookie and opens the
 * connection, in a slot of its own, when the cookie's ACK comes back.
 */
class ToeSynCookiesTest {
    private static final int PORT = 7300;
    private static final long SECOND = 1_000_000_000L;

    private static TwoHosts twoSynsAtOnce(long seed, boolean cookies, List<TcpSocket> clients,
                                          List<StreamSocket> accepted, Listener[] listener) {
        final TwoHosts net = ToeTransferTest.hosts(seed, ToeConfig.defaults().withPolicy(CardFullPolicy.REFUSE)
            .withSynCookies(cookies));
        listener[0] = net.b.listenV4(PORT, 1);
        net.runUntil(() -> false, () -> { }, 100_000); // the card has the listener
        clients.add(net.a.tcp().connectV4(TwoHosts.IP_B, PORT));
        clients.add(net.a.tcp().connectV4(TwoHosts.IP_B, PORT)); // the same instant: the first is half-open
        net.runUntil(() -> clients.stream().allMatch(c -> c.isEstablished() || c.closeReason() != CloseReason.NONE)
            && accepted.size() == clients.stream().filter(TcpSocket::isEstablished).count(), () -> {
                StreamSocket s;
                while ((s = listener[0].accept()) != null) {
                    accepted.add(s);
                }
            }, SECOND);
        return net;
    }

    @Test
    void withoutCookiesTheCardRefusesASynBeyondItsQueue() {
        final List<TcpSocket> clients = new ArrayList<>();
        final List<StreamSocket> accepted = new ArrayList<>();
        final Listener[] listener = new Listener[1];
        final TwoHosts net = twoSynsAtOnce(51, false, clients, accepted, listener);

        assertThat(clients.get(0).isEstablished()).isTrue();
        assertThat(clients.get(1).closeReason()).as("the second SYN was reset").isEqualTo(CloseReason.REFUSED);
        assertThat(accepted).singleElement().isInstanceOf(ToeSocket.class);
        assertThat(ToeTransferTest.card(net.b).counterSnapshot()).containsEntry("toe_syns_refused", 1L)
            .containsEntry("toe_connections_admitted", 1L);
        assertThat(net.b.tcp().segmentsIn()).as("nothing reached the host stack").isZero();
        net.closeAndCheckNoLeaks(clients.get(0)::close, accepted.get(0)::close, listener[0]::close);
        ToeTransferTest.card(net.b).driver().card().assertNoLeaks();
    }

    @Test
    void withCookiesTheCardOpensTheSecondConnectionFromItsCookie() {
        final List<TcpSocket> clients = new ArrayList<>();
        final List<StreamSocket> accepted = new ArrayList<>();
        final Listener[] listener = new Listener[1];
        final TwoHosts net = twoSynsAtOnce(52, true, clients, accepted, listener);

        assertThat(clients).allMatch(TcpSocket::isEstablished);
        assertThat(accepted).hasSize(2).allMatch(s -> s instanceof ToeSocket);
        assertThat(ToeTransferTest.card(net.b).counterSnapshot()).containsEntry("toe_syns_refused", 0L)
            .containsEntry("toe_connections_admitted", 2L).containsEntry("toe_slots_in_use", 2L);
        // the cookie connection carries data like any other
        final StreamCheck c = new StreamCheck(new byte[100_000]).between(clients.get(1), accepted.get(1));
        assertThat(net.runUntil(c::done, c::step, 10 * SECOND)).isTrue();
        assertThat(c.mismatch()).isNull();
        final List<Runnable> closes = new ArrayList<>();
        clients.forEach(s -> closes.add(s::close));
        accepted.forEach(s -> closes.add(s::close));
        closes.add(listener[0]::close);
        net.closeAndCheckNoLeaks(closes.toArray(Runnable[]::new));
        ToeTransferTest.card(net.b).driver().card().assertNoLeaks();
    }
}
