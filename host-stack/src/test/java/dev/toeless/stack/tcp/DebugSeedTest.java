package dev.toeless.stack.tcp;

import org.junit.jupiter.api.Test;

class DebugSeedTest {
    @Test
    void replay() {
        new RandomFaultsProperties().everyTransferFinishesExactly(Long.getLong("seed", 73));
    }
}
