package dev.toeless.bench.sim;

import java.util.List;

/**
 * What a range of seeds came to.
 *
 * @param fromSeed   the first seed
 * @param seedsRun   how many seeds ran
 * @param passed     how many passed
 * @param failures   the seeds that failed, with what broke and the command replaying each
 * @param virtualNs  virtual time over all seeds
 * @param bytesMoved application bytes delivered and checked over all seeds
 * @param events     scheduler events over all seeds
 * @param wallMs     wall-clock time the run took
 */
public record SimSummary(long fromSeed, long seedsRun, long passed, List<Failure> failures, long virtualNs,
                         long bytesMoved, long events, long wallMs) {
    /**
     * One failed seed.
     *
     * @param seed   the seed
     * @param what   what broke, and the scenario the seed drew
     * @param replay the command that runs this seed alone
     */
    public record Failure(long seed, String what, String replay) {
    }

    public long failed() {
        return failures.size();
    }
}
