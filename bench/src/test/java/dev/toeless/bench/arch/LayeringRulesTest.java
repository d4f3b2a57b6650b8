package dev.toeless.bench.arch;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.toeless.bench.cli.ToelessCommand;
import dev.toeless.nic.archfixture.LeansOnBench;
import dev.toeless.nic.archfixture.cyclea.Ping;
import dev.toeless.nic.archfixture.cycleb.Pong;
import dev.toeless.stack.tcp.seq.SeqNum;
import dev.toeless.vfs.archfixture.AsksTheStack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The module map holds for the production code, and each rule fires on a fixture that breaks it. */
class LayeringRulesTest {
    @Test
    void productionDependenciesPointOneWay() {
        LayeringRules.dependenciesPointOneWay().check(ProductionClasses.get());
    }

    @Test
    void tcpTalksToAnIpOutputNotTheHostIpLayer() {
        LayeringRules.tcpTalksToAnIpOutput().check(ProductionClasses.get());
    }

    @Test
    void productionPackagesHaveNoCycles() {
        LayeringRules.noPackageCycles().check(ProductionClasses.get());
    }

    @Test
    void productionModulesHoldTheirOwnPackages() {
        LayeringRules.modulesHoldTheirOwnPackages().check(ProductionClasses.get());
    }

    @Test
    void theNicModelMayNotDependOnBench() {
        // A layer rule is checked at the accessed class, so the target is imported too.
        assertViolation(LayeringRules.dependenciesPointOneWay(), LeansOnBench.class, "LeansOnBench",
            ToelessCommand.class);
    }

    @Test
    void theFileSinkMayNotDependOnTheStack() {
        assertViolation(LayeringRules.dependenciesPointOneWay(), AsksTheStack.class, "AsksTheStack", SeqNum.class);
    }

    @Test
    void aPackageCycleIsReported() {
        assertViolation(LayeringRules.noPackageCycles(), Ping.class, "cyclea", Pong.class);
    }

    @Test
    void aClassOutsideTheModuleOfItsPackageRootIsReported() {
        // The fixture has the package root 'vfs' but lives in bench's test classes.
        assertViolation(LayeringRules.modulesHoldTheirOwnPackages(), AsksTheStack.class, "comes from module bench");
    }

    @Test
    void packageRootsMapToModules() {
        assertThat(LayeringRules.packageRoot("dev.toeless.stack.tcp.cc")).isEqualTo("stack");
        assertThat(LayeringRules.packageRoot("dev.toeless.nic")).isEqualTo("nic");
    }

    private static void assertViolation(ArchRule rule, Class<?> fixture, String expected, Class<?>... more) {
        final Class<?>[] all = new Class<?>[more.length + 1];
        all[0] = fixture;
        System.arraycopy(more, 0, all, 1, more.length);
        final EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(all));
        assertThat(result.hasViolation()).as("violation reported for %s", fixture.getSimpleName()).isTrue();
        assertThat(result.getFailureReport().toString()).contains(expected);
    }
}
