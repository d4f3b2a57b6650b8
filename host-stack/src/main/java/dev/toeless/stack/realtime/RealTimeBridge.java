package dev.toeless.stack.realtime;

import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.link.SendStatus;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.tap.NetNamespace;
import dev.toeless.stack.tap.TapDevice;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The real-time driver that joins a simulated {@link Host} to a kernel through a
 * {@link TapDevice}: frames the host sends are written to the TAP, frames read from the TAP go
 * to the host, and the host's {@link EventScheduler} is advanced to the wall-clock time elapsed
 * since the bridge started. Nothing here reads a clock either: the caller hands the bridge its wall
 * clock ({@code System::nanoTime} in a real run), and the bridge hands the model the time.
 *
 * <p>Three ways in: {@link #direct} joins the host's NIC (the modeled NIC in any mode) to the TAP
 * directly; {@link #throughLink} puts a modeled {@link Link} between the host's NIC and the TAP, so frames cross the modeled wire (rate, queue,
 * MTU) in virtual time before and after the kernel sees them; {@link #betweenTaps} puts the same
 * modeled link between two TAPs, so that two kernels (two network namespaces) talk through it, with
 * no host of ours at all: the reference a run against our host is measured against.
 *
 * <p>Single-threaded: one thread runs {@link #turn} and everything the host does.
 */
public final class RealTimeBridge {
    private static final int READS_PER_TURN = 256;
    private static final int IDLE_WAIT_MS = 1;

    private final TapDevice tap;
    private final EventScheduler scheduler;
    private final FrameSink inbound;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[TapDevice.MAX_FRAME_BYTES]);
    private final LongSupplier wallClockNs;
    private final long startNanos;
    private final long baseNs;
    private long tapWriteFailures;
    private long linkDrops;
    private long idleWaits;
    private long framesAheadOfTimers;
    private Link link;
    /** {@link #betweenTaps}: the TAP on the link's port a, and where its frames go; null otherwise. */
    private TapDevice tapA;
    private FrameSink inboundA;
    private FrameWatch watch;

    /** Sees each frame a {@link #betweenTaps} bridge reads from either TAP, before the link carries it. */
    @FunctionalInterface
    public interface FrameWatch {
        /**
         * @param fromA  read from the TAP on the link's port a (else port b's)
         * @param wallNs the bridge's wall clock when the frame was read
         */
        void onFrame(boolean fromA, long wallNs, DirectBuffer frame, int offset, int length);
    }

    private RealTimeBridge(TapDevice tap, EventScheduler scheduler, FrameSink inbound, LongSupplier wallClockNs) {
        this.tap = tap;
        this.wallClockNs = wallClockNs;
        this.startNanos = wallClockNs.getAsLong();
        this.scheduler = scheduler;
        this.inbound = inbound;
        this.baseNs = scheduler.nowNs();
    }

    /**
     * Joins the host's NIC straight to the TAP (no modeled wire).
     *
     * @param wallClockNs the real clock the host's virtual time follows, in nanoseconds
     */
    public static RealTimeBridge direct(TapDevice tap, Host host, LongSupplier wallClockNs) {
        final RealTimeBridge[] bridge = new RealTimeBridge[1];
        bridge[0] = new RealTimeBridge(tap, host.scheduler(), host.frameIn()::onFrame, wallClockNs);
        host.plugInto((buffer, offset, length) -> bridge[0].write(bridge[0].tap, buffer, offset, length));
        return bridge[0];
    }

    /**
     * Plugs the host into port a of a new modeled link and bridges port b to the TAP: the host's
     * NIC sees the link, the kernel sees the TAP.
     *
     * @param wallClockNs the real clock the host's virtual time follows, in nanoseconds
     */
    public static RealTimeBridge throughLink(TapDevice tap, Host host, LinkConfig config, SimRandom random,
                                             LongSupplier wallClockNs) {
        return throughLink(tap, host.scheduler(), host::plugInto, config, random, wallClockNs);
    }

    /**
     * As {@link #throughLink(TapDevice, Host, LinkConfig, SimRandom, LongSupplier)} for any node
     * that plugs into a link port ({@code plug}) and runs on {@code scheduler}: a card node.
     */
    public static RealTimeBridge throughLink(TapDevice tap, EventScheduler scheduler, Consumer<Link.Port> plug,
                                             LinkConfig config, SimRandom random, LongSupplier wallClockNs) {
        final Link link = new Link("tap", scheduler, random, config);
        plug.accept(link.a());
        final RealTimeBridge[] bridge = new RealTimeBridge[1];
        bridge[0] = new RealTimeBridge(tap, scheduler, (nowNs, buffer, offset, length) -> {
            if (link.b().send(buffer, offset, length) != SendStatus.ACCEPTED) {
                bridge[0].linkDrops++;
            }
        }, wallClockNs);
        link.b().attach((nowNs, buffer, offset, length) -> bridge[0].write(bridge[0].tap, buffer, offset, length));
        bridge[0].link = link;
        return bridge[0];
    }

    /**
     * Joins two TAPs through a new modeled link: frames read from {@code a} enter the link at port a
     * and are written to {@code b} when they leave it at port b, and the other way round. The link
     * runs on {@code scheduler}, whose time follows {@code wallClockNs}; {@code watch} (or null) sees
     * every frame read from either TAP.
     */
    public static RealTimeBridge betweenTaps(TapDevice a, TapDevice b, EventScheduler scheduler, LinkConfig config,
                                             SimRandom random, LongSupplier wallClockNs, FrameWatch watch) {
        final Link link = new Link("taps", scheduler, random, config);
        final RealTimeBridge[] bridge = new RealTimeBridge[1];
        bridge[0] = new RealTimeBridge(b, scheduler, (nowNs, buffer, offset, length) -> {
            if (link.b().send(buffer, offset, length) != SendStatus.ACCEPTED) {
                bridge[0].linkDrops++;
            }
        }, wallClockNs);
        bridge[0].tapA = a;
        bridge[0].inboundA = (nowNs, buffer, offset, length) -> {
            if (link.a().send(buffer, offset, length) != SendStatus.ACCEPTED) {
                bridge[0].linkDrops++;
            }
        };
        bridge[0].watch = watch;
        link.a().attach((nowNs, buffer, offset, length) -> bridge[0].write(a, buffer, offset, length));
        link.b().attach((nowNs, buffer, offset, length) -> bridge[0].write(b, buffer, offset, length));
        bridge[0].link = link;
        return bridge[0];
    }

    private boolean write(TapDevice to, DirectBuffer buffer, int offset, int length) {
        try {
            if (to.write(buffer, offset, length)) {
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tapWriteFailures++;
        return false;
    }

    private void advanceClock() {
        scheduler.runUntil(baseNs + wallClockNs.getAsLong() - startNanos);
    }

    /**
     * One turn: take in what the kernel sent while the model was busy, catch up with real time, wait up
     * to {@code waitMs} for the kernel if nothing came and nothing is due sooner, run {@code step}.
     *
     * <p>Frames already waiting in the TAP go in at the model's time <em>before</em> the clock catches
     * up: each came after the TAP was last read (where the model's time stands), at the latest now, and
     * a timer that fell due in between (a tail loss probe, 2 SRTT) must not fire ahead of an ACK that
     * was already waiting. The clock stands still while a turn's first frames go in; the catch-up runs
     * the timers after them. (Before, the catch-up came first: a turn that followed a few milliseconds
     * of writing, of the kernel's receive path run inside our TAP writes, or of being descheduled ran the
     * probe timer and only then read the ACK that had ended the wait; {@link #framesAheadOfTimers}.)
     */
    public void turn(Runnable step, int waitMs) throws IOException {
        if (tapA != null) {
            advanceClock();
            turnBetweenTaps(waitMs);
            step.run();
            return;
        }
        final long dueBeforeNow = scheduler.nextDeadlineNs();
        int frames = ingest(READS_PER_TURN);
        final long caughtUp = baseNs + wallClockNs.getAsLong() - startNanos;
        if (frames > 0 && dueBeforeNow <= caughtUp) {
            framesAheadOfTimers += frames;
        }
        advanceClock();
        if (frames == 0) {
            final int wait = waitBefore(waitMs);
            if (wait > 0) {
                final int n = tap.read(frame, 0, wait);
                if (n != 0) {
                    if (n > 0) {
                        advanceClock();
                        inbound.onFrame(scheduler.nowNs(), frame, 0, n);
                    }
                    ingest(READS_PER_TURN - 1);
                }
            }
        }
        step.run();
    }

    /**
     * Reads up to {@code max} frames that wait in the TAP, without waiting and without moving the model's
     * clock, and hands each to the model at its current time; returns the count read.
     */
    private int ingest(int max) throws IOException {
        int frames = 0;
        int n;
        while (frames < max && (n = tap.read(frame, 0, 0)) != 0) {
            if (n > 0) {
                inbound.onFrame(scheduler.nowNs(), frame, 0, n);
            }
            frames++;
        }
        return frames;
    }

    /**
     * How long a turn may wait for the kernel: {@code waitMs}, or not at all when the model has an event
     * due sooner (a frame crossing the modeled link takes microseconds; waiting a whole millisecond in
     * {@code poll()} for the kernel would hold it that long, and the kernel waiting for that frame in
     * turn sends nothing to end the wait).
     */
    private int waitBefore(int waitMs) {
        if (waitMs <= 0 || scheduler.nextDeadlineNs() - scheduler.nowNs() < waitMs * 1_000_000L) {
            return 0;
        }
        idleWaits++;
        return waitMs;
    }

    /** Reads both TAPs in turn until neither has a frame, waiting on both for the first. */
    private void turnBetweenTaps(int waitMs) throws IOException {
        int frames = 0;
        boolean waited = false;
        while (frames < READS_PER_TURN) {
            final int got = readOne(tapA, inboundA, true) + readOne(tap, inbound, false);
            if (got == 0) {
                final int wait = waitBefore(waitMs);
                if (frames > 0 || waited || wait == 0 || !tapA.awaitEitherReadable(tap, wait)) {
                    return;
                }
                waited = true;
            }
            frames += got;
        }
    }

    private int readOne(TapDevice from, FrameSink to, boolean fromA) throws IOException {
        final int n = from.read(frame, 0, 0);
        if (n > 0) {
            advanceClock();
            if (watch != null) {
                watch.onFrame(fromA, wallClockNs.getAsLong(), frame, 0, n);
            }
            to.onFrame(scheduler.nowNs(), frame, 0, n);
        }
        return n == 0 ? 0 : 1;
    }

    /**
     * Runs the bridge until something in {@code ns} listens on TCP {@code port} (asked of {@code ss}
     * every 50 ms of the bridge's wall clock); an IOException after 5 seconds.
     */
    public void runUntilListening(NetNamespace ns, int port) throws IOException {
        for (int i = 0; i < 100; i++) {
            final NetNamespace.Result r = ns.exec("ss", "-ltnH", "sport", "= :" + port);
            if (r.exitCode() == 0 && !r.output().isBlank()) {
                return;
            }
            final long until = wallClockNs.getAsLong() + 50_000_000L;
            runUntil(() -> wallClockNs.getAsLong() > until, () -> { }, 100);
        }
        throw new IOException("nothing in namespace " + ns.name() + " listens on TCP port " + port + " after 5 s");
    }

    /** Runs turns until {@code done} or {@code timeoutMs} of real time; returns done. */
    public boolean runUntil(BooleanSupplier done, Runnable step, long timeoutMs) throws IOException {
        final long end = wallClockNs.getAsLong() + timeoutMs * 1_000_000L;
        while (!done.getAsBoolean()) {
            if (wallClockNs.getAsLong() - end > 0) {
                return false;
            }
            turn(step, IDLE_WAIT_MS);
        }
        return true;
    }

    /** The wall clock the bridge was given, in nanoseconds ({@code System::nanoTime} in a real run). */
    public long wallClockNs() {
        return wallClockNs.getAsLong();
    }

    /** Turns that waited in {@code poll()} for the kernel (the model had nothing due within the wait). */
    public long idleWaits() {
        return idleWaits;
    }

    /**
     * Frames that waited in the TAP at the start of a turn while the model had a timer due before
     * now: they went in before that timer ran (see {@link #turn}); with the catch-up first, each of
     * them would have come after it.
     */
    public long framesAheadOfTimers() {
        return framesAheadOfTimers;
    }

    /** Frames the kernel's TAP queue refused. */
    public long tapWriteFailures() {
        return tapWriteFailures;
    }

    /** Frames from the kernel the modeled link refused (queue full, oversize). */
    /** The modeled link of {@link #throughLink} (where faults can be set), null for {@link #direct}. */
    public Link link() {
        return link;
    }

    public long linkDrops() {
        return linkDrops;
    }
}
