package dev.toeless.stack.tcp.cookie;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.tcp.isn.IsnGenerator;
import dev.toeless.stack.qdisc.Allocations;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** ISNs and SYN cookies are computed without allocating, so a SYN flood costs no garbage. */
class HandshakeSecretsAllocationTest {
    @Test
    void isnsAndCookiesDoNotAllocate() {
        final IsnGenerator isns = new IsnGenerator(new SimRandom(5).fork("isn"));
        final SynCookies cookies = new SynCookies(new SimRandom(5).fork("cookies"));
        final long[] sink = new long[1];
        final Runnable flood = () -> {
            for (int i = 0; i < 10_000; i++) {
                final long now = i * 1_000_000L;
                sink[0] += isns.isnV4(now, 1, 80, i, i & 0xFFFF);
                sink[0] += isns.isnV6(now, 1, 2, 80, 3, i, i & 0xFFFF);
                final int cookie = cookies.cookieV4(now, 1, 80, i, i & 0xFFFF, i, 1460);
                sink[0] += cookies.checkV4(now, 1, 80, i, i & 0xFFFF, i + 1, cookie + 1);
                sink[0] += cookies.checkV6(now, 1, 2, 80, 3, i, 443, i, i);
            }
        };
        assertThat(Allocations.bytesAllocatedOver(20, 1, flood)).isLessThan(1024);
        assertThat(sink[0]).isNotZero();
    }
}
