package dev.toeless.stack.realtime;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.tap.TapDevice;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A turn of the bridge waits in {@code poll()} for the kernel only when the model has nothing due
 * sooner: a frame crossing the modeled link (microseconds) must not sit a whole wait in it. The
 * bridge's clock here is frozen, so the model's time stands still and only the wait is seen. Needs
 * /dev/net/tun (root); the TAPs stay down, so the kernel sends nothing.
 */
class RealTimeBridgeWaitTest {
    @Test
    void aTurnDoesNotWaitForTheKernelWhenTheModelHasAnEventDue() throws IOException {
        final String reason = TapDevice.unavailableReason();
        assumeTrue(reason == null, reason);
        try (TapDevice tap = TapDevice.open("toew%d")) {
            final EventScheduler scheduler = new EventScheduler();
            final RealTimeBridge bridge = RealTimeBridge.throughLink(tap, scheduler, port -> { },
                LinkConfig.ethernet(10_000_000_000L), new SimRandom(1), () -> 0L);
            bridge.turn(() -> { }, 5);
            assertThat(bridge.idleWaits()).as("nothing due: the turn waits for the kernel").isEqualTo(1);
            scheduler.after(1_200, () -> { });
            bridge.turn(() -> { }, 5);
            assertThat(bridge.idleWaits()).as("a frame due in 1.2 us: no wait").isEqualTo(1);
        }
    }

    @Test
    void betweenTwoTapsAlike() throws IOException {
        final String reason = TapDevice.unavailableReason();
        assumeTrue(reason == null, reason);
        try (TapDevice a = TapDevice.open("toew%d"); TapDevice b = TapDevice.open("toew%d")) {
            final EventScheduler scheduler = new EventScheduler();
            final RealTimeBridge bridge = RealTimeBridge.betweenTaps(a, b, scheduler, LinkConfig.ethernet(10_000_000_000L),
                new SimRandom(1), () -> 0L, null);
            bridge.turn(() -> { }, 5);
            assertThat(bridge.idleWaits()).isEqualTo(1);
            scheduler.after(1_200, () -> { });
            bridge.turn(() -> { }, 5);
            assertThat(bridge.idleWaits()).isEqualTo(1);
            scheduler.runUntil(() -> false, () -> { }, 2_000);
            bridge.turn(() -> { }, 5);
            assertThat(bridge.idleWaits()).as("once the event ran, the next turn waits again").isEqualTo(2);
        }
    }
}
