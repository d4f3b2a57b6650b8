package dev.toeless.nic.ring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InterruptCoalescingTest {
    @Test
    void withoutCoalescingEveryCompletionInterrupts() {
        final InterruptCoalescing none = InterruptCoalescing.none();
        assertThat(none.raiseNow(0, 1)).isTrue();
        assertThat(none.raiseNow(10, 1)).isTrue();
        assertThat(none.raiseNow(20, 0)).isFalse();
    }

    @Test
    void framesThresholdFiresFirstUnderLoad() {
        final InterruptCoalescing c = new InterruptCoalescing(50, 4); // rx-usecs 50 rx-frames 4
        assertThat(c.raiseNow(1_000, 1)).isFalse();
        assertThat(c.raiseNow(2_000, 3)).isFalse();
        assertThat(c.raiseNow(3_000, 4)).isTrue();
        assertThat(c.raised()).isEqualTo(1);
    }

    @Test
    void timeThresholdFiresForATrickle() {
        final InterruptCoalescing c = new InterruptCoalescing(50, 64);
        assertThat(c.raiseNow(1_000, 1)).isFalse();
        assertThat(c.deadlineNs()).isEqualTo(51_000);
        assertThat(c.raiseNow(50_999, 2)).isFalse();
        assertThat(c.raiseNow(51_000, 2)).isTrue();
        assertThat(c.deadlineNs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aDrainedRingResetsTheWindow() {
        final InterruptCoalescing c = new InterruptCoalescing(50, 64);
        c.raiseNow(0, 1);
        assertThat(c.raiseNow(10_000, 0)).isFalse(); // the poll took everything
        assertThat(c.raiseNow(40_000, 1)).isFalse(); // a new window starts here
        assertThat(c.raiseNow(89_999, 1)).isFalse();
        assertThat(c.raiseNow(90_000, 1)).isTrue();
    }

    @Test
    void zeroFramesMeansTimeOnly() {
        final InterruptCoalescing c = new InterruptCoalescing(10, 0);
        assertThat(c.raiseNow(0, 1000)).isFalse();
        assertThat(c.raiseNow(10_000, 1000)).isTrue();
    }
}
