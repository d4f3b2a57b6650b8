package dev.toeless.stack.host;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications as agents woken by their sockets, never polled: a server that accepts when its
 * listener says a connection waits and reads when its socket says data came; a client that writes
 * when its socket says there is room. Only the scheduler runs; nobody calls the applications
 * between events.
 */
class ReadinessTest {
    private static final int BYTES = 3 * 1024 * 1024 + 17;

    @Test
    void applicationsWokenByTheirSocketsMoveAStream() {
        final TwoHosts net = NicHostTransferTest.hosts(21, DriverMode.STATELESS);
        final byte[] data = new byte[BYTES];
        new SimRandom(5).nextBytes(data);
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final byte[] buffer = new byte[16 * 1024];
        final int[] wakes = new int[3];
        final boolean[] endOfStream = new boolean[1];

        final Listener listener = net.b.tcp().listenV4(HostTransferTest.PORT, 4);
        final StreamSocket[] server = new StreamSocket[1];
        listener.onAcceptable(l -> {
            wakes[0]++;
            server[0] = l.accept();
            server[0].onReady(s -> {
                wakes[1]++;
                int n;
                while ((n = s.read(buffer, 0, buffer.length)) > 0) {
                    received.write(buffer, 0, n);
                }
                if (n < 0 && !endOfStream[0]) {
                    endOfStream[0] = true;
                    s.close();
                }
            });
        });
        final StreamSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, HostTransferTest.PORT);
        final int[] sent = new int[1];
        client.onReady(s -> {
            wakes[2]++;
            if (sent[0] < data.length) {
                sent[0] += s.write(data, sent[0], data.length - sent[0]);
                if (sent[0] == data.length) {
                    s.shutdown();
                }
            }
        });
        net.scheduler.runAll(50_000_000);

        assertThat(endOfStream[0]).as("end of stream seen").isTrue();
        assertThat(received.toByteArray()).isEqualTo(data);
        assertThat(wakes[0]).as("listener wakes").isEqualTo(1);
        assertThat(wakes[1]).as("server wakes").isPositive();
        assertThat(wakes[2]).as("client wakes").isPositive();
        assertThat((long) wakes[1] + wakes[2]).as("wakes, against scheduler events")
            .isLessThan(net.scheduler.executed());
        net.closeAndCheckNoLeaks(client::close, listener::close);
    }
}
