package dev.toeless.stack.sockmem;

import dev.toeless.stack.qdisc.Allocations;
import org.junit.jupiter.api.Test;

import static dev.toeless.stack.sockmem.ChargeResult.ALLOWED;
import static dev.toeless.stack.sockmem.ChargeResult.REFUSED_GLOBAL_LIMIT;
import static dev.toeless.stack.sockmem.ChargeResult.REFUSED_PRESSURE;
import static dev.toeless.stack.sockmem.ChargeResult.REFUSED_SOCKET_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SocketMemoryTest {
    private static final int PAGE = 4096;

    /** tcp_mem = 10 / 20 / 40 pages. */
    private final SocketMemory mem = new SocketMemory(10, 20, 40);

    @Test
    void socketBufferIsTheFirstLimit() {
        final SocketAccount s = mem.open(64 * 1024, 16 * 1024);
        assertThat(mem.chargeReceive(s, 60_000)).isEqualTo(ALLOWED);
        assertThat(mem.receiveWindowAllowance(s)).isEqualTo(65_536 - 60_000);
        assertThat(mem.chargeReceive(s, 6_000)).isEqualTo(REFUSED_SOCKET_LIMIT);
        assertThat(mem.refused(ChargeKind.RECEIVE, REFUSED_SOCKET_LIMIT)).isEqualTo(1);
        assertThat(s.refused()).isEqualTo(1);
        mem.unchargeReceive(s, 10_000);
        assertThat(mem.chargeReceive(s, 6_000)).isEqualTo(ALLOWED);
        assertThat(mem.usedBytes()).isEqualTo(56_000);
        assertThat(mem.usedPages()).isEqualTo(14);
    }

    @Test
    void globalHighRefusesButTheMinimumIsAlwaysGranted() {
        final SocketAccount big = mem.open(1 << 20, 1 << 20);
        final SocketAccount late = mem.open(1 << 20, 1 << 20);
        assertThat(mem.chargeReceive(big, 40 * PAGE)).isEqualTo(ALLOWED);
        assertThat(mem.state()).isEqualTo(PressureState.PRESSURE);
        assertThat(mem.chargeReceive(big, 1)).isEqualTo(REFUSED_GLOBAL_LIMIT);
        assertThat(mem.receiveWindowAllowance(late)).isEqualTo(PAGE);
        assertThat(mem.chargeReceive(late, PAGE)).isEqualTo(ALLOWED);
        assertThat(mem.state()).isEqualTo(PressureState.OVER_LIMIT);
        assertThat(mem.chargeReceive(late, 1)).isEqualTo(REFUSED_GLOBAL_LIMIT);
        assertThat(mem.chargeSend(late, PAGE)).isEqualTo(ALLOWED); // the send minimum is its own
        assertThat(mem.refused(REFUSED_GLOBAL_LIMIT)).isEqualTo(2);
    }

    @Test
    void pressureHasHysteresisBetweenLowAndPressure() {
        final SocketAccount s = mem.open(1 << 20, 1 << 20);
        mem.chargeReceive(s, 20 * PAGE);
        assertThat(mem.state()).isEqualTo(PressureState.NORMAL);
        mem.chargeReceive(s, 1);
        assertThat(mem.state()).isEqualTo(PressureState.PRESSURE);
        assertThat(mem.pressureEntries()).isEqualTo(1);
        mem.unchargeReceive(s, 10 * PAGE);
        assertThat(mem.state()).isEqualTo(PressureState.PRESSURE); // 10 pages + 1 byte: not below low
        mem.unchargeReceive(s, 2);
        assertThat(mem.state()).isEqualTo(PressureState.NORMAL);
        mem.chargeReceive(s, 11 * PAGE);
        assertThat(mem.pressureEntries()).isEqualTo(2);
    }

    @Test
    void underPressureASocketGetsItsFairShareOnly() {
        final SocketAccount hog = mem.open(1 << 20, 1 << 20);
        final SocketAccount small = mem.open(1 << 20, 1 << 20);
        assertThat(mem.chargeReceive(hog, 25 * PAGE)).isEqualTo(ALLOWED); // enters pressure
        // two sockets, high = 40 pages: fair share 20 pages each
        assertThat(mem.chargeReceive(hog, 1)).isEqualTo(REFUSED_PRESSURE);
        assertThat(mem.receiveWindowAllowance(hog)).isZero();
        assertThat(mem.receiveWindowAllowance(small)).isEqualTo(15 * PAGE); // limited by the global room
        assertThat(mem.chargeReceive(small, 10 * PAGE)).isEqualTo(ALLOWED);
        assertThat(mem.receiveWindowAllowance(small)).isEqualTo(5 * PAGE);
        assertThat(mem.refused(ChargeKind.RECEIVE, REFUSED_PRESSURE)).isEqualTo(1);
        assertThat(mem.chargeReceive(hog, 0)).isEqualTo(ALLOWED); // nothing asked, nothing refused
    }

    @Test
    void outOfOrderDataIsRefusedUnderPressureAndPrunedWhenOver() {
        final SocketAccount s = mem.open(1 << 20, 1 << 20);
        assertThat(mem.chargeOutOfOrder(s, 15 * PAGE)).isEqualTo(ALLOWED);
        assertThat(mem.chargeReceive(s, 6 * PAGE)).isEqualTo(ALLOWED); // 21 pages: pressure
        assertThat(mem.chargeOutOfOrder(s, 1000)).isEqualTo(REFUSED_PRESSURE);
        assertThat(mem.chargeReceive(s, 1000)).isEqualTo(ALLOWED); // one socket: its fair share is all of high
        assertThat(mem.outOfOrderExcess(s)).isZero();
        mem.setReceiveBuffer(s, 16 * PAGE);
        assertThat(mem.outOfOrderExcess(s)).isEqualTo(21 * PAGE + 1000 - 16 * PAGE);
        mem.unchargeOutOfOrder(s, (int) mem.outOfOrderExcess(s));
        assertThat(s.receiveBytes()).isEqualTo(16 * PAGE);
        mem.promoteOutOfOrder(s, (int) s.outOfOrderBytes());
        assertThat(s.outOfOrderBytes()).isZero();
        assertThat(mem.outOfOrderExcess(s)).isZero();
        assertThat(mem.refused(ChargeKind.OUT_OF_ORDER, REFUSED_PRESSURE)).isEqualTo(1);
    }

    @Test
    void writerBlocksAndIsWokenWithHysteresis() {
        final SocketAccount s = mem.open(1 << 20, 8 * PAGE);
        assertThat(mem.sendSpace(s)).isEqualTo(8 * PAGE);
        assertThat(mem.chargeSend(s, 8 * PAGE)).isEqualTo(ALLOWED);
        assertThat(mem.chargeSend(s, 1)).isEqualTo(REFUSED_SOCKET_LIMIT);
        assertThat(mem.isWritable(s)).isFalse();
        mem.unchargeSend(s, 2 * PAGE);
        assertThat(mem.isWritable(s)).isFalse(); // 2 pages free, 6 queued
        mem.unchargeSend(s, 1 * PAGE);
        assertThat(mem.isWritable(s)).isTrue(); // 3 free >= 5 / 2
        assertThat(mem.refused(ChargeKind.SEND, REFUSED_SOCKET_LIMIT)).isEqualTo(1);
    }

    @Test
    void theGlobalLimitCanBeSwitchedOffAndRetunedAtRunTime() {
        final SocketAccount s = mem.open(1 << 20, 1 << 20);
        mem.chargeReceive(s, 40 * PAGE);
        assertThat(mem.chargeReceive(s, PAGE)).isEqualTo(REFUSED_GLOBAL_LIMIT);
        mem.setGlobalLimitEnabled(false);
        assertThat(mem.state()).isEqualTo(PressureState.NORMAL);
        assertThat(mem.chargeReceive(s, PAGE)).isEqualTo(ALLOWED);
        assertThat(mem.receiveWindowAllowance(s)).isEqualTo((1 << 20) - 41 * PAGE);
        mem.setGlobalLimitEnabled(true);
        assertThat(mem.state()).isEqualTo(PressureState.OVER_LIMIT);
        mem.setLimits(100, 200, 400);
        assertThat(mem.state()).isEqualTo(PressureState.NORMAL);
        assertThat(mem.chargeReceive(s, PAGE)).isEqualTo(ALLOWED);
    }

    @Test
    void closeReleasesEverythingAndAccountsCannotBeMisused() {
        final SocketAccount a = mem.open(1 << 20, 1 << 20);
        final SocketAccount b = mem.open(1 << 20, 1 << 20);
        mem.chargeReceive(a, 5000);
        mem.chargeOutOfOrder(a, 3000);
        mem.chargeSend(a, 7000);
        mem.chargeSend(b, 100);
        mem.close(a);
        assertThat(mem.usedBytes()).isEqualTo(100);
        assertThat(mem.sockets()).isEqualTo(1);
        assertThat(mem.peakBytes()).isEqualTo(15_100);
        assertThatThrownBy(() -> mem.chargeReceive(a, 1)).hasMessageContaining("closed");
        assertThatThrownBy(() -> mem.unchargeSend(b, 101)).hasMessageContaining("uncharging 101 send bytes but 100");
        assertThatThrownBy(() -> new SocketMemory(1, 1, 1).chargeReceive(b, 1)).hasMessageContaining("another");
        assertThatThrownBy(() -> new SocketMemory(3, 2, 1)).hasMessageContaining("low <= pressure <= high");
    }

    @Test
    void inOrderUnchargeCannotTakeOutOfOrderBytes() {
        final SocketAccount a = mem.open(1 << 20, 1 << 20);
        mem.chargeOutOfOrder(a, 3000);
        assertThatThrownBy(() -> mem.unchargeReceive(a, 1)).hasMessageContaining("in-order receive");
    }

    @Test
    void chargesAllocateNothing() {
        final SocketAccount a = mem.open(1 << 20, 1 << 20);
        final SocketAccount b = mem.open(1 << 20, 1 << 20);
        final long bytes = Allocations.bytesAllocatedBy(() -> {
            for (int i = 0; i < 100_000; i++) {
                mem.chargeReceive(a, 30_000);
                mem.chargeOutOfOrder(b, 30_000);
                mem.chargeSend(a, 100_000); // refused: counted, not allocated
                mem.receiveWindowAllowance(b);
                mem.unchargeReceive(a, (int) (a.receiveBytes() - a.outOfOrderBytes()));
                mem.unchargeOutOfOrder(b, (int) b.outOfOrderBytes());
            }
        });
        assertThat(bytes).as("bytes allocated over 100,000 calls: not one object per call").isLessThan(16_384);
    }
}
