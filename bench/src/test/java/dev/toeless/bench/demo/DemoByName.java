package dev.toeless.bench.demo;

import dev.toeless.bench.cli.CliRun;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks every demo mode's test makes: a rerun is the same run, and the demo runs the mode by its name. */
final class DemoByName {
    private DemoByName() {
    }

    /** The same transfer run again models the same figures and ends at the same virtual time. */
    static void assertSameRun(TransferResult again, TransferResult first) {
        assertThat(again.modeled()).isEqualTo(first.modeled());
        assertThat(again.virtualNs()).isEqualTo(first.virtualNs());
    }

    /**
     * {@code toeless demo --size 1MiB --mode LABEL} exits 0 and the mode is among the demo's; returns
     * the run for what its table should show.
     */
    static CliRun run(String label, Path out) {
        final CliRun run = CliRun.of("demo", "--size", "1MiB", "--mode", label, "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(DemoMode.all()).extracting(DemoMode::label).contains(label);
        return run;
    }
}
