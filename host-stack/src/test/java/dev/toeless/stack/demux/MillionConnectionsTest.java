package dev.toeless.stack.demux;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A million IPv4 connections to one server port: fill, find, remove half, find, remove all. */
class MillionConnectionsTest {
    private static final int N = 1_000_000;
    private static final int SERVER = 0xC0A80001;

    /** Client i: address 10.0.0.0 + i / 50,000, port 10,000 + i % 50,000. */
    private static int clientIp(int i) {
        return 0x0A000000 + i / 50_000;
    }

    private static int clientPort(int i) {
        return 10_000 + i % 50_000;
    }

    @Test
    void aMillionConnectionsFillFindAndEmpty() {
        // The values are the connections' ids, boxed once here; lookups do not box.
        final Integer[] conns = new Integer[N];
        for (int i = 0; i < N; i++) {
            conns[i] = i;
        }
        final ConnectionTable<Integer> table = new ConnectionTable<>(N, 0xC0FFEE);
        for (int i = 0; i < N; i++) {
            assertThat(table.putV4(SERVER, 443, clientIp(i), clientPort(i), conns[i]) == null).isTrue();
        }
        assertThat(table.size()).isEqualTo(N);
        for (int i = 0; i < N; i++) {
            if (table.getV4(SERVER, 443, clientIp(i), clientPort(i)) != conns[i]) {
                throw new AssertionError("connection " + i + " not found");
            }
        }
        assertThat(table.getV4(SERVER, 443, clientIp(N), clientPort(N))).isNull();
        for (int i = 0; i < N; i += 2) {
            assertThat(table.removeV4(SERVER, 443, clientIp(i), clientPort(i)) == conns[i]).isTrue();
        }
        assertThat(table.size()).isEqualTo(N / 2);
        for (int i = 0; i < N; i++) {
            final Integer expected = (i & 1) == 0 ? null : conns[i];
            if (table.getV4(SERVER, 443, clientIp(i), clientPort(i)) != expected) {
                throw new AssertionError("connection " + i + " wrong after removing the even ones");
            }
        }
        for (int i = 1; i < N; i += 2) {
            table.removeV4(SERVER, 443, clientIp(i), clientPort(i));
        }
        assertThat(table.size()).isZero();
    }
}
