package dev.toeless.stack.host;

import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.tcp.TcpState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener closed while a connection to it is half open (SYN received, SYN-ACK sent): the
 * handshake's last ACK finds no one to accept it, so the connection is reset (as Linux does when
 * a request socket's listener is gone), never left established with no owner. The simulator found
 * it (seed 1961 with {@code --toe-share 1}: a card reset, and host b's fallen-back connections
 * outliving their listener).
 */
class ListenerCloseTest {
    private static final int PORT = 5003;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aHalfOpenConnectionOfAClosedListenerIsResetWhenItsHandshakeCompletes() {
        final TwoHosts net = new TwoHosts(31);
        final TcpListener listener = net.b.tcp().listenV4(PORT, 16);
        final TcpSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        assertThat(net.runUntil(() -> halfOpen(net, client) != null, () -> { }, SECOND)).isTrue();
        assertThat(halfOpen(net, client).state()).isEqualTo(TcpState.SYN_RECEIVED);

        listener.close();
        assertThat(net.runUntil(() -> client.closeReason() != CloseReason.NONE, () -> { }, 10 * SECOND))
            .as("the client learns its connection is gone").isTrue();

        assertThat(client.closeReason()).isEqualTo(CloseReason.RESET);
        assertThat(listener.accept()).as("nothing to accept on a closed listener").isNull();
        assertThat(net.b.tcp().connectionCount()).as("no connection on b without an owner").isZero();
        net.closeAndCheckNoLeaks(client::close);
        assertThat(net.b.tcp().connectionCount()).isZero();
        assertThat(net.a.tcp().connectionCount()).isZero();
    }

    @Test
    void aConnectionAcceptedBeforeItsListenerClosesLivesOn() {
        final TwoHosts net = new TwoHosts(32);
        final TcpListener listener = net.b.tcp().listenV4(PORT, 16);
        final TcpSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final TcpSocket server = net.accept(listener::accept, SECOND);
        assertThat(server).isNotNull();
        listener.close();
        final byte[] hello = {1, 2, 3};
        assertThat(client.write(hello, 0, hello.length)).isEqualTo(3);
        final byte[] got = new byte[3];
        assertThat(net.runUntil(() -> server.readableBytes() == 3, () -> { }, SECOND)).isTrue();
        assertThat(server.read(got, 0, 3)).isEqualTo(3);
        assertThat(got).isEqualTo(hello);
        assertThat(client.closeReason()).isEqualTo(CloseReason.NONE);
        net.closeAndCheckNoLeaks(client::close, server::close);
        assertThat(net.b.tcp().connectionCount()).isZero();
    }

    private static dev.toeless.stack.tcp.TcpConnection halfOpen(TwoHosts net, TcpSocket client) {
        final TcpSocket s = net.b.tcp().findV4(TwoHosts.IP_B, PORT, TwoHosts.IP_A, client.localPort());
        return s == null ? null : s.connection();
    }
}
