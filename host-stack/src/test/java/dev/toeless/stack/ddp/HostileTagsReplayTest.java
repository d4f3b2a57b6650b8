package dev.toeless.stack.ddp;

import org.junit.jupiter.api.Test;

/**
 * Replays one seed of {@link HostileTagsProperties}:
 * {@code ./mvnw -o -pl host-stack -am test -Dtest=HostileTagsReplayTest -Dseed=N -Dsurefire.failIfNoSpecifiedTests=false}.
 * Without {@code -Dseed} it runs seed 1; {@code -Dcard=true} replays the property against the TOE card.
 */
class HostileTagsReplayTest {
    @Test
    void replay() {
        HostileTagsProperties.run(Long.getLong("seed", 1), Boolean.getBoolean("card"));
    }
}
