package dev.toeless.stack.socket;

import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.stack.sockmem.SocketAccount;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.tcp.FragmentConsumer;
import dev.toeless.stack.tcp.ReceiveWindowLimit;
import dev.toeless.stack.tcp.SegmentSink;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.TcpConnection;
import dev.toeless.stack.tcp.TcpSegment;
import dev.toeless.stack.tcp.TcpState;

/**
 * One TCP socket of a {@link TcpStack}: a {@link TcpConnection} with its 4-tuple, its
 * socket-memory account and its timer on the host's scheduler, behind the calls an application
 * makes. Times are the host's virtual time; every call runs the connection's output at once.
 *
 * <p>Ownership: {@link #read(FragmentConsumer, long)} passes one page reference per fragment to
 * the consumer; {@link #send(int, int, int)} takes the caller's reference when it returns true.
 * The copying variants ({@link #read(byte[], int, int)}, {@link #write(byte[], int, int)}) move
 * bytes through the host's {@code CpuTouch} and are counted in its ledger.
 */
public final class TcpSocket implements StreamSocket {
    final TcpStack stack;
    final TcpConnection connection;
    final boolean ipv6;
    final long localHi;
    final long localLo;
    final int localPort;
    final long remoteHi;
    final long remoteLo;
    final int remotePort;
    final SocketAccount account;
    TcpListener listener;
    boolean inTable;
    boolean established;
    long chargedSendBytes;
    long chargedReceiveBytes;
    EventScheduler.Alarm timer;
    final Runnable timerAction;
    private final Wakeup<Readiness, StreamSocket> wakeup;
    private long seenReadable;
    private long seenSendSpace;
    private TcpState seenState;
    private final Hooks hooks;

    TcpSocket(TcpStack stack, TcpConfig config, boolean ipv6, long localHi, long localLo, int localPort,
              long remoteHi, long remoteLo, int remotePort, SocketAccount account) {
        this.stack = stack;
        this.ipv6 = ipv6;
        this.localHi = localHi;
        this.localLo = localLo;
        this.localPort = localPort;
        this.remoteHi = remoteHi;
        this.remoteLo = remoteLo;
        this.remotePort = remotePort;
        this.account = account;
        this.hooks = new Hooks();
        this.timerAction = hooks;
        this.wakeup = new Wakeup<>(stack.scheduler(), this, Readiness::ready);
        this.connection = new TcpConnection(config, stack.memory(), hooks, stack.segmentScratch());
        connection.receiveWindowLimit(hooks);
    }

    /**
     * Hands up to {@code maxBytes} in-order bytes to {@code consumer}, one page reference per
     * fragment (the consumer releases each). Returns the bytes handed over.
     */
    @Override
    public long read(FragmentConsumer consumer, long maxBytes) {
        final long nowNs = stack.nowNs();
        stack.cpu().cost().charge(CostOp.SYSCALL);
        final long n = connection.read(nowNs, consumer, maxBytes);
        final long uncharge = Math.min(n, chargedReceiveBytes);
        if (uncharge > 0 && !account.isClosed()) {
            stack.socketMemory().unchargeReceive(account, (int) uncharge);
            chargedReceiveBytes -= uncharge;
        }
        stack.afterCall(nowNs, this);
        return n;
    }

    /**
     * Copies up to {@code length} bytes into {@code dst}; returns the count, 0 when nothing is
     * readable yet, -1 at end of stream.
     */
    @Override
    public int read(byte[] dst, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        hooks.start(dst, offset);
        final long n = read(hooks, length);
        if (n == 0 && connection.isEndOfStream()) {
            return -1;
        }
        return (int) n;
    }

    /**
     * Queues one page fragment for sending (sendfile-like). Takes the caller's reference to
     * {@code pfn} when it returns true; false when the send buffer or socket memory is full.
     */
    @Override
    public boolean send(int pfn, int offset, int lengthBytes) {
        if (account.isClosed() || lengthBytes <= 0) {
            return false;
        }
        if (!stack.socketMemory().chargeSend(account, lengthBytes).allowed()) {
            return false;
        }
        chargedSendBytes += lengthBytes;
        final long nowNs = stack.nowNs();
        final boolean taken = connection.send(nowNs, pfn, offset, lengthBytes);
        if (!taken) {
            stack.socketMemory().unchargeSend(account, lengthBytes);
            chargedSendBytes -= lengthBytes;
        }
        stack.afterCall(nowNs, this);
        return taken;
    }

    /**
     * Copies up to {@code length} bytes from {@code src} into pages of the host's send pool and
     * queues them; returns the bytes accepted (0 when the buffer is full).
     */
    @Override
    public int write(byte[] src, int offset, int length) {
        final HostMemory memory = stack.memory();
        int done = 0;
        while (done < length) {
            final int chunk = (int) Math.min(Math.min(length - done, HostMemory.PAGE_SIZE), connection.sendSpaceBytes());
            if (chunk <= 0) {
                break;
            }
            final int pfn = stack.sendPool().allocate();
            if (pfn == HostMemory.NO_PAGE) {
                break;
            }
            stack.cpu().copyIn(src, offset + done, chunk, pfn, 0);
            if (!send(pfn, 0, chunk)) {
                memory.release(pfn);
                break;
            }
            done += chunk;
        }
        return done;
    }

    /** Closes the sending direction after the queued data (FIN). */
    @Override
    public void shutdown() {
        final long nowNs = stack.nowNs();
        connection.shutdown(nowNs);
        stack.afterCall(nowNs, this);
    }

    /** Closes both directions (RST when unread data remains, as RFC 2525 asks). */
    @Override
    public void close() {
        final long nowNs = stack.nowNs();
        connection.close(nowNs);
        stack.afterCall(nowNs, this);
    }

    /** Aborts with a RST and releases everything held. */
    @Override
    public void abort() {
        final long nowNs = stack.nowNs();
        connection.abort(nowNs);
        stack.afterCall(nowNs, this);
    }

    @Override
    public void onReady(Readiness newReadiness) {
        wakeup.set(newReadiness);
    }

    /**
     * Notes what the last event or call changed: more to read, more room to send, or a new state
     * wakes the application (as a scheduled event of its own, never inside the stack's processing),
     * unless the change was its own call's.
     */
    void noteReadiness(boolean ownCall) {
        if (!wakeup.isSet()) {
            return; // a polling application: nothing to note
        }
        final long readable = connection.readableBytes() + (connection.isEndOfStream() ? 1 : 0);
        final long space = sendSpaceBytes();
        final TcpState state = connection.state();
        final boolean news = readable > seenReadable || space > seenSendSpace || state != seenState;
        seenReadable = readable;
        seenSendSpace = space;
        seenState = state;
        if (news && !ownCall) {
            wakeup.wake();
        }
    }

    public TcpState state() {
        return connection.state();
    }

    public CloseReason closeReason() {
        return connection.closeReason();
    }

    @Override
    public boolean isEstablished() {
        return connection.state().isSynchronized() && connection.state() != TcpState.TIME_WAIT;
    }

    @Override
    public boolean isEndOfStream() {
        return connection.isEndOfStream();
    }

    @Override
    public long readableBytes() {
        return connection.readableBytes();
    }

    @Override
    public long sendSpaceBytes() {
        if (account.isClosed()) {
            return 0; // closed: nothing more is taken
        }
        return Math.min(connection.sendSpaceBytes(), stack.socketMemory().sendSpace(account));
    }

    public long sendQueuedBytes() {
        return connection.sendQueuedBytes();
    }

    /** The local address: IPv6 high half (0 for IPv4). */
    public long localHigh() {
        return localHi;
    }

    /** The local address: IPv6 low half, or the IPv4 address in the low 32 bits. */
    public long localLow() {
        return localLo;
    }

    /** The peer's address: IPv6 high half (0 for IPv4). */
    public long remoteHigh() {
        return remoteHi;
    }

    /** The peer's address: IPv6 low half, or the IPv4 address in the low 32 bits. */
    public long remoteLow() {
        return remoteLo;
    }

    public int localPort() {
        return localPort;
    }

    public int remotePort() {
        return remotePort;
    }

    public boolean isIpv6() {
        return ipv6;
    }

    public SocketAccount account() {
        return account;
    }

    /** The engine, for inspection (counters, cwnd, RTT). */
    public TcpConnection connection() {
        return connection;
    }

    @Override
    public String toString() {
        return "TcpSocket[" + localPort + ">" + remotePort + " " + connection.state() + "]";
    }

    /**
     * What the engine and the scheduler call back, in one object per socket: the engine's segment
     * sink and receive-window limit, the timer action, and the copying reader of
     * {@link #read(byte[], int, int)} (fragments copied into an array through the ledger and released).
     */
    private final class Hooks implements SegmentSink, ReceiveWindowLimit, Runnable, FragmentConsumer {
        private byte[] dst;
        private int at;

        void start(byte[] array, int offset) {
            dst = array;
            at = offset;
        }

        @Override
        public void accept(int pfn, int offset, int lengthBytes) {
            stack.cpu().copyOut(pfn, offset, lengthBytes, dst, at);
            at += lengthBytes;
            stack.memory().release(pfn);
        }

        @Override
        public void transmit(TcpSegment segment) {
            stack.transmit(TcpSocket.this, segment);
        }

        @Override
        public long allowanceBytes() {
            return stack.receiveAllowance(TcpSocket.this);
        }

        @Override
        public void run() {
            stack.onTimer(TcpSocket.this);
        }
    }
}
