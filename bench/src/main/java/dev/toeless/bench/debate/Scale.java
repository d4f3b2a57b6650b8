package dev.toeless.bench.debate;

/** How big the experiments are: {@code quick} (all ten in minutes) or {@code full} (EXPERIMENTS.md's sizes). */
public enum Scale {
    QUICK, FULL;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The quick value or the full one. */
    public long pick(long quick, long full) {
        return this == QUICK ? quick : full;
    }

    public double[] pick(double[] quick, double[] full) {
        return this == QUICK ? quick : full;
    }
}
