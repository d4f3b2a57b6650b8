package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.stack.tcp.cc.CongestionControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Switching an open connection's congestion control, as {@code setsockopt(TCP_CONGESTION)} does
 * on an established Linux socket: refused before the handshake chose one, then the connection
 * runs on the new one from its initial window and still moves every byte.
 */
@ExtendWith(PageLeakCheck.class)
class CongestionControlSwitchTest {
    static final long SECOND = 1_000_000_000L;

    HostMemory memory = new HostMemory(16 * 1024);

    @Test
    void anEstablishedConnectionSwitchesFromCubicToNewRenoAndFinishes() {
        final TcpConfig cubic = TcpConfig.builder().receiveBufferBytes(128 * 1024).sendBufferBytes(128 * 1024)
            .congestionControl(() -> CongestionControls.create("cubic")).build();
        final TwoEngines e = new TwoEngines(memory, 3, cubic, cubic);
        try {
            assertThat(e.a.conn.switchCongestionControl(0, CongestionControls.create("newreno")))
                .as("before the handshake there is nothing to switch").isFalse();
            e.a.toSend = 2L << 20;
            e.b.conn.listen(500);
            e.a.conn.connect(e.sched.nowNs(), 100);
            e.a.reschedule();
            while (e.a.conn.state() != TcpState.ESTABLISHED && e.sched.runNext()) {
                // the handshake
            }
            assertThat(e.a.conn.congestionControlName()).isEqualTo("cubic");

            assertThat(e.a.conn.switchCongestionControl(e.sched.nowNs(), CongestionControls.create("newreno"))).isTrue();

            assertThat(e.a.conn.congestionControlName()).isEqualTo("newreno");
            assertThat(e.a.conn.cwndBytes()).as("the new one starts from its initial window").isPositive();
            while (!(e.b.received == 2L << 20) && e.sched.nowNs() < 60 * SECOND && e.sched.runNext()) {
                // the transfer, on NewReno now
            }
            assertThat(e.b.received).isEqualTo(2L << 20);
            assertThat(e.a.conn.congestionControlName()).isEqualTo("newreno");
        } finally {
            e.finish();
        }
    }
}
