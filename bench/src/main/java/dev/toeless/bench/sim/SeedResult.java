package dev.toeless.bench.sim;

/**
 * The outcome of one seed.
 *
 * @param seed       the seed
 * @param passed     every invariant held and every transfer finished in time
 * @param failure    what broke (null when passed), with the scenario the seed drew
 * @param virtualNs  virtual time the run took
 * @param bytesMoved application bytes delivered and checked
 * @param events     scheduler events run
 */
public record SeedResult(long seed, boolean passed, String failure, long virtualNs, long bytesMoved, long events) {
    /** The command line that replays this seed. */
    public String replayCommand() {
        return replayCommand(seed);
    }

    public static String replayCommand(long seed) {
        return "./toeless sim --seeds 1 --from " + seed;
    }
}
