package dev.toeless.stack.socket;

import dev.toeless.stack.tcp.TcpCounters;
import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.Ipv4Header;
import dev.toeless.nic.wire.Ipv6Header;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.stack.demux.ConnectionTable;
import dev.toeless.stack.demux.ListenerTable;
import dev.toeless.stack.ip.IpOutput;
import dev.toeless.stack.ip.TcpHandler;
import dev.toeless.stack.netdev.RxPacket;
import dev.toeless.stack.sockmem.SocketMemory;
import dev.toeless.stack.tcp.SegmentScratch;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.TcpHandoff;
import dev.toeless.stack.tcp.TcpConnection;
import dev.toeless.stack.tcp.TcpSegment;
import dev.toeless.stack.tcp.TcpState;
import dev.toeless.stack.tcp.cookie.SynCookies;
import dev.toeless.stack.tcp.isn.IsnGenerator;

/**
 * TCP for one host around the sans-I/O engine: demultiplexes received segments by 4-tuple to
 * their {@link TcpConnection} ({@link ConnectionTable}) or to a listener ({@link ListenerTable}),
 * opens passive connections within each listener's SYN backlog and answers with SYN cookies
 * beyond it, answers segments for no socket with a RST, draws ISNs from {@link IsnGenerator},
 * schedules each connection's {@link TcpConnection#nextDeadlineNs()} on the host's
 * {@link EventScheduler}, and charges received and queued bytes to the global
 * {@link SocketMemory}: each connection advertises at most its
 * {@link SocketMemory#receiveWindowAllowance}, so memory pressure closes windows instead of
 * dropping data; only a segment beyond the global hard limit is dropped (and counted).
 *
 * <p>Ownership: received fragments pass from the IP layer into the connection (or are released
 * on a drop); emitted segments' fragments pass to the IP layer. One owner, one thread.
 */
public final class TcpStack implements TcpHandler {
    private static final int EPHEMERAL_FIRST = 32_768;
    private static final int EPHEMERAL_LAST = 60_999;
    /** The smallest MSS announced, however small the MTU (TcpConfig's floor). */
    private static final int MIN_MSS = 64;

    private final IpOutput ip;
    private final CpuTouch cpu;
    private final HostMemory memory;
    private final PagePool sendPool;
    private final EventScheduler scheduler;
    private final TcpConfig config;
    private final TcpConfig configV6;
    private final SocketMemory socketMemory;
    private final IsnGenerator isn;
    private final SynCookies cookies;
    private final TcpWire wire;
    private final ConnectionTable<TcpSocket> connections;
    private final ListenerTable<TcpListener> listeners;
    private final TcpSegment rxSegment = new TcpSegment();
    private final TcpSegment synthetic = new TcpSegment();
    private final SegmentScratch segmentScratch = new SegmentScratch();
    private int nextEphemeral = EPHEMERAL_FIRST;
    private boolean suppressOutput;
    private boolean synCookies = true;
    private java.util.function.Consumer<TcpSocket> retired;

    private long segmentsIn;
    private long resetsSent;
    private long memoryDrops;
    private long cookieRejects;

    public TcpStack(IpOutput ip, CpuTouch cpu, PagePool sendPool, EventScheduler scheduler, SimRandom random,
                    TcpConfig config, SocketMemory socketMemory) {
        this.ip = ip;
        this.cpu = cpu;
        this.memory = cpu.memory();
        this.sendPool = sendPool;
        this.scheduler = scheduler;
        this.config = config;
        this.configV6 = withMss(config, config.mssBytes() - (Ipv6Header.HEADER_LENGTH - Ipv4Header.MIN_HEADER_LENGTH));
        this.socketMemory = socketMemory;
        this.isn = new IsnGenerator(random.fork("isn"));
        this.cookies = new SynCookies(random.fork("syncookies"));
        this.wire = new TcpWire(ip, cpu, ip.features());
        final SimRandom seeds = random.fork("demux");
        this.connections = new ConnectionTable<>(64, seeds.nextLong());
        this.listeners = new ListenerTable<>(seeds.nextLong());
        nextEphemeral = EPHEMERAL_FIRST + random.fork("ports").nextInt(EPHEMERAL_LAST - EPHEMERAL_FIRST);
        ip.tcpHandler(this);
    }

    // ---------------------------------------------------------------- application calls

    /** Listens on {@code port} of this host's IPv4 address with a SYN backlog of {@code backlog}. */
    public TcpListener listenV4(int port, int backlog) {
        final TcpListener l = new TcpListener(this, false, 0, ip.ipv4() & 0xFFFF_FFFFL, port, backlog);
        if (listeners.putV4(ip.ipv4(), port, l) != null) {
            throw new IllegalStateException("port " + port + " already has an IPv4 listener");
        }
        return l;
    }

    /** Listens on {@code port} of this host's IPv6 address. */
    public TcpListener listenV6(int port, int backlog) {
        final TcpListener l = new TcpListener(this, true, ip.ipv6Hi(), ip.ipv6Lo(), port, backlog);
        if (listeners.putV6(ip.ipv6Hi(), ip.ipv6Lo(), port, l) != null) {
            throw new IllegalStateException("port " + port + " already has an IPv6 listener");
        }
        return l;
    }

    /** Opens a connection to {@code remoteIp:remotePort} from an ephemeral port. */
    public TcpSocket connectV4(int remoteIp, int remotePort) {
        final int local = ip.ipv4();
        final int port = ephemeralPort(false, 0, local & 0xFFFF_FFFFL, 0, remoteIp & 0xFFFF_FFFFL, remotePort);
        final TcpSocket s = newSocket(false, 0, local & 0xFFFF_FFFFL, port, 0, remoteIp & 0xFFFF_FFFFL, remotePort);
        final long nowNs = nowNs();
        s.connection.connect(nowNs, isn.isnV4(nowNs, local, port, remoteIp, remotePort));
        afterEvent(nowNs, s);
        return s;
    }

    /** Opens an IPv6 connection to {@code (remoteHi, remoteLo):remotePort}. */
    public TcpSocket connectV6(long remoteHi, long remoteLo, int remotePort) {
        final int port = ephemeralPort(true, ip.ipv6Hi(), ip.ipv6Lo(), remoteHi, remoteLo, remotePort);
        final TcpSocket s = newSocket(true, ip.ipv6Hi(), ip.ipv6Lo(), port, remoteHi, remoteLo, remotePort);
        final long nowNs = nowNs();
        s.connection.connect(nowNs, isn.isnV6(nowNs, ip.ipv6Hi(), ip.ipv6Lo(), port, remoteHi, remoteLo, remotePort));
        afterEvent(nowNs, s);
        return s;
    }

    /**
     * Hands {@code s}'s connection over to another engine: its state and pages go into the
     * returned handoff and the socket leaves this stack without a segment (no FIN, no RST: the
     * connection lives on elsewhere). Null when the connection cannot be handed off now.
     */
    public TcpHandoff handOff(TcpSocket s) {
        if (!s.inTable || !s.connection.canHandOff()) {
            return null;
        }
        final TcpHandoff h = s.connection.handOff();
        afterEvent(nowNs(), s);
        return h;
    }

    /**
     * Takes over a connection another engine handed off, on this stack's address and the 4-tuple
     * given: a socket whose connection continues where the handoff left it. Null when the 4-tuple
     * is already in use here.
     */
    public TcpSocket adopt(boolean v6, int localPort, long remoteHi, long remoteLo, int remotePort, TcpHandoff h) {
        final long lh = v6 ? ip.ipv6Hi() : 0;
        final long ll = v6 ? ip.ipv6Lo() : ip.ipv4() & 0xFFFF_FFFFL;
        final TcpSocket used = v6 ? connections.getV6(lh, ll, localPort, remoteHi, remoteLo, remotePort)
            : connections.getV4((int) ll, localPort, (int) remoteLo, remotePort);
        if (used != null) {
            return null;
        }
        final TcpSocket s = newSocket(v6, lh, ll, localPort, remoteHi, remoteLo, remotePort);
        final long nowNs = nowNs();
        s.connection.resume(nowNs, h);
        afterEvent(nowNs, s);
        return s;
    }

    private int ephemeralPort(boolean v6, long lh, long ll, long rh, long rl, int rp) {
        for (int tries = 0; tries <= EPHEMERAL_LAST - EPHEMERAL_FIRST; tries++) {
            final int port = nextEphemeral;
            nextEphemeral = port == EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
            final TcpSocket used = v6 ? connections.getV6(lh, ll, port, rh, rl, rp)
                : connections.getV4((int) ll, port, (int) rl, rp);
            if (used == null) {
                return port;
            }
        }
        throw new IllegalStateException("no free ephemeral port");
    }

    private TcpSocket newSocket(boolean v6, long lh, long ll, int lp, long rh, long rl, int rp) {
        cpu.cost().charge(CostOp.CONNECTION_SETUP);
        final TcpConfig base = v6 ? configV6 : config;
        final int mss = announcedMss(v6, rh, rl);
        final TcpSocket s = new TcpSocket(this, mss == base.mssBytes() ? base : base.withMssBytes(mss), v6,
            lh, ll, lp, rh, rl, rp, socketMemory.open(config.receiveBufferBytes(), config.sendBufferBytes()));
        if (v6) {
            connections.putV6(lh, ll, lp, rh, rl, rp, s);
        } else {
            connections.putV4((int) ll, lp, (int) rl, rp, s);
        }
        s.inTable = true;
        return s;
    }

    /**
     * The MSS our SYN or SYN-ACK to {@code (rh, rl)} announces: what fits the MTU toward it (the
     * outgoing interface's, or less when path MTU discovery learned less) without the IP and TCP
     * headers, 40 bytes for IPv4 and 60 for IPv6, as Linux's advertised MSS; never above the
     * configured MSS, which caps it.
     */
    private int announcedMss(boolean v6, long rh, long rl) {
        final long nowNs = nowNs();
        final int mtu = v6 ? ip.pathMtuV6(nowNs, rh, rl) : ip.pathMtuV4(nowNs, (int) rl);
        final int cap = (v6 ? configV6 : config).mssBytes();
        if (mtu <= 0) {
            return cap; // no route: nothing will be sent anyway
        }
        final int headers = TcpHeader.MIN_HEADER_LENGTH
            + (v6 ? Ipv6Header.HEADER_LENGTH : Ipv4Header.MIN_HEADER_LENGTH);
        return Math.max(MIN_MSS, Math.min(cap, mtu - headers));
    }

    /** {@code c} with another MSS: IPv6 headers are 20 bytes longer, so its MSS is 20 bytes smaller. */
    private static TcpConfig withMss(TcpConfig c, int mss) {
        return c.withMssBytes(mss);
    }

    void closeListener(TcpListener l) {
        if (l.closed) {
            return;
        }
        l.closed = true;
        if (l.ipv6) {
            listeners.removeV6(l.localHi, l.localLo, l.localPort);
        } else {
            listeners.removeV4((int) l.localLo, l.localPort);
        }
        TcpSocket s;
        while ((s = l.acceptQueue.pollFirst()) != null) {
            s.abort();
        }
    }

    /**
     * Whether a listener whose SYN backlog is full answers with SYN cookies (the default, as
     * Linux's {@code net.ipv4.tcp_syncookies}) or drops the SYN and counts it
     * ({@link TcpListener#synQueueDrops()}).
     */
    public void synCookies(boolean enabled) {
        this.synCookies = enabled;
    }

    public boolean synCookies() {
        return synCookies;
    }

    /**
     * The socket of an IPv4 4-tuple (addresses as {@code int}s), or null: for a placement that
     * demultiplexes before this stack (a TOE card's ingress asks whether a flow is its own).
     */
    public TcpSocket findV4(int localIp, int localPort, int remoteIp, int remotePort) {
        return connections.getV4(localIp, localPort, remoteIp, remotePort);
    }

    /** The socket of an IPv6 4-tuple, or null. */
    public TcpSocket findV6(long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort) {
        return connections.getV6(localHi, localLo, localPort, remoteHi, remoteLo, remotePort);
    }

    /**
     * Who to tell when a socket leaves the connection table (CLOSED, its timer stopped): a TOE
     * card's firmware frees the connection's slot there. Called after the stack's own bookkeeping;
     * null for nobody.
     */
    public void onRetire(java.util.function.Consumer<TcpSocket> hook) {
        this.retired = hook;
    }

    // ---------------------------------------------------------------- input

    @Override
    public void onTcp(long nowNs, RxPacket packet, ParsedFrame f) {
        segmentsIn++;
        final boolean v6 = f.isIpv6();
        final long localHi = v6 ? f.dstHigh() : 0;
        final long localLo = v6 ? f.dstLow() : f.dstV4() & 0xFFFF_FFFFL;
        final long remoteHi = v6 ? f.srcHigh() : 0;
        final long remoteLo = v6 ? f.srcLow() : f.srcV4() & 0xFFFF_FFFFL;
        final long payloadBytes = packet.payloadBytes();
        TcpWire.toSegment(f, packet, rxSegment);
        final TcpSocket s = v6 ? connections.getV6(localHi, localLo, f.dstPort(), remoteHi, remoteLo, f.srcPort())
            : connections.getV4(f.dstV4(), f.dstPort(), f.srcV4(), f.srcPort());
        if (s != null) {
            deliver(nowNs, s, rxSegment);
            return;
        }
        final TcpListener l = v6 ? listeners.lookupV6(localHi, localLo, f.dstPort())
            : listeners.lookupV4(f.dstV4(), f.dstPort());
        final int flags = f.tcpFlags();
        if (l != null && (flags & (TcpHeader.SYN | TcpHeader.ACK | TcpHeader.RST)) == TcpHeader.SYN) {
            if (l.halfOpen >= l.backlog) {
                rxSegment.releaseFragments(memory);
                if (synCookies) {
                    sendCookie(nowNs, l, v6, localHi, localLo, remoteHi, remoteLo, f);
                } else {
                    l.synQueueDrops++;
                }
                return;
            }
            final TcpSocket child = newSocket(v6, localHi, localLo, f.dstPort(), remoteHi, remoteLo, f.srcPort());
            child.listener = l;
            l.halfOpened();
            child.connection.listen(v6
                ? isn.isnV6(nowNs, localHi, localLo, f.dstPort(), remoteHi, remoteLo, f.srcPort())
                : isn.isnV4(nowNs, f.dstV4(), f.dstPort(), f.srcV4(), f.srcPort()));
            deliver(nowNs, child, rxSegment);
            return;
        }
        if (l != null && (flags & (TcpHeader.SYN | TcpHeader.ACK | TcpHeader.RST)) == TcpHeader.ACK
            && openFromCookie(nowNs, l, v6, localHi, localLo, remoteHi, remoteLo, f)) {
            return;
        }
        rxSegment.releaseFragments(memory);
        if ((flags & TcpHeader.RST) == 0) {
            resetsSent++;
            ip.resetFor(nowNs, f, payloadBytes);
        }
    }

    /**
     * The socket's receive allowance, asked while the engine builds an ACK: the charge lags the
     * queue inside a call (a segment being queued is charged, a read uncharged, when the engine
     * returns), so the difference is settled here as if the charge were already current.
     */
    long receiveAllowance(TcpSocket s) {
        if (s.account.isClosed()) {
            return Long.MAX_VALUE;
        }
        final long lag = s.chargedReceiveBytes - s.connection.readableBytes();
        return Math.max(0, socketMemory.receiveWindowAllowance(s.account) + lag);
    }

    private void deliver(long nowNs, TcpSocket s, TcpSegment seg) {
        final long payload = seg.payloadBytes();
        // The engine takes at most the window it offered (a probe of a closed window is answered,
        // not taken); only data inside it that the global hard limit cannot hold is dropped.
        final long takeable = Math.min(payload, s.connection.receiveWindowBytes());
        if (takeable > 0 && socketMemory.globalRoomBytes() < takeable) {
            memoryDrops++;
            seg.releaseFragments(memory);
            return;
        }
        final long before = s.connection.readableBytes();
        final TcpCounters c = s.connection.counters();
        final long fastBefore = c.fastPathData() + c.fastPathAcks();
        s.connection.onSegment(nowNs, seg);
        final long added = s.connection.readableBytes() - before;
        // the engine is sans-I/O: its caller charges it, by the path the segment took
        final boolean fast = c.fastPathData() + c.fastPathAcks() > fastBefore;
        cpu.cost().charge(!fast ? CostOp.TCP_SLOW_PATH : payload > 0 ? CostOp.TCP_FAST_PATH : CostOp.PURE_ACK);
        if (before == 0 && added > 0) {
            cpu.cost().charge(CostOp.WAKEUP);
        }
        if (added > 0 && !s.account.isClosed()) {
            // the engine took only what its window (bounded by the allowance) offered
            socketMemory.forceChargeReceive(s.account, (int) added);
            s.chargedReceiveBytes += added;
        }
        afterEvent(nowNs, s);
    }

    /** A stateless SYN-ACK whose ISN is a cookie (no options beyond MSS: nothing to remember them by). */
    private void sendCookie(long nowNs, TcpListener l, boolean v6, long lh, long ll, long rh, long rl, ParsedFrame f) {
        final int clientIsn = (int) f.tcpSeq();
        final int clientMss = f.tcpOptions().mss() < 0 ? 536 : f.tcpOptions().mss();
        final int cookie = v6
            ? cookies.cookieV6(nowNs, lh, ll, f.dstPort(), rh, rl, f.srcPort(), clientIsn, clientMss)
            : cookies.cookieV4(nowNs, f.dstV4(), f.dstPort(), f.srcV4(), f.srcPort(), clientIsn, clientMss);
        final int mss = v6 ? cookies.cookieMssV6(clientMss) : cookies.cookieMssV4(clientMss);
        synthetic.clear();
        synthetic.header(cookie, clientIsn + 1, TcpHeader.SYN | TcpHeader.ACK,
            Math.min(0xFFFF, config.receiveBufferBytes())).mssOption(Math.min(mss, announcedMss(v6, rh, rl)));
        l.synCookiesSent++;
        wire.transmit(nowNs, v6, lh, ll, f.dstPort(), rh, rl, f.srcPort(), synthetic, 0);
    }

    /**
     * The ACK completing a cookie handshake: a connection is built by replaying the SYN the
     * cookie stands for into a fresh engine (its SYN-ACK is not sent again), then this ACK.
     */
    private boolean openFromCookie(long nowNs, TcpListener l, boolean v6, long lh, long ll, long rh, long rl,
                                   ParsedFrame f) {
        if (l.synCookiesSent == 0) {
            return false;
        }
        final int seq = (int) f.tcpSeq();
        final int ack = (int) f.tcpAck();
        final int mss = v6 ? cookies.checkV6(nowNs, lh, ll, f.dstPort(), rh, rl, f.srcPort(), seq, ack)
            : cookies.checkV4(nowNs, f.dstV4(), f.dstPort(), f.srcV4(), f.srcPort(), seq, ack);
        if (mss == SynCookies.INVALID) {
            cookieRejects++;
            return false;
        }
        final TcpSocket child = newSocket(v6, lh, ll, f.dstPort(), rh, rl, f.srcPort());
        child.listener = l;
        l.halfOpened();
        l.cookieConnections++;
        child.connection.listen(ack - 1);
        synthetic.clear();
        synthetic.header(seq - 1, 0, TcpHeader.SYN, f.tcpWindow()).mssOption(mss);
        suppressOutput = true;
        try {
            child.connection.onSegment(nowNs, synthetic);
        } finally {
            suppressOutput = false;
        }
        deliver(nowNs, child, rxSegment);
        return true;
    }

    @Override
    public void onPathMtu(long nowNs, boolean ipv6, long localHi, long localLo, int localPort,
                          long remoteHi, long remoteLo, int remotePort, int mtuBytes) {
        final TcpSocket s = ipv6 ? connections.getV6(localHi, localLo, localPort, remoteHi, remoteLo, remotePort)
            : connections.getV4((int) localLo, localPort, (int) remoteLo, remotePort);
        if (s == null) {
            return;
        }
        final int headers = ipv6 ? Ipv6Header.HEADER_LENGTH + TcpHeader.MIN_HEADER_LENGTH
            : Ipv4Header.MIN_HEADER_LENGTH + TcpHeader.MIN_HEADER_LENGTH;
        s.connection.onPathMtu(nowNs, mtuBytes - headers);
        afterEvent(nowNs, s);
    }

    // ---------------------------------------------------------------- bookkeeping after every event

    /** After an event that came to the socket (a segment, a timer): settles, then wakes its application if it has work. */
    void afterEvent(long nowNs, TcpSocket s) {
        settle(nowNs, s);
        s.noteReadiness(false);
    }

    /** After the application's own call: settles; what the call changed wakes nobody. */
    void afterCall(long nowNs, TcpSocket s) {
        settle(nowNs, s);
        s.noteReadiness(true);
    }

    private void settle(long nowNs, TcpSocket s) {
        final long queued = s.connection.sendQueuedBytes();
        if (queued < s.chargedSendBytes && !s.account.isClosed()) {
            socketMemory.unchargeSend(s.account, (int) (s.chargedSendBytes - queued));
            s.chargedSendBytes = queued;
        }
        final TcpState state = s.connection.state();
        if (!s.established && state.isSynchronized() && state != TcpState.SYN_RECEIVED) {
            s.established = true;
            if (s.listener != null) {
                final TcpListener l = s.listener;
                l.halfOpen--;
                s.listener = null;
                if (l.closed) {
                    // its listener closed while it was half open: no one will accept it, so it is
                    // reset (as Linux drops a request socket whose listener is gone), not left
                    // established with no owner
                    s.connection.abort(nowNs);
                    settle(nowNs, s);
                    return;
                }
                l.acceptQueue.addLast(s);
                l.wakeAcceptor();
            }
        }
        if (state == TcpState.CLOSED) {
            retire(s);
            return;
        }
        final long deadline = s.connection.nextDeadlineNs();
        // Lazy re-arming: a pending timer at or before the new deadline stays (when it fires early
        // the engine finds nothing due and the timer is set again), so an ACK that pushes the
        // retransmission deadline back costs no scheduler event.
        if (deadline == Long.MAX_VALUE || s.timer != null && s.timer.isPending() && s.timer.deadlineNs() <= deadline) {
            return;
        }
        if (s.timer == null) {
            s.timer = scheduler.alarm(s.timerAction);
        }
        s.timer.arm(Math.max(deadline, nowNs));
    }

    EventScheduler scheduler() {
        return scheduler;
    }

    void onTimer(TcpSocket s) {
        final long nowNs = scheduler.nowNs();
        cpu.cost().charge(CostOp.TIMER);
        s.connection.onTimer(nowNs);
        afterEvent(nowNs, s);
    }

    private void retire(TcpSocket s) {
        if (s.timer != null) {
            s.timer.cancel();
            s.timer = null;
        }
        if (s.listener != null) {
            s.listener.halfOpen--;
            s.listener = null;
        }
        final boolean wasInTable = s.inTable;
        if (s.inTable) {
            s.inTable = false;
            cpu.cost().charge(CostOp.CONNECTION_TEARDOWN);
            if (s.ipv6) {
                connections.removeV6(s.localHi, s.localLo, s.localPort, s.remoteHi, s.remoteLo, s.remotePort);
            } else {
                connections.removeV4((int) s.localLo, s.localPort, (int) s.remoteLo, s.remotePort);
            }
        }
        if (s.connection.readableBytes() == 0 && !s.account.isClosed()) {
            socketMemory.close(s.account);
        }
        if (wasInTable && retired != null) {
            retired.accept(s);
        }
    }

    void transmit(TcpSocket s, TcpSegment seg) {
        if (suppressOutput) {
            seg.releaseFragments(memory);
            return;
        }
        wire.transmit(nowNs(), s.ipv6, s.localHi, s.localLo, s.localPort, s.remoteHi, s.remoteLo, s.remotePort, seg,
            s.connection.sendMssBytes());
    }

    // ---------------------------------------------------------------- accessors

    long nowNs() {
        return scheduler.nowNs();
    }

    HostMemory memory() {
        return memory;
    }

    /** Where this stack's connections build what they send. */
    SegmentScratch segmentScratch() {
        return segmentScratch;
    }

    CpuTouch cpu() {
        return cpu;
    }

    PagePool sendPool() {
        return sendPool;
    }

    public SocketMemory socketMemory() {
        return socketMemory;
    }

    public TcpConfig config() {
        return config;
    }

    public int connectionCount() {
        return connections.size();
    }

    public long segmentsIn() {
        return segmentsIn;
    }

    /** RSTs sent for segments that reached no socket. */
    public long resetsSent() {
        return resetsSent;
    }

    /** Segments dropped because the socket could not be charged for their payload. */
    public long memoryDrops() {
        return memoryDrops;
    }

    public long cookieRejects() {
        return cookieRejects;
    }
}
