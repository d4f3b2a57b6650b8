package dev.toeless.stack.host;

import dev.toeless.nic.link.LinkFaults;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.toe.CardFullPolicy;
import dev.toeless.stack.toe.ToeConfig;
import dev.toeless.stack.toe.ToeSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code upload} policy as a conversation: a one-slot card carries a transfer both ways when a
 * second connection arrives; the card uploads the live one to the host stack (its TCP state and
 * the payload it holds cross the PCI link) and takes the new one in the freed slot. The transfer
 * finishes on the host stack with every byte intact, the peer never sees a reset, and the
 * application's socket is the same object throughout.
 */
class ToeUploadTest {
    private static final int PORT = 7400;
    private static final long SECOND = 1_000_000_000L;

    private static StreamSocket accept(TwoHosts net, Listener listener) {
        final StreamSocket[] s = new StreamSocket[1];
        net.runUntil(() -> (s[0] = s[0] != null ? s[0] : listener.accept()) != null, () -> { }, SECOND);
        return s[0];
    }

    private static void uploadMidTransfer(long seed, double loss) {
        final TwoHosts net = ToeTransferTest.hosts(seed, ToeConfig.defaults().withSlots(1)
            .withPolicy(CardFullPolicy.UPLOAD));
        if (loss > 0) {
            net.link.faults(LinkFaults.builder().loss(loss).build());
        }
        final ToeCard card = ToeTransferTest.card(net.b);
        final Listener listener = net.b.listenV4(PORT, 8);
        final TcpSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final StreamSocket server = accept(net, listener);
        assertThat(server).isInstanceOf(ToeSocket.class);
        final byte[] up = new byte[4 << 20];
        final byte[] down = new byte[3 << 20];
        new SimRandom(seed).nextBytes(up);
        new SimRandom(seed + 1).nextBytes(down);
        final StreamCheck toCard = new StreamCheck(up).between(client, server);
        final StreamCheck fromCard = new StreamCheck(down).between(server, client);
        final Runnable both = () -> {
            toCard.step();
            fromCard.step();
        };
        net.runUntil(() -> false, both, 1_500_000); // mid-transfer, both ways
        assertThat(toCard.done() || fromCard.done()).isFalse();

        final TcpSocket second = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final StreamSocket next = accept(net, listener);
        assertThat(next).as("the new connection takes the freed slot").isInstanceOf(ToeSocket.class);
        assertThat(((ToeSocket) next).isUploaded()).isFalse();
        assertThat(((ToeSocket) server).isUploaded()).as("the live one went to the host stack").isTrue();

        assertThat(net.runUntil(() -> toCard.done() && fromCard.done(), both, 60 * SECOND)).isTrue();
        assertThat(toCard.mismatch()).isNull();
        assertThat(fromCard.mismatch()).isNull();
        assertThat(client.closeReason()).as("the peer saw nothing but TCP").isNotIn(CloseReason.RESET,
            CloseReason.ABORTED, CloseReason.TIMEOUT);
        assertThat(net.b.tcp().connectionCount()).as("the uploaded connection runs on the host stack").isEqualTo(1);
        final CounterSnapshot c = card.counterSnapshot();
        System.out.printf("ToeUploadTest seed %d loss %.2f: toe_uploads %d toe_upload_bytes %d"
                + " toe_upload_frames_dropped %d b resets sent %d%n", seed, loss, c.count("toe_uploads"),
            c.count("toe_upload_bytes"), c.count("toe_upload_frames_dropped"), net.b.tcp().resetsSent());
        assertThat(c.count("toe_uploads")).isEqualTo(1);
        assertThat(c.count("toe_host_uploads_taken")).isEqualTo(1);
        assertThat(c.count("toe_upload_bytes")).as("live payload moved with the state").isPositive();
        assertThat(c.count("toe_slots_in_use")).isEqualTo(1);
        assertThat(net.b.tcp().resetsSent()).as("the host stack never reset the uploaded connection").isZero();

        final StreamCheck onCard = new StreamCheck(new byte[200_000]).between(second, next);
        assertThat(net.runUntil(onCard::done, onCard::step, 10 * SECOND)).isTrue();
        assertThat(onCard.mismatch()).isNull();
        net.closeAndCheckNoLeaks(client::close, server::close, second::close, next::close, listener::close);
        assertThat(card.driver().pagesLent()).isZero();
        card.driver().card().assertNoLeaks();
    }

    /**
     * A connection whose DDP stream runs in the card's firmware is never uploaded (the stream
     * cannot move to the host stack): a second connection to a one-slot card under {@code upload}
     * falls back to the host stack instead, and the DDP stream stays on the card.
     */
    @Test
    void aConnectionRunningDdpIsNotUploaded() {
        final TwoHosts net = ToeTransferTest.hosts(64, ToeConfig.defaults().withSlots(1)
            .withPolicy(CardFullPolicy.UPLOAD));
        final ToeCard card = ToeTransferTest.card(net.b);
        final Listener listener = net.b.listenV4(PORT, 8);
        card.driver().card().ddp().listen(PORT, 1);
        final TcpSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final StreamSocket server = accept(net, listener);
        assertThat(card.driver().card().ddp().stream(server)).as("the card started DDP on it").isNotNull();

        final TcpSocket second = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final StreamSocket next = accept(net, listener);
        assertThat(next).as("the second connection is accepted").isNotNull();
        assertThat(((ToeSocket) server).isUploaded()).as("the DDP connection stays on the card").isFalse();
        assertThat(card.driver().card().ddp().stream(server)).isNotNull();
        final CounterSnapshot c = card.counterSnapshot();
        assertThat(c.count("toe_uploads")).isZero();
        assertThat(c.count("toe_syns_fell_back")).as("the new connection fell back to the host stack").isEqualTo(1);
        net.closeAndCheckNoLeaks(client::close, server::close, second::close, next::close, listener::close);
        assertThat(card.driver().pagesLent()).isZero();
        card.driver().card().assertNoLeaks();
    }

    /**
     * The peer has sent its last byte and its FIN, which the card consumed (CLOSE_WAIT), but the
     * application has not read yet: a second connection makes the card upload this one, and the
     * reader still gets every byte and then the end of the stream, from the host stack.
     */
    @Test
    void anUploadInCloseWaitKeepsThePeersEndOfStream() {
        final TwoHosts net = ToeTransferTest.hosts(63, ToeConfig.defaults().withSlots(1)
            .withPolicy(CardFullPolicy.UPLOAD));
        final ToeCard card = ToeTransferTest.card(net.b);
        final Listener listener = net.b.listenV4(PORT, 8);
        final TcpSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final StreamSocket server = accept(net, listener);
        final byte[] up = new byte[3000];
        new SimRandom(63).nextBytes(up);
        final StreamCheck toCard = new StreamCheck(up).between(client, null);
        net.runUntil(() -> false, toCard::step, 200_000_000); // sent and shut down; the server reads nothing
        assertThat(server.isEndOfStream()).isFalse();

        final TcpSocket second = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final StreamSocket next = accept(net, listener);
        assertThat(((ToeSocket) server).isUploaded()).as("the connection in CLOSE_WAIT went to the host stack")
            .isTrue();

        final StreamCheck read = new StreamCheck(up).between(null, server);
        assertThat(net.runUntil(read::done, read::step, 10 * SECOND)).as("every byte, then the end of stream")
            .isTrue();
        assertThat(read.mismatch()).isNull();
        net.closeAndCheckNoLeaks(client::close, server::close, second::close, next::close, listener::close);
        assertThat(card.driver().pagesLent()).isZero();
        card.driver().card().assertNoLeaks();
    }

    @Test
    void aLiveTransferMovesToTheHostStackWithoutLosingAByte() {
        uploadMidTransfer(61, 0);
    }

    @Test
    void anUploadUnderLossStillLosesNothing() {
        uploadMidTransfer(62, 0.01);
    }
}
