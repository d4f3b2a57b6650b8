package dev.toeless.bench.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.toeless.stack.archfixture.BorrowsTheNicsDma;
import dev.toeless.stack.archfixture.CopiesThroughCpuTouch;
import dev.toeless.stack.archfixture.MapsForeignMemory;
import dev.toeless.stack.archfixture.OpensHostMemoryByReflection;
import dev.toeless.stack.archfixture.PeeksWithUnsafe;
import dev.toeless.stack.archfixture.ReadsAViewOfAPage;
import dev.toeless.stack.archfixture.ReadsThroughNativeCode;
import dev.toeless.stack.archfixture.WrapsARawAddress;
import dev.toeless.stack.archfixture.WritesWithDiskDma;
import dev.toeless.vfs.archfixture.ChannelThatSeesPages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The zero-touch rule holds for the production code, and fires on each way around it. */
class ZeroTouchRuleTest {
    @Test
    void productionHostCodeReachesPayloadOnlyThroughCpuTouch() {
        ZeroTouchRule.rule().check(ProductionClasses.get());
    }

    @Test
    void theScanSeesEveryModuleAndNoTestClass() {
        final JavaClasses all = ProductionClasses.get();
        assertThat(all.contain("dev.toeless.nic.mem.HostMemory")).isTrue();
        assertThat(all.contain("dev.toeless.stack.tcp.seq.SeqNum")).isTrue();
        assertThat(all.contain("dev.toeless.bench.cli.ToelessCommand")).isTrue();
        assertThat(all.stream().map(c -> c.getPackageName()))
            .noneMatch(p -> p.contains("archfixture"))
            .noneMatch(p -> p.equals("dev.toeless.nic.testing"));
        assertThat(all.contain("dev.toeless.nic.mem.LeakyView")).isFalse();
    }

    static Stream<Arguments> waysAroundCpuTouch() {
        return Stream.of(
            Arguments.of(ReadsAViewOfAPage.class, "noByteViewsOutOfHostMemory"),
            Arguments.of(PeeksWithUnsafe.class, "noRawMemoryAccess"),
            Arguments.of(OpensHostMemoryByReflection.class, "noReflectionPastEncapsulation"),
            Arguments.of(BorrowsTheNicsDma.class, "noNicDma"),
            Arguments.of(WritesWithDiskDma.class, "diskDmaOnlyInTheFileSink"),
            Arguments.of(MapsForeignMemory.class, "noForeignMemoryOutsideTheTapBridge"),
            Arguments.of(WrapsARawAddress.class, "noRawAddressBuffers"),
            Arguments.of(ReadsThroughNativeCode.class, "noNativeMethods"),
            Arguments.of(ChannelThatSeesPages.class, "onlyTheDiskModelImplementsAChannel"));
    }

    @ParameterizedTest(name = "{0} is caught by {1}")
    @MethodSource("waysAroundCpuTouch")
    void theRuleReportsHostCodeThatGoesAroundCpuTouch(Class<?> fixture, String part) throws ReflectiveOperationException {
        final JavaClasses only = new ClassFileImporter().importClasses(fixture);
        final EvaluationResult whole = ZeroTouchRule.rule().evaluate(only);
        assertThat(whole.hasViolation()).as("violation reported for %s", fixture.getSimpleName()).isTrue();
        assertThat(whole.getFailureReport().toString())
            .contains(fixture.getSimpleName())
            .contains(ZeroTouchRule.INVARIANT);
        final ArchRule partRule = (ArchRule) ZeroTouchRule.class.getDeclaredMethod(part).invoke(null);
        assertThat(partRule.evaluate(only).hasViolation()).as("%s catches %s", part, fixture.getSimpleName()).isTrue();
    }

    @Test
    void theRuleLetsHonestHostCodePass() {
        final EvaluationResult result = ZeroTouchRule.rule()
            .evaluate(new ClassFileImporter().importClasses(CopiesThroughCpuTouch.class));
        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }

    @Test
    void theRuleNamesItsInvariant() {
        assertThat(ZeroTouchRule.rule().getDescription()).contains("zero touch is structural", "CpuTouch");
    }
}
