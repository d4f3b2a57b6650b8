package dev.toeless.stack.tcp.cc;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the order of events, the windows stay within the RFC floors. */
class CongestionWindowPropertiesTest {
    enum Kind { ACK, ENTER_RECOVERY, DUP_ACK, PARTIAL_ACK, EXIT_RECOVERY, TIMEOUT, IDLE }

    record Event(Kind kind, long bytes, long advanceNs) {
    }

    @Property(tries = 300)
    void newRenoWindowStaysAboveTheFloors(@ForAll("events") @Size(max = 400) List<Event> events,
                                          @ForAll @IntRange(min = 1, max = 9000) int mss) {
        run(new NewReno(), mss, events);
    }

    @Property(tries = 300)
    void cubicWindowStaysAboveTheFloors(@ForAll("events") @Size(max = 400) List<Event> events,
                                        @ForAll @IntRange(min = 1, max = 9000) int mss) {
        run(new Cubic(), mss, events);
    }

    private static void run(CongestionControl cc, int mss, List<Event> events) {
        long now = 0;
        boolean inRecovery = false;
        cc.init(now, mss);
        for (Event e : events) {
            now += e.advanceNs();
            final long flight = Math.min(e.bytes(), 4 * cc.cwndBytes());
            switch (e.kind()) {
                case ACK -> {
                    if (!inRecovery) {
                        cc.onAck(now, e.bytes(), e.advanceNs() > 0 ? e.advanceNs() : -1, flight);
                    }
                }
                case ENTER_RECOVERY -> {
                    if (!inRecovery) {
                        cc.onEnterRecovery(now, flight);
                        inRecovery = true;
                        assertThat(cc.ssthreshBytes()).isGreaterThanOrEqualTo(2L * mss);
                    }
                }
                case DUP_ACK -> {
                    if (inRecovery) {
                        cc.onRecoveryAck(now, 0, flight);
                    }
                }
                case PARTIAL_ACK -> {
                    if (inRecovery) {
                        cc.onRecoveryAck(now, e.bytes(), flight);
                    }
                }
                case EXIT_RECOVERY -> {
                    if (inRecovery) {
                        cc.onExitRecovery(now, flight);
                        inRecovery = false;
                        assertThat(cc.cwndBytes()).isGreaterThanOrEqualTo(2L * mss);
                    }
                }
                case TIMEOUT -> {
                    cc.onRetransmitTimeout(now, flight);
                    inRecovery = false;
                    assertThat(cc.cwndBytes()).isEqualTo(mss);
                    assertThat(cc.ssthreshBytes()).isGreaterThanOrEqualTo(2L * mss);
                }
                case IDLE -> {
                    // Idle restart happens with nothing outstanding, so never inside recovery.
                    if (!inRecovery) {
                        cc.onIdleRestart(now);
                    }
                }
            }
            assertThat(cc.cwndBytes()).isGreaterThanOrEqualTo(mss);
            assertThat(cc.ssthreshBytes()).isGreaterThanOrEqualTo(2L * mss);
            if (inRecovery) {
                assertThat(cc.cwndBytes()).as("recovery window").isEqualTo(cc.ssthreshBytes());
            }
        }
    }

    @Provide
    Arbitrary<List<Event>> events() {
        final Arbitrary<Event> event = Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.longs().between(0, 10_000_000),
                Arbitraries.longs().between(0, 2_000_000_000L)).as(Event::new);
        return event.list();
    }
}
