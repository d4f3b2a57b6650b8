package dev.toeless.nic.archfixture;

import java.util.Random;

/** Rule fixture: model code whose randomness does not come from the run's seed. */
public final class RollsUnseededDice {
    private RollsUnseededDice() {
    }

    public static int roll() {
        return new Random().nextInt(6) + (int) (Math.random() * 0);
    }
}
