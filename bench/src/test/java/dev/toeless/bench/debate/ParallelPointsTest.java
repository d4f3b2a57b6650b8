package dev.toeless.bench.debate;

import dev.toeless.bench.demo.CostSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sweep points run on the machine's cores, and every point builds its model from the one seed:
 * two threads give exactly the figures and verdicts one thread gives.
 */
class ParallelPointsTest {
    @TempDir
    Path dir;

    private List<ClaimResult> run(int threads) throws Exception {
        try (SweepPoints points = new SweepPoints(threads, null, false)) {
            return new Debate(new DebateContext(Scale.QUICK, 7, CostSetup.defaults(), ModeRegistry.standard(),
                dir.resolve("t" + threads), points)).run(Claims.parse(List.of("C2", "C5")));
        }
    }

    @Test
    void twoThreadsGiveTheFiguresOfOne() throws Exception {
        final List<ClaimResult> serial = run(1);
        final List<ClaimResult> parallel = run(2);
        assertThat(parallel).hasSize(2);
        for (int i = 0; i < serial.size(); i++) {
            assertThat(parallel.get(i).points()).as(serial.get(i).claim().id()).isNotEmpty()
                .isEqualTo(serial.get(i).points());
            assertThat(parallel.get(i).verdict()).isEqualTo(serial.get(i).verdict());
            assertThat(parallel.get(i).failedPoints()).isZero();
        }
    }

    @Test
    void aPointThatThrowsIsAFailedOutcomeAndTheOthersStillRun() throws Exception {
        try (SweepPoints points = new SweepPoints(2, null, false)) {
            final List<SweepPoints.Outcome<Integer>> out = points.run("T", List.of(
                new SweepPoints.Point<>("one", () -> 1),
                new SweepPoints.Point<>("boom", () -> {
                    throw new IllegalStateException("the transfer did not finish");
                }),
                new SweepPoints.Point<>("three", () -> 3)));
            assertThat(out).extracting(SweepPoints.Outcome::value).containsExactly(1, null, 3);
            assertThat(out.get(1).ok()).isFalse();
            assertThat(out.get(1).error()).isEqualTo("the transfer did not finish");
        }
    }
}
