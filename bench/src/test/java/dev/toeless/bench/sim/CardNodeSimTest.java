package dev.toeless.bench.sim;

import dev.toeless.bench.cli.CliRun;
import dev.toeless.nic.stats.CounterSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator draws {@code card-node} hosts: host b behind a card node whose wire port takes the
 * seed's link faults, in proxy mode (the card's splice proxy ends host a's connections and relays
 * them to host b over the PCI link) and, for some seeds, routing mode (host b ends TCP itself).
 * Every seed of a range passes the same invariants (every byte exact, nothing after a reset,
 * sequence rules on each TCP connection, liveness, no page left on the hosts or the card), both
 * modes carry data, and aborted connections reach the other side through the proxy.
 */
class CardNodeSimTest {
    private static final long FIRST_SEED = 1;
    private static final int SEEDS = 40;

    @Test
    void cardNodeSeedsPassTheSameInvariantsInProxyAndRoutingMode() {
        System.out.println("CardNodeSimTest seeds " + FIRST_SEED + ".." + (FIRST_SEED + SEEDS - 1)
            + " (replay one: ./toeless sim --seeds 1 --from SEED --toe-share 0 --toe-ddp-share 0 --card-node-share 1)");
        int proxySeeds = 0;
        int routingSeeds = 0;
        long spliced = 0;
        long forwarded = 0;
        long spliceResets = 0;
        final StringBuilder failures = new StringBuilder();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            final SimScenario scenario = SimScenario.draw(seed, null, 0, 1.0);
            assertThat(scenario.hostKind()).isEqualTo(SimHostKind.CARD_NODE);
            assertThat(scenario.connections()).as("the card node is IPv4 only")
                .noneMatch(SimScenario.Connection::ipv6);
            final SimRun run = new SimRun(scenario, DeliveryHook.NONE);
            final SeedResult r = run.run();
            if (!r.passed()) {
                failures.append("\nseed ").append(seed).append(": ").append(r.failure())
                    .append("\nreplay: ./toeless sim --seeds 1 --from ").append(seed).append(" --toe-share 0 --toe-ddp-share 0 --card-node-share 1");
                continue;
            }
            final CounterSnapshot c = run.cardNodeCounters();
            if (scenario.cardNode().routing()) {
                routingSeeds++;
                forwarded += c.count("forwarded_to_host") + c.count("forwarded_to_wire");
            } else {
                proxySeeds++;
                spliced += c.count("splice_bytes_to_host") + c.count("splice_bytes_to_remote");
                spliceResets += c.count("splice_resets");
            }
        }
        assertThat(failures.length()).as("failed card-node seeds:%s", failures).isZero();
        System.out.printf("CardNodeSimTest: %d proxy seeds (%,d bytes spliced, %d relays reset with an end),"
            + " %d routing seeds (%,d packets forwarded)%n", proxySeeds, spliced, spliceResets, routingSeeds, forwarded);
        assertThat(proxySeeds).as("proxy mode is drawn").isPositive();
        assertThat(routingSeeds).as("routing mode is drawn").isPositive();
        assertThat(spliced).as("the splice proxy carries the seeds' data").isPositive();
        assertThat(forwarded).as("the card forwards in routing mode").isPositive();
        assertThat(spliceResets).as("an aborted connection's reset crosses the proxy").isPositive();
    }

    @Test
    void theCommandLineTakesTheShareAndRefusesOneOutsideZeroToOne() {
        final CliRun ok = CliRun.of("sim", "--seeds", "2", "--from", "7", "--card-node-share", "1");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("seeds 7..8: 2 run, 2 passed, 0 failed");
        final CliRun bad = CliRun.of("sim", "--seeds", "1", "--card-node-share", "1.5");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--card-node-share must be 0 to 1: 1.5").doesNotContain("\tat ");
    }

    @Test
    void theShareDrawsFromAStreamOfItsOwnAndToeSeedsStayToeSeeds() {
        for (long seed = 1; seed <= 20; seed++) {
            final SimScenario plain = SimScenario.draw(seed, null, 0, 0);
            assertThat(plain.hostKind()).isEqualTo(SimHostKind.HOST_STACK);
            assertThat(plain.describe()).isEqualTo(SimScenario.draw(seed).describe());
            assertThat(SimScenario.draw(seed, null, 1.0, 1.0).describe())
                .as("a toe seed is the same toe seed with card nodes drawn too")
                .isEqualTo(SimScenario.draw(seed, null, 1.0).describe());
        }
    }
}
