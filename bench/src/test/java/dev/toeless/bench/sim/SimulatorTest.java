package dev.toeless.bench.sim;

import dev.toeless.bench.cli.CliRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The deterministic simulator: thousands of seeds pass, a broken invariant is caught with its seed, runs replay. */
class SimulatorTest {
    private static final long FIRST_SEED = 1;
    private static final int SEEDS = 5_000;

    @Test
    void thousandsOfSeedsPassEveryInvariantAndFinish() {
        System.out.println("SimulatorTest seeds " + FIRST_SEED + ".." + (FIRST_SEED + SEEDS - 1)
            + " (replay one: ./toeless sim --seeds 1 --from SEED)");
        final SimSummary summary = new Simulator().run(FIRST_SEED, SEEDS, r -> { });
        final StringBuilder failures = new StringBuilder();
        for (SimSummary.Failure f : summary.failures()) {
            failures.append("\nseed ").append(f.seed()).append(": ").append(f.what()).append("\nreplay: ")
                .append(f.replay());
        }
        assertThat(summary.failed()).as("failed seeds:%s", failures).isZero();
        assertThat(summary.passed()).isEqualTo(SEEDS);
        assertThat(summary.bytesMoved()).isPositive();
        System.out.printf("SimulatorTest: %d seeds, %,d bytes checked, %.0f s virtual, %,d events, %d ms wall%n",
            summary.seedsRun(), summary.bytesMoved(), summary.virtualNs() / 1e9, summary.events(), summary.wallMs());
    }

    @Test
    void aSeedIsAPureFunction() {
        final SeedResult first = new Simulator().runSeed(42);
        final SeedResult again = new Simulator().runSeed(42);
        assertThat(again).isEqualTo(first);
        assertThat(new Simulator().run(40, 5, r -> { }).events())
            .isEqualTo(new Simulator().run(40, 5, r -> { }).events());
    }

    @Test
    void aCorruptedDeliveredByteIsCaughtAndReportedWithItsSeed() {
        final DeliveryHook flipOneByte = (stream, offset, bytes, length) -> {
            if (stream.equals("conn1 b>a") && offset <= 1000 && offset + length > 1000) {
                bytes[(int) (1000 - offset)] ^= 0x10;
            }
        };
        final SimSummary summary = new Simulator(flipOneByte).run(7, 3, r -> { });
        assertThat(summary.failed()).isPositive();
        final SimSummary.Failure f = summary.failures().getFirst();
        assertThat(f.what()).contains("conn1 b>a").contains("byte 1000 differs from what was sent")
            .contains("scenario of seed " + f.seed());
        assertThat(f.replay()).isEqualTo("./toeless sim --seeds 1 --from " + f.seed());
    }

    @Test
    void bytesDeliveredBeyondWhatWasSentAreCaught() {
        final DeliveryHook none = DeliveryHook.NONE;
        final SeedResult ok = new Simulator(none).runSeed(3);
        assertThat(ok.passed()).as(ok.failure()).isTrue();
        final SeedResult broken = new Simulator((stream, offset, bytes, length) -> {
            if (stream.startsWith("conn0 a>b") && offset == 0 && length > 0) {
                bytes[0] ^= 0x01;
            }
        }).runSeed(3);
        assertThat(broken.passed()).isFalse();
        assertThat(broken.failure()).contains("conn0 a>b: byte 0 differs");
    }

    @Test
    void theCommandLineSummarisesAndFailsWithTheReplayCommand() {
        final CliRun ok = CliRun.of("sim", "--seeds", "5", "--from", "100");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("seeds 100..104: 5 run, 5 passed, 0 failed").contains("bytes moved");

        final CliRun json = CliRun.of("sim", "--seeds", "2", "--json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).contains("\"seeds_run\" : 2").contains("\"failures\" : [ ]");
    }

    @Test
    void badTableArgumentsAreOneClearLine() {
        final CliRun cc = CliRun.of("sim", "--table", "--cc", "vegas");
        assertThat(cc.exitCode()).isEqualTo(2);
        assertThat(cc.err()).contains("--cc must be one of newreno, cubic, none: vegas").doesNotContain("\tat ");
        final CliRun seeds = CliRun.of("sim", "--table", "--table-seeds", "0");
        assertThat(seeds.exitCode()).isEqualTo(2);
        assertThat(seeds.err()).contains("--table-seeds must be >= 1").doesNotContain("\tat ");
        final CliRun cap = CliRun.of("sim", "--table", "--table-cap-seconds", "-3");
        assertThat(cap.exitCode()).isEqualTo(2);
        assertThat(cap.err()).contains("--table-cap-seconds must be 1 .. 1000000").doesNotContain("\tat ");
        final CliRun probe = CliRun.of("sim", "--table", "--probe-timeout", "fast");
        assertThat(probe.exitCode()).isEqualTo(2);
        assertThat(probe.err()).contains("--probe-timeout must be floor or linux: fast").doesNotContain("\tat ");
    }

    @Test
    void aFailingSeedExitsNonZeroAndPrintsItsReplay() {
        final java.io.StringWriter out = new java.io.StringWriter();
        final SimSummary summary = new Simulator((stream, offset, bytes, length) -> bytes[0] ^= 1).run(5, 1, r -> { });
        SimCommand.print(summary, new java.io.PrintWriter(out, true));
        assertThat(out.toString()).contains("1 failed").contains("failed seed 5: ./toeless sim --seeds 1 --from 5");
        assertThat(SimCommand.exitCode(summary)).isEqualTo(SimCommand.EXIT_FAILED);
    }
}
