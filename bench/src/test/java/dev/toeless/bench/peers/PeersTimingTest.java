package dev.toeless.bench.peers;

import dev.toeless.bench.cli.CliRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code toeless peers timing}, small: 4 MiB once each way over IPv4 and IPv6 through the lossy
 * link against the Linux kernel. Checks that every transfer arrives intact (SHA-256 equal at the
 * receiver) and that the table has its rows; never a time. Needs root, /dev/net/tun, ip, ss and
 * nc; otherwise skipped with the reason printed.
 */
class PeersTimingTest {
    @Test
    void fourMebibytesEachWayArriveIntactThroughTwoPercentLoss() {
        final String reason = KernelTiming.unavailableReason();
        if (reason != null) {
            System.out.println("PeersTimingTest skipped: " + reason);
        }
        assumeTrue(reason == null, reason);
        final CliRun run = CliRun.of("peers", "timing", "--size", "4194304", "--runs", "1", "--loss", "0.02",
            "--verbose");
        System.out.print(run.out());
        System.out.print(run.err());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err().lines().filter(l -> l.contains(" run 1: ") && l.contains("sha256 equal")).count())
            .as("ours > kernel, kernel > ours, kernel > kernel, IPv4 and IPv6").isEqualTo(6);
        assertThat(run.err().lines().filter(l -> l.startsWith("warm-up ") && l.contains("sha256 equal")).count())
            .as("one uncounted transfer each way in each family first").isEqualTo(6);
        for (String family : new String[] {"IPv4", "IPv6"}) {
            assertThat(run.err()).containsPattern("(?m)^warm-up stack > kernel " + family + ": ");
        }
        assertThat(run.err()).doesNotContain("NOT INTACT");
        for (String row : new String[] {"stack > kernel", "kernel > stack", "kernel > kernel"}) {
            for (String family : new String[] {"IPv4", "IPv6"}) {
                assertThat(run.out()).containsPattern("(?m)^" + row + " *\\| " + family + " ");
            }
        }
        assertThat(run.out()).contains("every run's bytes arrived intact");
        assertThat(run.out()).contains("congestion control: ours cubic, the kernel's ");
    }

    /** The kernel's congestion control set on its routes to us, and our probes resending: named under the table. */
    @Test
    void theKernelsCongestionControlCanBeChosenAndIsNamed() {
        final String reason = KernelTiming.unavailableReason();
        assumeTrue(reason == null, reason);
        final CliRun run = CliRun.of("peers", "timing", "--size", "1048576", "--runs", "1", "--family", "v4",
            "--no-warmup", "--kernel-cc", "reno", "--probe-resends", "--probe-timeout", "linux", "--probe-dsack-excluded",
            "--adaptive-probes", "off", "--probe-backoff", "on");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("congestion control: ours cubic (probes resend) (a probe's D-SACK keeps the "
            + "reordering window) (probe timeout 2 SRTT + 2 ms) (probes never learn the kernel's delayed ACK) "
            + "(probe backoff after any copy), the kernel's reno");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(CliRun.of("peers", "timing", "--runs", "0").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("peers", "timing", "--family", "v5").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("peers", "timing", "--loss", "0.7").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("peers").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("peers", "timing", "--kernel-cc", "cubic;reboot").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("peers", "timing", "--adaptive-probes", "yes").exitCode()).isEqualTo(2);
        final CliRun backoff = CliRun.of("peers", "timing", "--probe-backoff", "always");
        assertThat(backoff.exitCode()).isEqualTo(2);
        assertThat(backoff.err()).contains("--probe-backoff must be off, learned or on: always");
        assertThat(CliRun.of("peers", "timing", "--probe-timeout", "fast").exitCode()).isEqualTo(2);
        final CliRun warmupPastSize = CliRun.of("peers", "timing", "--size", "1000", "--warmup", "2000");
        assertThat(warmupPastSize.exitCode()).isEqualTo(2);
        assertThat(warmupPastSize.err()).contains("--warmup must be 0 to --size bytes: 2000");
        assertThat(CliRun.of("peers", "timing", "--warmup", "-1").exitCode()).isEqualTo(2);
    }
}
