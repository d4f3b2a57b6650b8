package dev.toeless.stack.sockmem;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SocketMemoryPropertyTest {

    /**
     * Through random charges and uncharges on several sockets: a charge is allowed exactly when it
     * is no more than the allowance announced just before, usage equals the sum of the accounts,
     * and no socket holds more than its buffer.
     */
    @Property(tries = 300)
    void allowanceIsExactlyWhatAChargeWouldAllow(@ForAll long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final long low = r.nextInt(50);
        final long pressure = low + r.nextInt(50);
        final SocketMemory mem = new SocketMemory(low, pressure, pressure + r.nextInt(50));
        final List<SocketAccount> accounts = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(6); i++) {
            accounts.add(mem.open(r.nextInt(1 << 19), r.nextInt(1 << 19)));
        }
        for (int step = 0; step < 500; step++) {
            final SocketAccount a = accounts.get(r.nextInt(accounts.size()));
            final int bytes = r.nextInt(r.nextBoolean() ? 5000 : 100_000);
            switch (r.nextInt(7)) {
                case 0, 1 -> {
                    final long allowance = mem.receiveWindowAllowance(a);
                    assertThat(mem.chargeReceive(a, bytes).allowed()).as("seed %d step %d", seed, step)
                        .isEqualTo(bytes <= allowance);
                }
                case 2 -> {
                    final long space = mem.sendSpace(a);
                    assertThat(mem.chargeSend(a, bytes).allowed()).isEqualTo(bytes <= space);
                }
                case 3 -> mem.chargeOutOfOrder(a, bytes);
                case 4 -> mem.unchargeReceive(a, (int) Math.min(bytes, a.receiveBytes() - a.outOfOrderBytes()));
                case 5 -> mem.unchargeSend(a, (int) Math.min(bytes, a.sendBytes()));
                default -> mem.unchargeOutOfOrder(a, (int) Math.min(bytes, a.outOfOrderBytes()));
            }
            long sum = 0;
            for (SocketAccount each : accounts) {
                sum += each.totalBytes();
                assertThat(each.receiveBytes()).isLessThanOrEqualTo(each.receiveBufferBytes());
                assertThat(each.sendBytes()).isLessThanOrEqualTo(each.sendBufferBytes());
            }
            assertThat(mem.usedBytes()).isEqualTo(sum);
        }
    }
}
