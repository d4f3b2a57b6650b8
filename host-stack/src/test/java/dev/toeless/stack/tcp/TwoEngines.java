package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;

/**
 * Two connections joined by a tiny in-memory pipe with delay, random loss and reordering,
 * driven by an {@link EventScheduler}. Each side sends a known byte stream (a function of the
 * stream offset), then shuts down; each side reads and checks every byte it receives.
 * Segments cross the pipe as page references: no byte is copied on the way.
 */
final class TwoEngines {
    final HostMemory memory;
    final EventScheduler sched = new EventScheduler();
    final SimRandom random;
    final CpuTouch touch;
    final Side a;
    final Side b;
    double lossRate;
    double duplicateRate;
    long delayNs = 5_000_000L;
    long jitterNs;
    boolean checkBytes = true;
    long segmentsCarried;
    long segmentsLost;

    TwoEngines(HostMemory memory, long seed, TcpConfig configA, TcpConfig configB) {
        this.memory = memory;
        this.random = new SimRandom(seed);
        this.touch = new CpuTouch(memory, new TouchLedger());
        this.a = new Side("a", configA, 0x11);
        this.b = new Side("b", configB, 0x5A);
        a.peer = b;
        b.peer = a;
    }

    static byte pattern(long offset, int salt) {
        return (byte) (offset * 31 + (offset >>> 12) + salt);
    }

    /** Opens a to b, moves {@code bytesAtoB} and {@code bytesBtoA}, closes; false on a stall. */
    boolean run(long bytesAtoB, long bytesBtoA, int issA, int issB, long limitNs) {
        a.toSend = bytesAtoB;
        b.toSend = bytesBtoA;
        b.conn.listen(issB);
        a.conn.connect(sched.nowNs(), issA);
        a.reschedule();
        while (!done() && sched.nowNs() < limitNs && sched.runNext()) {
            // events drive everything
        }
        return done();
    }

    boolean done() {
        return a.received == b.toSend && b.received == a.toSend && a.conn.isEndOfStream() && b.conn.isEndOfStream()
            && a.sentAll && b.sentAll && a.conn.sendQueuedBytes() == 0 && b.conn.sendQueuedBytes() == 0;
    }

    /** Closes both sides and lets the pipe and timers drain, so every page comes back. */
    void finish() {
        a.conn.close(sched.nowNs());
        b.conn.close(sched.nowNs());
        sched.runAll(10_000_000);
        a.conn.abort(sched.nowNs());
        b.conn.abort(sched.nowNs());
        sched.runAll(10_000_000);
    }

    final class Side implements SegmentSink {
        final String name;
        final TcpConnection conn;
        final int salt;
        Side peer;
        long toSend;
        long sent;
        boolean sentAll;
        long received;
        long lastDeliveryNs;
        String corruption;
        private EventScheduler.Timer timer;
        private long timerAt = Long.MAX_VALUE;
        private final byte[] check = new byte[HostMemory.PAGE_SIZE];

        Side(String name, TcpConfig config, int salt) {
            this.name = name;
            this.salt = salt;
            this.conn = new TcpConnection(config, memory, this);
        }

        @Override
        public void transmit(TcpSegment segment) {
            final TcpSegment copy = segment.copyTo(new TcpSegment());
            segmentsCarried++;
            if (random.chance(lossRate)) {
                segmentsLost++;
                copy.releaseFragments(memory);
                return;
            }
            deliverLater(copy);
            if (random.chance(duplicateRate)) {
                final TcpSegment twin = copy.copyTo(new TcpSegment());
                for (int i = 0; i < twin.fragmentCount(); i++) {
                    memory.retain(twin.fragmentPfn(i));
                }
                deliverLater(twin);
            }
        }

        private void deliverLater(TcpSegment segment) {
            final long jitter = jitterNs > 0 ? random.nextLong(jitterNs) : 0;
            sched.after(delayNs + jitter, () -> {
                peer.conn.onSegment(sched.nowNs(), segment);
                peer.afterEvent();
            });
        }

        void afterEvent() {
            pump();
            reschedule();
        }

        private void pump() {
            final long now = sched.nowNs();
            conn.read(now, this::consume, Long.MAX_VALUE);
            final TcpState s = conn.state();
            if (s == TcpState.ESTABLISHED || s == TcpState.CLOSE_WAIT) {
                while (sent < toSend && conn.sendSpaceBytes() > 0) {
                    final int pageOffset = (int) (sent % HostMemory.PAGE_SIZE);
                    final int n = (int) Math.min(Math.min(toSend - sent, HostMemory.PAGE_SIZE - pageOffset),
                        conn.sendSpaceBytes());
                    final int pfn = memory.allocate();
                    if (pfn == HostMemory.NO_PAGE) {
                        break;
                    }
                    if (checkBytes) {
                        for (int i = 0; i < n; i++) {
                            check[i] = pattern(sent + i, salt);
                        }
                        touch.copyIn(check, 0, n, pfn, pageOffset);
                    }
                    if (!conn.send(now, pfn, pageOffset, n)) {
                        memory.release(pfn);
                        break;
                    }
                    sent += n;
                }
                if (sent == toSend && !sentAll && (toSend > 0 || conn.isEndOfStream() || received == peer.toSend)) {
                    sentAll = true;
                    conn.shutdown(now);
                }
            }
            conn.read(now, this::consume, Long.MAX_VALUE);
        }

        private void consume(int pfn, int offset, int length) {
            if (checkBytes && corruption == null) {
                touch.copyOut(pfn, offset, length, check, 0);
                for (int i = 0; i < length; i++) {
                    if (check[i] != pattern(received + i, peer.salt)) {
                        corruption = name + " got a wrong byte at stream offset " + (received + i);
                        break;
                    }
                }
            }
            received += length;
            lastDeliveryNs = sched.nowNs();
            memory.release(pfn);
        }

        void reschedule() {
            final long d = conn.nextDeadlineNs();
            if (d == timerAt && timer != null && timer.isPending()) {
                return;
            }
            if (timer != null) {
                timer.cancel();
            }
            timerAt = d;
            timer = d == Long.MAX_VALUE ? null : sched.at(d, () -> {
                timerAt = Long.MAX_VALUE;
                conn.onTimer(sched.nowNs());
                afterEvent();
            });
        }
    }
}
