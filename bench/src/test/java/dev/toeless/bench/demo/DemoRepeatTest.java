package dev.toeless.bench.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toeless.bench.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo --repeat N}: interleaved repeats whose modeled figures and exact counters never change. */
class DemoRepeatTest {
    @TempDir
    Path dir;

    @Test
    void repeatsRunEveryModeAndTheModeledFiguresAreTheSameEachTime() throws Exception {
        final CliRun run = CliRun.of("demo", "--size", "1MiB", "--mode", "none,stateless", "--repeat", "3",
            "--out", dir.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        final JsonNode all = new ObjectMapper().readTree(run.out());
        assertThat(all.get("modes")).as("the first round's full figures").hasSize(2);
        final JsonNode repeats = all.get("repeats");
        assertThat(repeats).hasSize(2);
        for (JsonNode m : repeats) {
            assertThat(m.get("repeats").asInt()).isEqualTo(3);
            assertThat(m.get("deterministic").asBoolean()).as(m.toString()).isTrue();
            assertThat(m.get("host_ns_per_byte_min").asDouble())
                .isLessThanOrEqualTo(m.get("host_ns_per_byte_median").asDouble())
                .isPositive();
            assertThat(m.get("host_ns_per_byte_max").asDouble())
                .isGreaterThanOrEqualTo(m.get("host_ns_per_byte_median").asDouble());
        }
        assertThat(repeats.get(1).get("touch_per_byte").asDouble()).isZero();
        assertThat(repeats.get(0).get("copies_per_byte").asDouble()).isEqualTo(1.0);
    }

    @Test
    void theTableNamesTheMeasuredRatio() throws Exception {
        final CliRun run = CliRun.of("demo", "--size", "1MiB", "--mode", "stateless,none", "--repeat", "2",
            "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("host_ns_per_byte_median", "modeled_same")
            .containsPattern("stateless/none host_ns_per_byte, median of 2 interleaved repeats: [0-9.]+ \\(measured");
    }

    @Test
    void aRepeatCountOutOfRangeIsAUsageError() {
        final CliRun run = CliRun.of("demo", "--repeat", "0", "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--repeat must be between 1 and 100");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(RepeatedRuns.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(RepeatedRuns.median(new double[] {5, 1, 3})).isEqualTo(3);
    }
}
