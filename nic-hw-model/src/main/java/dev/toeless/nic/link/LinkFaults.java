package dev.toeless.nic.link;

/**
 * The seeded faults of one direction of a {@link Link}, a value set at run time with
 * {@link LinkDirection#faults(LinkFaults)} and cleared by {@link Link#heal()}. One-way partition
 * is not a probability and lives on the direction ({@link LinkDirection#partitionFor(long)}).
 *
 * <p>For each frame that starts on the wire the link decides, in this order and each with its
 * own draw from the direction's random stream: loss, truncation, corruption, duplication,
 * reordering. A fault with probability 0 draws nothing from the stream.
 *
 * @param lossProbability      a frame vanishes
 * @param truncateProbability  a frame is cut to a uniform length in {@code [1, length - 1]}
 * @param corruptProbability   a frame has 1..{@code corruptBitsMax} random bits flipped
 * @param corruptBitsMax       most bits flipped in one corrupted frame (at least 1)
 * @param duplicateProbability a frame arrives twice
 * @param reorderProbability   a frame (or its duplicate) is held back an extra uniform
 *                             {@code [1, reorderJitterNs]} ns, so later frames can overtake it
 * @param reorderJitterNs      most extra delay of a held-back frame
 */
public record LinkFaults(double lossProbability, double truncateProbability, double corruptProbability,
                         int corruptBitsMax, double duplicateProbability, double reorderProbability,
                         long reorderJitterNs) {
    public static final LinkFaults NONE = new LinkFaults(0, 0, 0, 1, 0, 0, 0);

    public LinkFaults {
        checkProbability("lossProbability", lossProbability);
        checkProbability("truncateProbability", truncateProbability);
        checkProbability("corruptProbability", corruptProbability);
        checkProbability("duplicateProbability", duplicateProbability);
        checkProbability("reorderProbability", reorderProbability);
        if (corruptBitsMax < 1) {
            throw new IllegalArgumentException("corruptBitsMax must be >= 1: " + corruptBitsMax);
        }
        if (reorderJitterNs < 0 || (reorderProbability > 0 && reorderJitterNs == 0)) {
            throw new IllegalArgumentException("reordering needs reorderJitterNs > 0: " + reorderJitterNs);
        }
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + p);
        }
    }

    public boolean isNone() {
        return lossProbability == 0 && truncateProbability == 0 && corruptProbability == 0
            && duplicateProbability == 0 && reorderProbability == 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this value. */
    public Builder toBuilder() {
        final Builder b = new Builder();
        b.loss = lossProbability;
        b.truncate = truncateProbability;
        b.corrupt = corruptProbability;
        b.corruptBitsMax = corruptBitsMax;
        b.duplicate = duplicateProbability;
        b.reorder = reorderProbability;
        b.reorderJitterNs = reorderJitterNs;
        return b;
    }

    /** Builds a {@link LinkFaults}; every fault starts off. */
    public static final class Builder {
        private double loss;
        private double truncate;
        private double corrupt;
        private int corruptBitsMax = 1;
        private double duplicate;
        private double reorder;
        private long reorderJitterNs;

        private Builder() {
        }

        public Builder loss(double probability) {
            loss = probability;
            return this;
        }

        public Builder truncate(double probability) {
            truncate = probability;
            return this;
        }

        public Builder corrupt(double probability, int bitsMax) {
            corrupt = probability;
            corruptBitsMax = bitsMax;
            return this;
        }

        public Builder duplicate(double probability) {
            duplicate = probability;
            return this;
        }

        public Builder reorder(double probability, long jitterNs) {
            reorder = probability;
            reorderJitterNs = jitterNs;
            return this;
        }

        public LinkFaults build() {
            return new LinkFaults(loss, truncate, corrupt, corruptBitsMax, duplicate, reorder, reorderJitterNs);
        }
    }
}
