package dev.toeless.stack.tap;

import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.stack.host.Host;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/**
 * The real-time driver that joins a simulated {@link Host} to a kernel through a
 * {@link TapDevice}: frames the host sends are written to the TAP, frames read from the TAP go
 * to the host's NIC, and the host's {@link EventScheduler} is advanced to the wall-clock time
 * elapsed since the bridge started. Test code: the model itself never reads a clock, this loop
 * hands it the time.
 */
final class RealTimeBridge {
    private static final int READS_PER_TURN = 256;
    private static final int IDLE_WAIT_MS = 1;

    private final TapDevice tap;
    private final Host host;
    private final EventScheduler scheduler;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[TapDevice.MAX_FRAME_BYTES]);
    private final long startNanos = System.nanoTime();
    private final long baseNs;
    private long tapWriteFailures;

    RealTimeBridge(TapDevice tap, Host host) {
        this.tap = tap;
        this.host = host;
        this.scheduler = host.scheduler();
        this.baseNs = scheduler.nowNs();
        host.plugInto((buffer, offset, length) -> {
            try {
                if (tap.write(buffer, offset, length)) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            tapWriteFailures++;
            return false;
        });
    }

    private void advanceClock() {
        scheduler.runUntil(baseNs + System.nanoTime() - startNanos);
    }

    /** One turn: catch up with real time, take in what the kernel sent, run {@code step}. */
    private void turn(Runnable step) throws IOException {
        advanceClock();
        int frames = 0;
        int n;
        while (frames < READS_PER_TURN && (n = tap.read(frame, 0, frames == 0 ? IDLE_WAIT_MS : 0)) != 0) {
            if (n > 0) {
                advanceClock();
                host.nic().onFrame(scheduler.nowNs(), frame, 0, n);
            }
            frames++;
        }
        step.run();
    }

    /** Runs turns until {@code done} or {@code timeoutMs} of real time; returns done. */
    boolean runUntil(BooleanSupplier done, Runnable step, long timeoutMs) throws IOException {
        final long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            turn(step);
        }
        return true;
    }

    long tapWriteFailures() {
        return tapWriteFailures;
    }
}
