package dev.toeless.stack.host;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.toe.ToeConfig;
import dev.toeless.stack.toe.ToeSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TOE card's state is hard state (ARCHITECTURE.md, invariant 3): a card reset loses its
 * connections. Nothing is lost silently: the host's socket fails as reset (not as an orderly end),
 * every page the host lent the card comes back, the peer is reset by the host stack when it next
 * sends, and the card listens again. The contrast is the NIC's soft state
 * ({@code rx-page-accum}'s {@code SoftStatePropertyTest}): dropping the page accumulator's flow
 * cache changes counters, never bytes.
 */
class ToeCardResetTest {
    private static final int PORT = 7100;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aCardResetLosesItsConnectionsAndSaysSo() {
        final TwoHosts net = ToeTransferTest.hosts(41, ToeConfig.defaults());
        final ToeCard card = ToeTransferTest.card(net.b);
        final Listener listener = net.b.listenV4(PORT, 8);
        final TcpSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final StreamSocket server = net.accept(listener::accept, SECOND);
        assertThat(server).isNotNull();
        final byte[] data = new byte[8 << 20];
        new SimRandom(9).nextBytes(data);
        final StreamCheck transfer = new StreamCheck(data).between(client, server);
        net.runUntil(() -> false, transfer::step, 2_000_000); // mid-transfer
        assertThat(transfer.done()).isFalse();
        assertThat(card.driver().pagesLent()).as("receive pages posted to the card").isPositive();

        final int lost = card.driver().card().reset();
        assertThat(lost).isEqualTo(1);
        net.runUntil(() -> ((ToeSocket) server).isFailed(), () -> { }, SECOND);
        final ToeSocket s = (ToeSocket) server;
        assertThat(s.isFailed()).isTrue();
        assertThat(s.error()).isEqualTo("card_reset");
        assertThat(s.isEstablished()).isFalse();
        assertThat(s.isEndOfStream()).as("a reset, never an orderly end").isFalse();
        assertThat(card.driver().pagesLent()).as("every page lent to the card came back").isZero();
        assertThat(card.driver().card().connections()).isZero();
        assertThat(card.counterSnapshot()).containsEntry("toe_connections_lost_to_reset", 1L);

        // the peer keeps sending into a connection nobody has: the host stack resets it
        net.runUntil(() -> client.state() == dev.toeless.stack.tcp.TcpState.CLOSED, transfer::step, 10 * SECOND);
        assertThat(client.closeReason()).isEqualTo(CloseReason.RESET);
        assertThat(net.b.tcp().resetsSent()).isPositive();

        // the card listens again: a new connection is offloaded
        final TcpSocket again = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final StreamSocket[] next = new StreamSocket[1];
        assertThat(net.runUntil(() -> (next[0] = next[0] != null ? next[0] : listener.accept()) != null,
            () -> { }, SECOND)).isTrue();
        assertThat(next[0]).isInstanceOf(ToeSocket.class);
        final StreamCheck after = new StreamCheck(new byte[100_000]).between(again, next[0]);
        assertThat(net.runUntil(after::done, after::step, 10 * SECOND)).isTrue();
        assertThat(after.mismatch()).isNull();

        net.closeAndCheckNoLeaks(client::close, server::close, again::close, next[0]::close, listener::close);
        card.driver().card().assertNoLeaks();
    }
}
