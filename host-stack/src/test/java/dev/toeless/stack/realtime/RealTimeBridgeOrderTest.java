package dev.toeless.stack.realtime;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.tap.NetNamespace;
import dev.toeless.stack.tap.TapDevice;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A frame that already waits in the TAP when a turn starts goes into the model before the timers
 * that fell due while the model was busy: the kernel's ACK that came in during a stall must not be
 * read only after the tail loss probe it should have prevented. The bridge's clock is a stub that
 * jumps 5 ms (the stall); the kernel's frame is the ARP request it sends for a datagram to an
 * unresolved neighbour, in a network namespace of its own. Needs root, /dev/net/tun and iproute2.
 */
class RealTimeBridgeOrderTest {
    @Test
    void framesWaitingInTheTapGoInBeforeTheTimersThatFellDueMeanwhile() throws IOException {
        final String reason = NetNamespace.unavailableReason();
        assumeTrue(reason == null, reason);
        try (NetNamespace ns = NetNamespace.create(); TapDevice tap = TapDevice.open("toeo%d")) {
            ns.adopt(tap.name(), "10.213.77.1/24");
            final long[] wallNs = {0};
            final EventScheduler scheduler = new EventScheduler();
            final List<String> seen = new ArrayList<>();
            final RealTimeBridge bridge = RealTimeBridge.throughLink(tap, scheduler,
                port -> port.attach((nowNs, buffer, offset, length) -> seen.add(
                    (buffer.getShort(offset + 12, ByteOrder.BIG_ENDIAN) == 0x0806 ? "ARP" : "frame") + " at " + nowNs + " ns")),
                LinkConfig.ethernet(10_000_000_000L), new SimRandom(1), () -> wallNs[0]);
            bridge.turn(() -> { }, 0);
            seen.clear();

            final NetNamespace.Result sent = ns.exec("bash", "-c", "echo x > /dev/udp/10.213.77.2/9");
            assertThat(sent.exitCode()).as(sent.output()).isZero();
            assertThat(tap.awaitReadable(5_000)).as("the kernel's ARP request waits in the TAP").isTrue();
            scheduler.at(1_000_000, () -> seen.add("timer at " + scheduler.nowNs() + " ns"));
            wallNs[0] = 5_000_000;
            bridge.turn(() -> { }, 0);

            // the ARP request went into the link at 0 ns, where the model's time stood, and left it
            // after its serialization (about 50 ns at 10 Gb/s); then the timer ran at its time
            assertThat(seen).as("the kernel's ARP request, then the timer due at 1 ms").last()
                .isEqualTo("timer at 1000000 ns");
            assertThat(seen.stream().filter(e -> e.startsWith("ARP at ")).toList()).as(seen.toString()).singleElement()
                .satisfies(e -> assertThat(Long.parseLong(e.split(" ")[2])).isLessThan(1_000_000L));
            assertThat(bridge.framesAheadOfTimers()).isPositive();
        }
    }
}
