package dev.toeless.nic.archfixture;

import dev.toeless.bench.cli.ToelessCommand;

/** Rule fixture: the NIC model depending on bench, against the module map. */
public final class LeansOnBench {
    private LeansOnBench() {
    }

    public static String name() {
        return ToelessCommand.class.getSimpleName();
    }
}
