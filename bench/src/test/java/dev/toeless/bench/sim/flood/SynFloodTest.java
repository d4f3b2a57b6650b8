package dev.toeless.bench.sim.flood;

import dev.toeless.bench.cli.CliRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SYN flood in virtual time: spoofed SYNs at ten times the rate of legitimate clients. With
 * SYN cookies at least 99 % of the legitimate connections succeed and the listener's half-open
 * state stays within its backlog; without them the SYN queue stays full of spoofed entries and
 * legitimate connections fail.
 */
class SynFloodTest {
    private static final long SECOND = SynFloodScenario.SECOND;

    private static SynFloodScenario scenario(boolean cookies) {
        return new SynFloodScenario(7, 200, 10, 3 * SECOND, 64, cookies, 100, 1000, 5 * SECOND);
    }

    @Test
    void withCookiesLegitimateClientsGetThroughAndTheListenerStaysBounded() {
        final SynFloodResult r = SynFloodRun.againstHost(scenario(true)).run();
        assertThat(r.legitAttempted()).isGreaterThan(400);
        assertThat(r.spoofedSyns()).isGreaterThan(9 * r.legitAttempted());
        assertThat(r.successRate()).as("legitimate connections that succeeded").isGreaterThanOrEqualTo(0.99);
        assertThat(r.peakHalfOpen()).as("half-open state within the backlog").isLessThanOrEqualTo(64);
        assertThat(r.peakSockets()).as("connection states held").isLessThan(64 + 32);
        assertThat(r.peakPages()).as("server pages referenced").isLessThan(64);
        assertThat(r.end().synCookiesSent()).as("the flood beyond the backlog was answered statelessly")
            .isGreaterThan(r.spoofedSyns() - 64);
        assertThat(r.end().synQueueDrops()).isZero();
        assertThat(r.leak()).as("every page returned after every timer ran out").isNull();
        assertThat(r.memoryBounded()).isTrue();
        assertThat(r.connectTimes().count()).isEqualTo(r.legitSucceeded());
        assertThat(r.connectTimes().p50Ns()).as("one round trip and the response").isPositive()
            .isLessThanOrEqualTo(r.connectTimes().p99Ns());
        assertThat(r.connectTimes().p99Ns()).isLessThanOrEqualTo(r.connectTimes().maxNs());
    }

    @Test
    void withoutCookiesTheFullSynQueueTurnsLegitimateClientsAway() {
        final SynFloodResult r = SynFloodRun.againstHost(scenario(false)).run();
        assertThat(r.successRate()).as("legitimate connections that succeeded").isLessThan(0.10);
        assertThat(r.peakHalfOpen()).as("the queue is full").isEqualTo(64);
        assertThat(r.end().synQueueDrops()).as("SYNs dropped, queue full").isGreaterThan(r.spoofedSyns() / 2);
        assertThat(r.end().synCookiesSent()).isZero();
        assertThat(r.leak()).isNull();
    }

    @Test
    void withoutAFloodEveryConnectionSucceedsEitherWay() {
        final SynFloodScenario calm = new SynFloodScenario(3, 200, 0, 2 * SECOND, 64, false, 100, 1000, 5 * SECOND);
        final SynFloodResult r = SynFloodRun.againstHost(calm).run();
        assertThat(r.spoofedSyns()).isZero();
        assertThat(r.successRate()).isEqualTo(1.0);
        assertThat(r.end().synQueueDrops()).isZero();
    }

    @Test
    void aSeedGivesTheSameRunEveryTime() {
        final SynFloodScenario s = new SynFloodScenario(11, 100, 10, SECOND, 32, true, 100, 1000, 5 * SECOND);
        assertThat(SynFloodRun.againstHost(s).run()).isEqualTo(SynFloodRun.againstHost(s).run());
    }

    @Test
    void theCommandPrintsBothRunsAndChecksItsArguments() {
        final CliRun run = CliRun.of("syn-flood", "--seconds", "1", "--legit-rate", "100", "--backlog", "32");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("with cookies: 100.00 % succeeded (goal 99 %): met")
            .contains("without cookies:").contains("SYN queue drops");
        final CliRun bad = CliRun.of("syn-flood", "--cookies", "maybe");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--cookies must be on, off or both");
        assertThat(CliRun.of("syn-flood", "--seconds", "0").exitCode()).isEqualTo(2);
        final CliRun json = CliRun.of("syn-flood", "--seconds", "1", "--cookies", "on", "--json");
        assertThat(json.out()).contains("\"legit_succeeded\"").contains("\"peak_half_open\"")
            .contains("\"connect_times\"", "\"p99_ns\"");
    }

    @Test
    void theFloodFillsATwoThousandFourCardsSynQueueAndEachPolicyHandlesTheLegitimateClientsItsWay() {
        final SynFloodScenario s = scenario(true);
        final SynFloodResult fallback = SynFloodRun.againstToe(s, dev.toeless.stack.toe.ToeConfig.card2004()).run();
        final SynFloodResult refuse = SynFloodRun.againstToe(s, dev.toeless.stack.toe.ToeConfig.card2004()
            .withPolicy(dev.toeless.stack.toe.CardFullPolicy.REFUSE)).run();
        for (SynFloodResult r : java.util.List.of(fallback, refuse)) {
            assertThat(r.queueFullAfterNs()).as(r.server() + ": the card's SYN queue filled").isBetween(0L, SECOND);
            assertThat(r.peakHalfOpen()).as("the card's half-open, within its backlog").isEqualTo(64);
            assertThat(r.leak()).as(r.server() + ": every host and card page returned").isNull();
        }
        assertThat(fallback.successRate()).as("the host stack's cookies serve what the card passes up")
            .isGreaterThanOrEqualTo(0.99);
        assertThat(fallback.serverCounters().get("accepted_on_host")).as("most legitimate clients ran on the host")
            .isGreaterThan(fallback.serverCounters().get("accepted_on_card"));
        assertThat(fallback.serverCounters().get("toe_syns_fell_back")).isPositive();
        assertThat(refuse.successRate()).as("refused with the queue full").isLessThan(0.10);
        assertThat(refuse.serverCounters().get("toe_syns_refused")).isPositive();
        assertThat(refuse.serverCounters().get("accepted_on_host")).isZero();
    }
}
