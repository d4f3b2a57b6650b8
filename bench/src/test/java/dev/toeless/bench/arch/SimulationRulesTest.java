package dev.toeless.bench.arch;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.toeless.nic.archfixture.ReadsTheWallClock;
import dev.toeless.nic.archfixture.RollsUnseededDice;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** No wall clock and no unseeded randomness in the model; each rule fires on its fixture. */
class SimulationRulesTest {
    @Test
    void productionModelCodeReadsNoWallClock() {
        SimulationRules.noWallClock().check(ProductionClasses.get());
    }

    @Test
    void productionModelCodeDrawsOnlySeededRandomness() {
        SimulationRules.noUnseededRandomness().check(ProductionClasses.get());
    }

    @Test
    void aWallClockReadIsReportedWithItsInvariant() {
        final EvaluationResult result = SimulationRules.noWallClock()
            .evaluate(new ClassFileImporter().importClasses(ReadsTheWallClock.class));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
            .anyMatch(d -> d.contains("System.nanoTime()"))
            .anyMatch(d -> d.contains("Instant.now()"));
        assertThat(result.getFailureReport().toString()).contains("time is an argument");
    }

    @Test
    void unseededRandomnessIsReported() {
        final EvaluationResult result = SimulationRules.noUnseededRandomness()
            .evaluate(new ClassFileImporter().importClasses(RollsUnseededDice.class));
        assertThat(result.getFailureReport().getDetails())
            .anyMatch(d -> d.contains("Random.<init>()"))
            .anyMatch(d -> d.contains("Math.random()"));
    }
}
