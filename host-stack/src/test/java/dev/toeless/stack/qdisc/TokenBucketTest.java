package dev.toeless.stack.qdisc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void startsFullAndRefillsAtTheExactRate() {
        final TokenBucket b = TokenBucket.bytesPerSecond(125_000, 3000); // 1 Mbit/s
        assertThat(b.tryTake(0, 3000)).isTrue();
        assertThat(b.tryTake(0, 1)).isFalse();
        assertThat(b.readyAtNs(1500)).isEqualTo(12_000_000L);
        assertThat(b.tryTake(11_999_999L, 1500)).isFalse();
        assertThat(b.tryTake(12_000_000L, 1500)).isTrue();
        assertThat(b.availableTokens(12_000_000L)).isZero();
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        final TokenBucket b = TokenBucket.bytesPerSecond(125_000, 3000);
        b.tryTake(0, 3000);
        assertThat(b.availableTokens(Long.MAX_VALUE / 2)).isEqualTo(3000);
        assertThat(b.readyAtNs(3001)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void packetsPerMinuteAreExactToo() {
        final TokenBucket b = new TokenBucket(3, 60 * SECOND, 1); // 3/minute, burst 1
        assertThat(b.tryTake(0, 1)).isTrue();
        assertThat(b.readyAtNs(1)).isEqualTo(20 * SECOND);
        assertThat(b.tryTake(20 * SECOND - 1, 1)).isFalse();
        assertThat(b.tryTake(20 * SECOND, 1)).isTrue();
    }

    @Test
    void timeGoingBackwardsEarnsNothing() {
        final TokenBucket b = TokenBucket.bytesPerSecond(1000, 1000);
        b.tryTake(SECOND, 1000);
        assertThat(b.availableTokens(0)).isZero();
        assertThat(b.availableTokens(SECOND + 1_000_000)).isEqualTo(1);
    }

    @Test
    void reconfigureKeepsCreditClampedToTheNewBurst() {
        final TokenBucket b = TokenBucket.bytesPerSecond(1000, 1000);
        b.availableTokens(0);
        b.reconfigure(1000, SECOND, 400);
        assertThat(b.availableTokens(0)).isEqualTo(400);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> TokenBucket.bytesPerSecond(0, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new TokenBucket(1, SECOND, Long.MAX_VALUE)).hasMessageContaining("does not fit");
    }
}
