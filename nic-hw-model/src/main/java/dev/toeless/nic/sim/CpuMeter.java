package dev.toeless.nic.sim;

/**
 * Brackets the work one simulated host's CPU does (driver, stack, socket, file sink), so a runner
 * outside the model can measure it. The model itself never reads a clock: it only says where host
 * work starts and ends; the bench's implementation times it. Calls may nest; only the outermost
 * pair counts.
 */
public interface CpuMeter {
    /** A meter that measures nothing. */
    CpuMeter NONE = new CpuMeter() {
        @Override
        public void enter() {
        }

        @Override
        public void exit() {
        }
    };

    void enter();

    void exit();

    /** Runs {@code work} as host CPU work. */
    default void run(Runnable work) {
        enter();
        try {
            work.run();
        } finally {
            exit();
        }
    }
}
