package dev.toeless.stack.cardnode;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.socket.TcpStack;
import dev.toeless.stack.tcp.CloseReason;

import java.util.ArrayList;
import java.util.List;

/**
 * The card node's splice proxy: a remote's TCP connection ends on the card ({@code front}, the
 * card's wire TCP) and for each one the card opens a connection to the host across the PCI link
 * ({@code back}, the card's PCI TCP) and relays both directions, as {@code splice(2)} does: the
 * page references the receiving socket hands up are queued on the sending socket, never copied.
 * Toward the host the stream is coalesced into segments of the PCI link's MSS
 * ({@link CardNodeConfig#PCI_MSS_BYTES}): the proxy queues whole MSS multiples and holds a
 * remainder until more arrives, the stream ends, or {@value #CORK_NS} ns pass (a cork with a
 * timer: an estimate, about four MSS times at 10 Gbit/s); then whole pages go, and a rest smaller
 * than a page after one more cork, so the host's pages stay whole where the stream allows. End of stream is passed on (a FIN for a FIN);
 * when both directions are done, both connections close. A connection that ends otherwise (reset
 * by its peer, refused, timed out) takes the other with it: the proxy resets it and drops what it
 * held for it, so neither end waits forever on a relay that is gone. Nor does a half-closed relay
 * (one direction has ended) on which nothing moves for {@value #HALF_CLOSED_IDLE_NS} ns: its
 * remote may be gone without a word (its RST lost), so the proxy resets both ends, as a proxy's
 * idle timeout for half-closed connections does.
 *
 * <p>Driven by its sockets' readiness on the card's scheduler; {@link #close()} resets what is
 * still open and gives back every page it holds.
 */
public final class SpliceProxy implements CounterSet, AutoCloseable {
    /** How long a remainder smaller than one segment waits for more before it goes (estimate). */
    public static final long CORK_NS = 200_000;
    /**
     * How long a half-closed relay may sit idle before the proxy resets it (estimate: Linux's
     * default {@code tcp_fin_timeout}, 60 s, the time an orphaned connection may wait in FIN_WAIT_2).
     */
    public static final long HALF_CLOSED_IDLE_NS = 60_000_000_000L;
    private final TcpListener listener;
    private final TcpStack back;
    private final int backIpv4;
    private final int backPort;
    private final HostMemory memory;
    private final EventScheduler scheduler;
    private final int coalesceBytes;
    private final List<Splice> open = new ArrayList<>();

    private long accepted;
    private long completed;
    private long bytesToHost;
    private long bytesToRemote;
    private long corkFlushes;
    private long resets;
    private long idleResets;

    /**
     * Listens on {@code listenPort} of {@code front} and relays each connection to
     * {@code backIpv4:backPort} through {@code back}, coalescing toward it in pieces of
     * {@code coalesceBytes}.
     */
    public SpliceProxy(TcpStack front, int listenPort, TcpStack back, int backIpv4, int backPort, HostMemory memory,
                       EventScheduler scheduler, int coalesceBytes) {
        this.back = back;
        this.scheduler = scheduler;
        this.coalesceBytes = coalesceBytes;
        this.backIpv4 = backIpv4;
        this.backPort = backPort;
        this.memory = memory;
        this.listener = front.listenV4(listenPort, 64);
        listener.onAcceptable(l -> acceptAll());
    }

    /** A proxy on the card node: remote connections to the card's port relayed to the same port of its host. */
    public static SpliceProxy on(CardNode card, int port) {
        return new SpliceProxy(card.wireTcp(), port, card.pciTcp(), card.config().hostPciIpv4(), port, card.memory(),
            card.scheduler(), card.config().pciTcp().mssBytes());
    }

    private void acceptAll() {
        TcpSocket remote;
        while ((remote = listener.accept()) != null) {
            accepted++;
            final Splice s = new Splice(remote, back.connectV4(backIpv4, backPort));
            open.add(s);
            s.pump();
        }
    }

    /** Connections relayed now. */
    public int openSplices() {
        return open.size();
    }

    @Override
    public void forEach(CounterVisitor v) {
        v.counter("splice_accepted", accepted);
        v.counter("splice_completed", completed);
        v.counter("splice_open", open.size());
        v.counter("splice_bytes_to_host", bytesToHost);
        v.counter("splice_bytes_to_remote", bytesToRemote);
        v.counter("splice_cork_flushes", corkFlushes);
        v.counter("splice_resets", resets);
        v.counter("splice_idle_resets", idleResets);
    }

    public long bytesToHost() {
        return bytesToHost;
    }

    public long bytesToRemote() {
        return bytesToRemote;
    }

    /** Stops listening; relays still open are reset and their queued pages given back. */
    @Override
    public void close() {
        listener.close();
        for (Splice s : List.copyOf(open)) {
            s.abort();
        }
        open.clear();
    }

    /** One relayed connection: the remote's and the host's sockets, a pipe each way. */
    private final class Splice {
        private final TcpSocket remote;
        private final TcpSocket host;
        private final Pipe up;
        private final Pipe down;
        private boolean finished;
        private EventScheduler.Timer idle;
        private long movedSeen;
        private long lastMovedNs;

        Splice(TcpSocket remote, TcpSocket host) {
            this.remote = remote;
            this.host = host;
            this.up = new Pipe(this, remote, host, true);
            this.down = new Pipe(this, host, remote, false);
            remote.onReady(x -> pump());
            host.onReady(x -> pump());
        }

        void pump() {
            if (finished) {
                return;
            }
            if (failed(remote) || failed(host)) { // one end is gone without an orderly close: so is the other
                resets++;
                open.remove(this);
                abort();
                return;
            }
            up.pump();
            down.pump();
            if (up.shutdown && down.shutdown && up.empty() && down.empty()) {
                finished = true;
                completed++;
                open.remove(this);
                cancelIdle();
                remote.close();
                host.close();
                return;
            }
            final long moved = up.moved + down.moved;
            if (moved != movedSeen) {
                movedSeen = moved;
                lastMovedNs = scheduler.nowNs();
            }
            if ((up.shutdown || down.shutdown) && idle == null) {
                lastMovedNs = scheduler.nowNs();
                idle = scheduler.after(HALF_CLOSED_IDLE_NS, this::idleCheck);
            }
        }

        /** A half-closed relay on which nothing moved for the idle time is reset; else the check waits again. */
        private void idleCheck() {
            if (finished) {
                return;
            }
            final long quietNs = scheduler.nowNs() - lastMovedNs;
            if (quietNs < HALF_CLOSED_IDLE_NS) {
                idle = scheduler.after(HALF_CLOSED_IDLE_NS - quietNs, this::idleCheck);
                return;
            }
            idleResets++;
            open.remove(this);
            abort();
        }

        private void cancelIdle() {
            if (idle != null) {
                idle.cancel();
            }
        }

        private static boolean failed(TcpSocket s) {
            final CloseReason r = s.closeReason();
            return r != CloseReason.NONE && r != CloseReason.NORMAL;
        }

        void abort() {
            finished = true;
            cancelIdle();
            up.release();
            down.release();
            up.uncork();
            remote.abort();
            host.abort();
        }
    }

    /** One direction: what {@code from} hands up is queued on {@code to}; a FIN follows the last byte. */
    private final class Pipe {
        private static final int INITIAL_HELD = 64;
        private final Splice splice;
        private final StreamSocket from;
        private final StreamSocket to;
        private final boolean towardHost;
        private EventScheduler.Timer cork;
        private boolean corkExpired;
        private int[] held = new int[3 * INITIAL_HELD];
        private int head;
        private int count;
        boolean shutdown;
        /** Bytes taken from {@code from} and given to {@code to}: the relay is not idle while this grows. */
        long moved;

        Pipe(Splice splice, StreamSocket from, StreamSocket to, boolean towardHost) {
            this.splice = splice;
            this.from = from;
            this.to = to;
            this.towardHost = towardHost;
        }

        boolean empty() {
            return count == 0;
        }

        void pump() {
            if (!to.isEstablished() || shutdown) {
                return;
            }
            while (true) {
                if (!flush()) {
                    return;
                }
                long room = Math.min(to.sendSpaceBytes(), from.readableBytes());
                if (towardHost && !from.isEndOfStream()) {
                    if (!corkExpired) {
                        room = room / coalesceBytes * coalesceBytes;
                        if (room > 0) {
                            uncork(); // whole segments go now: a rest starts its own wait
                        } else if (from.readableBytes() > 0 && to.sendSpaceBytes() >= coalesceBytes) {
                            armCork();
                        }
                    } else if (room >= HostMemory.PAGE_SIZE) {
                        room = room / HostMemory.PAGE_SIZE * HostMemory.PAGE_SIZE; // whole pages; a rest waits one more cork
                    }
                }
                if (room <= 0 || from.read(this::hold, room) == 0) {
                    break;
                }
            }
            if (corkExpired) {
                corkExpired = false;
                if (from.readableBytes() > 0 && !from.isEndOfStream()) {
                    armCork();
                }
            }
            if (count == 0 && from.isEndOfStream()) {
                to.shutdown();
                shutdown = true;
            }
        }

        private void armCork() {
            if (cork == null || !cork.isPending()) {
                cork = scheduler.after(CORK_NS, () -> {
                    corkExpired = true;
                    corkFlushes++;
                    splice.pump();
                });
            }
        }

        void uncork() {
            if (cork != null) {
                cork.cancel();
            }
        }

        private void hold(int pfn, int offset, int length) {
            final int slots = held.length / 3;
            if (count == slots) { // more fragments than ever before: grow, keeping their order
                final int[] more = new int[2 * held.length];
                for (int i = 0; i < count; i++) {
                    System.arraycopy(held, 3 * ((head + i) % slots), more, 3 * i, 3);
                }
                held = more;
                head = 0;
            }
            final int at = 3 * ((head + count) % (held.length / 3));
            held[at] = pfn;
            held[at + 1] = offset;
            held[at + 2] = length;
            count++;
            moved += length;
        }

        /** Sends what is held; false when the receiving socket has no room for the next piece. */
        private boolean flush() {
            while (count > 0) {
                final int at = 3 * head;
                if (!to.send(held[at], held[at + 1], held[at + 2])) {
                    return false;
                }
                moved += held[at + 2];
                if (towardHost) {
                    bytesToHost += held[at + 2];
                } else {
                    bytesToRemote += held[at + 2];
                }
                head = (head + 1) % (held.length / 3);
                count--;
            }
            return true;
        }

        void release() {
            while (count > 0) {
                memory.release(held[3 * head]);
                head = (head + 1) % (held.length / 3);
                count--;
            }
        }
    }
}
