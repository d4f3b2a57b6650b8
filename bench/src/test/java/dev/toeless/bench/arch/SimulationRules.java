package dev.toeless.bench.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Invariant 4 of ARCHITECTURE.md, "time is an argument", as rules over the model's modules (bench,
 * which measures wall time on purpose, is not one of them): no wall clock, and no randomness
 * that does not come from a seed. Where a real kernel is the peer, the real-time bridge
 * ({@code dev.toeless.stack.realtime}) is handed a wall clock by its caller in bench or a test.
 */
final class SimulationRules {
    static final String[] MODEL_CODE = {
        "dev.toeless.nic..", "dev.toeless.accum..", "dev.toeless.tso..", "dev.toeless.stack..", "dev.toeless.vfs.."};

    private static final Set<String> DATE_TIME_TYPES = Set.of(
        "java.time.Instant", "java.time.LocalDateTime", "java.time.LocalDate", "java.time.LocalTime",
        "java.time.ZonedDateTime", "java.time.OffsetDateTime", "java.time.OffsetTime", "java.time.Year",
        "java.time.YearMonth", "java.time.MonthDay");

    private SimulationRules() {
    }

    static ArchRule noWallClock() {
        return noClasses().that().resideInAnyPackage(MODEL_CODE)
            .should().callCodeUnitWhere(readsTheWallClock())
            .because("time is an argument (ARCHITECTURE.md invariant 4): the model sees only virtual time, so "
                + "a run is a pure function of its seed");
    }

    static ArchRule noUnseededRandomness() {
        return noClasses().that().resideInAnyPackage(MODEL_CODE)
            .should().callCodeUnitWhere(drawsUnseededRandomness())
            .because("one seeded random source (SimRandom) makes every run reproducible from its seed "
                + "(ARCHITECTURE.md invariant 4)");
    }

    private static DescribedPredicate<JavaCall<?>> readsTheWallClock() {
        return DescribedPredicate.describe("a wall-clock read (System.currentTimeMillis/nanoTime, "
            + "java.time now(), Clock.system*, InstantSource.system, new Date())", call -> {
                final AccessTarget.CodeUnitCallTarget t = call.getTarget();
                final String owner = t.getOwner().getName();
                final String name = t.getName();
                final int params = t.getRawParameterTypes().size();
                return (owner.equals("java.lang.System") && (name.equals("currentTimeMillis") || name.equals("nanoTime")))
                    || (DATE_TIME_TYPES.contains(owner) && name.equals("now") && !takesAClock(t))
                    || (owner.equals("java.time.Clock") && name.startsWith("system"))
                    || (owner.equals("java.time.InstantSource") && name.equals("system"))
                    || (owner.equals("java.util.Date") && name.equals("<init>") && params == 0);
            });
    }

    /** {@code now(Clock)} reads whatever clock it is given, a virtual one included. */
    private static boolean takesAClock(AccessTarget.CodeUnitCallTarget target) {
        return target.getRawParameterTypes().size() == 1
            && target.getRawParameterTypes().getFirst().getName().equals("java.time.Clock");
    }

    private static DescribedPredicate<JavaCall<?>> drawsUnseededRandomness() {
        return DescribedPredicate.describe("unseeded randomness (new Random(), Math.random, ThreadLocalRandom, "
            + "new SplittableRandom(), SecureRandom, UUID.randomUUID, Collections.shuffle without a Random)", call -> {
                final AccessTarget.CodeUnitCallTarget t = call.getTarget();
                final String owner = t.getOwner().getName();
                final String name = t.getName();
                final int params = t.getRawParameterTypes().size();
                return ((owner.equals("java.util.Random") || owner.equals("java.util.SplittableRandom"))
                    && name.equals("<init>") && params == 0)
                    || (owner.equals("java.lang.Math") && name.equals("random"))
                    || (owner.equals("java.util.concurrent.ThreadLocalRandom") && name.equals("current"))
                    || owner.equals("java.security.SecureRandom")
                    || (owner.equals("java.util.UUID") && name.equals("randomUUID"))
                    || (owner.equals("java.util.Collections") && name.equals("shuffle") && params == 1)
                    || (owner.equals("java.util.random.RandomGenerator") && name.equals("getDefault"));
            });
    }
}
