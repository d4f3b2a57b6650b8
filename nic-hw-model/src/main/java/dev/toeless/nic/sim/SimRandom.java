package dev.toeless.nic.sim;

import java.util.SplittableRandom;

/**
 * The simulation's one seeded source of randomness. Components that need their own stream take
 * a {@link #fork(String)}: a stream derived from the seed and a name, so adding a component does
 * not shift the numbers another component sees.
 */
public final class SimRandom {
    private final long seed;
    private final SplittableRandom random;

    public SimRandom(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public long seed() {
        return seed;
    }

    /** A stream of its own, named, derived from this one's seed. */
    public SimRandom fork(String name) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001B3L;
        }
        return new SimRandom(mix(h));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public int nextInt(int origin, int bound) {
        return random.nextInt(origin, bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    public long nextLong(long bound) {
        return random.nextLong(bound);
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    public boolean chance(double probability) {
        return probability > 0 && random.nextDouble() < probability;
    }

    public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }
}
