package dev.toeless.bench.serve;

import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader of protocol bytes over a real socket of two simulated hosts: it takes a request head
 * up to its empty line and not one byte of the body behind it, however the bytes arrive, and counts
 * what it copies as header bytes, not payload.
 */
class ProtocolReaderTest {
    private static final String HEAD = "PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n";

    private EventScheduler scheduler;
    private Host b;
    private TcpSocket client;
    private TcpSocket server;

    @BeforeEach
    void connect() {
        final Testbed bed = Testbed.builder(16).link(LinkConfig.ethernet(10_000_000_000L)).build();
        scheduler = bed.scheduler();
        final Host a = bed.a();
        b = bed.b();
        final TcpListener listener = b.tcp().listenV4(80, 4);
        client = a.tcp().connectV4(Testbed.IP_B, 80);
        scheduler.runUntil(scheduler.nowNs() + 10_000_000);
        server = listener.accept();
        assertThat(server).isNotNull();
    }

    private void send(String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(client.write(bytes, 0, bytes.length)).isEqualTo(bytes.length);
        scheduler.runUntil(scheduler.nowNs() + 10_000_000);
    }

    private String rest(int length) {
        final byte[] bytes = new byte[length];
        assertThat(server.read(bytes, 0, length)).isEqualTo(length);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void theHeadIsTakenAndTheBodyLeftInTheSocket() {
        send(HEAD + "0123456789");
        final CounterSnapshot before = b.ledger().snapshot(); // the software NIC's own passes
        final ProtocolReader reader = new ProtocolReader(b.cpu(), 1024);
        assertThat(reader.readUntil(server, ProtocolReader.HEAD_END, 1024)).isEqualTo(ProtocolReader.Outcome.FOUND);
        assertThat(reader.length()).isEqualTo(HEAD.length());
        assertThat(reader.consumedBytes()).isEqualTo(HEAD.length());
        assertThat(reader.buffer().getStringWithoutLengthAscii(0, reader.length())).isEqualTo(HEAD);
        final CounterSnapshot read = b.ledger().snapshot().minus(before);
        assertThat(read.count("header_bytes")).isEqualTo(HEAD.length());
        assertThat(read.count("touched_bytes")).as("not a payload byte touched").isZero();
        assertThat(server.readableBytes()).isEqualTo(10);
        assertThat(rest(10)).isEqualTo("0123456789");
    }

    @Test
    void aHeadArrivingInPiecesWaitsForItsEnd() {
        final ProtocolReader reader = new ProtocolReader(b.cpu(), 1024);
        final int[] cuts = {0, 7, 20, HEAD.length() - 3, HEAD.length() - 1, HEAD.length()};
        for (int i = 1; i < cuts.length; i++) {
            send(HEAD.substring(cuts[i - 1], cuts[i]) + (i == cuts.length - 1 ? "body" : ""));
            final ProtocolReader.Outcome expected = i == cuts.length - 1
                ? ProtocolReader.Outcome.FOUND : ProtocolReader.Outcome.NEED_MORE;
            assertThat(reader.readUntil(server, ProtocolReader.HEAD_END, 1024)).as("after piece %d", i)
                .isEqualTo(expected);
        }
        assertThat(reader.length()).isEqualTo(HEAD.length());
        assertThat(rest(4)).isEqualTo("body");
    }

    @Test
    void linesAndLimits() {
        send("1a;x=y\r\nbody\r\n" + "x".repeat(40));
        final ProtocolReader reader = new ProtocolReader(b.cpu(), 64);
        assertThat(reader.readUntil(server, ProtocolReader.LINE_END, 64)).isEqualTo(ProtocolReader.Outcome.FOUND);
        assertThat(reader.buffer().getStringWithoutLengthAscii(0, reader.length())).isEqualTo("1a;x=y\r\n");
        reader.clear();
        assertThat(rest(4)).isEqualTo("body");
        assertThat(reader.readUntil(server, ProtocolReader.LINE_END, 2)).isEqualTo(ProtocolReader.Outcome.FOUND);
        reader.clear();
        assertThat(reader.readUntil(server, ProtocolReader.LINE_END, 16)).isEqualTo(ProtocolReader.Outcome.TOO_LONG);
        assertThat(reader.length()).isEqualTo(16);
        assertThat(server.readableBytes()).isEqualTo(24);
    }
}
