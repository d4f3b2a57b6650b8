package dev.toeless.nic.cost;

/**
 * Where host code charges the CPU work it does, at a handful of points (interrupt, poll,
 * descriptors, driver, GRO, IP, TCP, socket calls, page flips, and every payload byte copied or
 * checksummed). The TCP engine stays sans-I/O: its callers charge for it. {@link #NONE} charges
 * nothing; {@link HostCost} charges a {@link CpuModel} from a {@link CostProfile} in virtual time.
 *
 * <p>Work runs on the current core ({@link #onCore}); a caller that must wait for its core (a
 * driver's poll, an application) asks {@link #readyAtNs}.
 */
public interface CostMeter {
    /** A meter that charges nothing and never makes anyone wait. */
    CostMeter NONE = new CostMeter() {
        @Override
        public void charge(CostOp op, int count) {
        }

        @Override
        public void touch(ByteOp op, long address, int bytes) {
        }

        @Override
        public void written(int bytes) {
        }

        @Override
        public int onCore(int core) {
            return 0;
        }

        @Override
        public long readyAtNs(long nowNs) {
            return nowNs;
        }
    };

    /** Charges {@code count} occurrences of {@code op} to the current core, now. */
    void charge(CostOp op, int count);

    default void charge(CostOp op) {
        charge(op, 1);
    }

    /**
     * Charges {@code ps} picoseconds of work the profile does not itemize but a cost record of its
     * own gives (a memory registration's {@link RegistrationCost}) to the current core, now.
     */
    default void busy(long ps) {
    }

    /** Device registers a driver reads per interrupt to learn its cause (a non-posted MMIO read each). */
    default int interruptCauseReads() {
        return 0;
    }

    /** The CPU passes over {@code bytes} at host {@code address}: warm or cold as the cache says. */
    void touch(ByteOp op, long address, int bytes);

    /** The CPU wrote {@code bytes} into host memory (a copy's destination). */
    void written(int bytes);

    /** Work from now on runs on {@code core} (taken modulo the core count); returns the previous core. */
    int onCore(int core);

    /** The first nanosecond at or after {@code nowNs} at which the current core is free. */
    long readyAtNs(long nowNs);
}
