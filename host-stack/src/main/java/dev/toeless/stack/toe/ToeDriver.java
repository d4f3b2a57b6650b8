package dev.toeless.stack.toe;

import dev.toeless.nic.card.CardConnectionTable;
import dev.toeless.nic.card.ToeCommandDescriptor;
import dev.toeless.nic.card.ToeCompletionDescriptor;
import dev.toeless.nic.card.ToeRing;
import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.CpuMeter;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpStack;
import org.agrona.collections.Int2IntCounterMap;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;

import static dev.toeless.nic.card.ToeCompletionDescriptor.STATUS_CARD_RESET;

/**
 * The host's driver for a TOE card: applications open {@link ToeSocket}s and {@link ToeListener}s
 * here, whose calls become command descriptors in the card's command queue (one doorbell per burst
 * of commands, rung as an event of its own once the current event ends), and whose readiness comes
 * from the completions the card writes, read when its interrupt arrives. It keeps the card's
 * queues fed with receive pages from the host's RX pool, tracks every host page it lent the card,
 * and charges the host's CPU for what it does: descriptors, doorbells, interrupts, system calls.
 *
 * <p>When the card is full, {@link CardFullPolicy} decides: a listener also listens on the host
 * stack (where fallen-back SYNs land), and an active open the card has no slot for goes to the host
 * stack ({@code fallback}) or fails ({@code refuse}). Ownership: a page named in a command is the
 * card's until a completion names it; {@link #cardReset()} takes every one back.
 */
public final class ToeDriver implements CounterSet {
    /** CLOSE flag: close both directions (the socket's {@code close}), not only ours (its {@code shutdown}). */
    static final int FLAG_FULL_CLOSE = 2;

    private final ToeFirmware card;
    private final HostMemory memory;
    private final CpuTouch cpu;
    private final PagePool rxPool;
    private final PagePool sendPool;
    private final EventScheduler scheduler;
    private final ToeConfig config;
    private final int sendBufferBytes;
    private final ToeCommandDescriptor command = new ToeCommandDescriptor();
    private final ToeCompletionDescriptor completion = new ToeCompletionDescriptor();
    private final Long2ObjectHashMap<Object> byCookie = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<ToeSocket> byTid = new Int2ObjectHashMap<>();
    private final Int2IntCounterMap lent = new Int2IntCounterMap(0);
    private final EventScheduler.Alarm doorbell;
    /** The completion handler waiting for its core (busy with earlier work). */
    private final EventScheduler.Alarm deferred;
    private TcpStack hostStack;
    private CpuMeter cpuMeter = CpuMeter.NONE;
    private long nextCookie = 1;
    private int predictedSlots;
    private long commandsPosted;
    private long completionsHandled;
    private long commandQueueFull;
    private long receivePagesShort;
    private long connectsFellBack;
    private long connectsRefused;
    private long cardResets;
    private long uploadsTaken;
    /** Sockets whose receive pages ran short: posted again as soon as pages come back. */
    private final java.util.ArrayDeque<ToeSocket> starved = new java.util.ArrayDeque<>();
    private long uploadsLost;

    /**
     * @param rxPool   where the pages posted to the card for receiving come from
     * @param sendPool where a copying {@code write} puts its bytes
     */
    public ToeDriver(ToeFirmware card, HostMemory memory, CpuTouch cpu, PagePool rxPool, PagePool sendPool,
                     EventScheduler scheduler, ToeConfig config, int sendBufferBytes) {
        this.card = card;
        this.memory = memory;
        this.cpu = cpu;
        this.rxPool = rxPool;
        this.sendPool = sendPool;
        this.scheduler = scheduler;
        this.config = config;
        this.sendBufferBytes = sendBufferBytes;
        this.doorbell = scheduler.alarm(this::ringDoorbell);
        this.deferred = scheduler.alarm(this::onInterrupt);
        card.interruptHandler(this::onInterrupt);
        card.ddp().hostCpu(cpu);
        card.uploadPages(rxPool);
    }

    /** The host stack that takes the connections the card does not (the fallback path). */
    public void hostStack(TcpStack stack) {
        this.hostStack = stack;
    }

    public ToeFirmware card() {
        return card;
    }

    public ToeConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- application calls

    /**
     * Listens on {@code port} of the host's IPv4 address: on the card, and on the host stack for
     * the SYNs the card passes up when it is full. The listener is the caller's to close.
     */
    public Listener listenV4(int port, int backlog) {
        return listen(false, port, backlog);
    }

    /** Listens on {@code port} of the host's IPv6 address, on the card and on the host stack (see {@link #listenV4}). */
    public Listener listenV6(int port, int backlog) {
        return listen(true, port, backlog);
    }

    private Listener listen(boolean ipv6, int port, int backlog) {
        final TcpListener host = hostStack == null ? null
            : ipv6 ? hostStack.listenV6(port, backlog) : hostStack.listenV4(port, backlog);
        final ToeListener l = new ToeListener(this, ipv6, port, backlog, nextCookie++, host);
        byCookie.put(l.cookie(), l);
        postListen(l);
        return l;
    }

    void postListen(ToeListener l) {
        post(ToeCommandDescriptor.LISTEN, 0, l.ipv6(), -1, l.cookie(), HostMemory.NO_PAGE, 0, 0, l.localPort(), 0,
            l.backlog(), 0, 0);
    }

    void unlisten(ToeListener l) {
        post(ToeCommandDescriptor.UNLISTEN, 0, l.ipv6(), -1, l.cookie(), HostMemory.NO_PAGE, 0, 0, l.localPort(), 0,
            0, 0, 0);
    }

    /**
     * Opens a connection to {@code remoteIp:remotePort} on the card; when the driver's view of the
     * card's table says it is full, on the host stack ({@code fallback}) or not at all
     * ({@code refuse}: a socket that is already closed).
     */
    public StreamSocket connectV4(int remoteIp, int remotePort) {
        return connect(false, 0, remoteIp & 0xFFFF_FFFFL, remotePort);
    }

    /** Opens an IPv6 connection (two card slots), as {@link #connectV4}. */
    public StreamSocket connectV6(long remoteHi, long remoteLo, int remotePort) {
        return connect(true, remoteHi, remoteLo, remotePort);
    }

    private StreamSocket connect(boolean v6, long remoteHi, long remoteLo, int remotePort) {
        cpu.cost().charge(CostOp.SYSCALL);
        if (predictedSlots + CardConnectionTable.slotsFor(v6) > config.slots()) {
            if (config.policy() != CardFullPolicy.REFUSE && hostStack != null) {
                connectsFellBack++;
                return v6 ? hostStack.connectV6(remoteHi, remoteLo, remotePort)
                    : hostStack.connectV4((int) remoteLo, remotePort);
            }
            connectsRefused++;
            final ToeSocket refused = new ToeSocket(this, 0, sendBufferBytes, v6);
            refused.fail(ToeCompletionDescriptor.STATUS_NO_SLOT);
            return refused;
        }
        final ToeSocket s = new ToeSocket(this, nextCookie++, sendBufferBytes, v6);
        s.remotePort = remotePort;
        cpu.cost().charge(CostOp.CONNECTION_SETUP); // the host's socket and file: the TCP state is the card's
        byCookie.put(s.cookie(), s);
        predictedSlots += CardConnectionTable.slotsFor(v6);
        s.holdsSlot = true;
        post(ToeCommandDescriptor.CONNECT, 0, v6, -1, s.cookie(), HostMemory.NO_PAGE, 0, 0, 0, remotePort, 0,
            remoteHi, remoteLo);
        return s;
    }

    // ---------------------------------------------------------------- commands

    /** Room for one more command now. */
    boolean commandRoom() {
        return !card.commands().isFull();
    }

    /** Writes one command; the doorbell rings once the current event is over. False when the queue is full. */
    boolean post(int opcode, int flags, boolean v6, int tid, long cookie, int pfn, int offset, int length,
                 int localPort, int remotePort, int argument, long remoteHigh, long remoteLow) {
        final ToeRing ring = card.commands();
        if (ring.isFull()) {
            commandQueueFull++;
            return false;
        }
        command.wrap(ring.buffer(), ring.produceSlot()).clear().opcode(opcode).flags(flags)
            .family(v6 ? ToeCommandDescriptor.FAMILY_IPV6 : ToeCommandDescriptor.FAMILY_IPV4).tid(tid).cookie(cookie)
            .pageRange(Math.max(pfn, 0), offset, length).ports(localPort, remotePort).argument(argument)
            .addresses(0, 0, remoteHigh, remoteLow);
        ring.publish();
        if (pfn != HostMemory.NO_PAGE) {
            lent.incrementAndGet(pfn);
        }
        commandsPosted++;
        cpu.cost().charge(CostOp.TX_DESCRIPTOR);
        if (!doorbell.isPending()) {
            doorbell.arm(scheduler.nowNs());
        }
        return true;
    }

    private void ringDoorbell() {
        cpu.cost().charge(CostOp.DOORBELL);
        card.doorbell();
    }

    /** Keeps up to the socket's target of receive pages posted to the card. */
    void replenish(ToeSocket s) {
        while (s.tid() >= 0 && !s.closedByApp() && s.postedPages + s.queuedFragments() < s.receiveTarget) {
            if (!commandRoom()) {
                return;
            }
            final int pfn = rxPool.allocate();
            if (pfn == HostMemory.NO_PAGE) {
                receivePagesShort++;
                if (!s.starved) {
                    s.starved = true;
                    starved.addLast(s); // no page now: retried when pages come back, never forgotten
                }
                return;
            }
            post(ToeCommandDescriptor.POST_RECEIVE, 0, false, s.tid(), s.cookie(), pfn, 0, HostMemory.PAGE_SIZE, 0, 0,
                0, 0, 0);
            s.postedPages++;
        }
    }

    /** Posts receive pages to the sockets that ran short, while the pool has pages. */
    void replenishStarved() {
        for (int n = starved.size(); n > 0 && rxPool.pagesOut() < rxPool.capacity(); n--) {
            final ToeSocket s = starved.pollFirst();
            s.starved = false;
            replenish(s);
        }
    }

    // ---------------------------------------------------------------- completions

    /** Brackets the driver's completion handling (host CPU work) with {@code meter}. */
    public void cpuMeter(CpuMeter meter) {
        this.cpuMeter = meter;
    }

    private void onInterrupt() {
        final long nowNs = scheduler.nowNs();
        final long readyNs = cpu.cost().readyAtNs(nowNs);
        if (readyNs > nowNs) {
            if (!deferred.isPending()) {
                deferred.arm(readyNs); // the handler runs when its core is free, as the NIC driver's poll
            }
            return;
        }
        cpuMeter.enter();
        try {
            handleCompletions();
        } finally {
            cpuMeter.exit();
        }
    }

    private void handleCompletions() {
        cpu.cost().charge(CostOp.INTERRUPT);
        final ToeRing ring = card.completions();
        final int n = ring.depth();
        for (int i = 0; i < n; i++) {
            completion.wrap(ring.buffer(), ring.consumeSlot());
            completionsHandled++;
            cpu.cost().charge(CostOp.RX_DESCRIPTOR);
            dispatch();
            ring.consume();
        }
        card.completionsConsumed();
        replenishStarved();
    }

    private void dispatch() {
        final int type = completion.type();
        if (type == ToeCompletionDescriptor.ERROR && completion.status() == STATUS_CARD_RESET) {
            cardReset();
            return;
        }
        final int pfn = completion.pfn();
        final boolean returnsPage = completion.lengthBytes() > 0 && type != ToeCompletionDescriptor.STATE_CHANGE;
        if (returnsPage) {
            lent.decrementAndGet(pfn);
        }
        final Object target = byCookie.get(completion.cookie());
        if (target instanceof ToeSocket s) {
            s.onCompletion(completion, returnsPage);
        } else if (target instanceof ToeListener l) {
            l.onCompletion(completion);
        } else if (returnsPage) {
            memory.release(pfn); // its socket is gone: the page is the host's again
        }
    }

    /** A passive open on the card: a socket of the host's, told to the card at once. */
    ToeSocket passiveOpen(ToeListener l, int tid, int remotePort) {
        final ToeSocket s = new ToeSocket(this, nextCookie++, sendBufferBytes, l.ipv6());
        s.remotePort = remotePort;
        cpu.cost().charge(CostOp.CONNECTION_SETUP);
        byCookie.put(s.cookie(), s);
        s.holdsSlot = true;
        predictedSlots += CardConnectionTable.slotsFor(l.ipv6());
        s.opened(tid);
        byTid.put(tid, s);
        post(ToeCommandDescriptor.ACCEPT, 0, l.ipv6(), tid, s.cookie(), HostMemory.NO_PAGE, 0, 0, 0, 0, 0, 0, 0);
        replenish(s);
        return s;
    }

    /** The card closed the connection and has returned its pages: the socket is forgotten. */
    void forget(ToeSocket s) {
        if (unbind(s)) {
            cpu.cost().charge(CostOp.CONNECTION_TEARDOWN);
        }
    }

    /** Forgets {@code s}'s cookie and card tid and gives back its predicted slots: true when it held them. */
    private boolean unbind(ToeSocket s) {
        byCookie.remove(s.cookie());
        if (s.cardTid() >= 0 && byTid.get(s.cardTid()) == s) {
            byTid.remove(s.cardTid());
        }
        if (!s.holdsSlot) {
            return false;
        }
        s.holdsSlot = false;
        predictedSlots -= CardConnectionTable.slotsFor(s.isIpv6());
        return true;
    }

    /**
     * The card uploaded {@code s}'s connection: the host stack takes it over from the state and
     * pages the card DMA'd up, the host pages the card held for its sends now its send data, and
     * the application's socket carries on over the host stack's. The card is told the host has it.
     */
    void takeUpload(ToeSocket s) {
        final CardUpload u = card.takeUpload(s.cookie());
        unbind(s);
        if (u == null) {
            uploadsLost++;
            s.fail(ToeCompletionDescriptor.STATUS_RESET);
            return;
        }
        for (int i = 0; i < u.lentPages().size(); i++) {
            lent.decrementAndGet(u.lentPages().getInt(i));
        }
        final var t = hostStack == null ? null
            : hostStack.adopt(u.ipv6(), u.localPort(), u.remoteHigh(), u.remoteLow(), u.remotePort(), u.handoff());
        card.uploadDone(s.cookie());
        if (t == null) {
            uploadsLost++;
            releasePayload(u);
            s.fail(ToeCompletionDescriptor.STATUS_RESET);
            return;
        }
        uploadsTaken++;
        s.continueOn(t);
    }

    private void releasePayload(CardUpload u) {
        final var h = u.handoff();
        for (int i = 0; i < h.sendData().size(); i += 3) {
            memory.release(h.sendData().getInt(i));
        }
        for (int i = 0; i < h.received().size(); i += 3) {
            memory.release(h.received().getInt(i));
        }
        for (int i = 1; i < h.outOfOrder().size(); i += 4) {
            memory.release(h.outOfOrder().getInt(i));
        }
    }

    void forget(ToeListener l) {
        byCookie.remove(l.cookie());
    }

    /**
     * The card reset: every offloaded connection is lost. Each socket fails (its application
     * sees it reset, not ended), every page lent to the card comes back, and the listeners are
     * opened on the card again.
     */
    private void cardReset() {
        cardResets++;
        final ArrayList<ToeListener> listeners = new ArrayList<>();
        for (Object o : new ArrayList<>(byCookie.values())) {
            if (o instanceof ToeSocket s) {
                s.fail(STATUS_CARD_RESET);
                forget(s);
            } else if (o instanceof ToeListener l) {
                l.failPending(STATUS_CARD_RESET);
                listeners.add(l);
            }
        }
        lent.forEach((pfn, count) -> {
            for (int i = 0; i < count; i++) {
                memory.release(pfn);
            }
        });
        lent.clear();
        predictedSlots = 0;
        byTid.clear();
        for (ToeListener l : listeners) {
            if (!l.closed()) {
                postListen(l);
            }
        }
    }

    /** A socket the card named by slot, told before its owner knew (a passive open that died at once). */
    void closedBeforeAccept(int tid, int status) {
        final ToeSocket s = byTid.get(tid);
        if (s != null) {
            s.fail(status);
            forget(s);
        }
    }

    /** The socket established on slot {@code tid} (an active open learns its slot then). */
    void established(ToeSocket s, int tid) {
        byTid.put(tid, s);
    }

    PagePool sendPool() {
        return sendPool;
    }

    HostMemory memory() {
        return memory;
    }

    CpuTouch cpu() {
        return cpu;
    }

    EventScheduler scheduler() {
        return scheduler;
    }

    /** Pages lent to the card and not yet returned. */
    public long pagesLent() {
        final long[] sum = {0};
        lent.forEach((pfn, count) -> sum[0] += count);
        return sum[0];
    }

    /** The driver's counters, under {@code toe_host_*} names. */
    @Override
    public void forEach(CounterVisitor m) {
        m.counter("toe_host_commands", commandsPosted);
        m.counter("toe_host_completions", completionsHandled);
        m.counter("toe_host_command_queue_full", commandQueueFull);
        m.counter("toe_host_receive_pages_short", receivePagesShort);
        m.counter("toe_host_connects_fell_back", connectsFellBack);
        m.counter("toe_host_connects_refused", connectsRefused);
        m.counter("toe_host_card_resets", cardResets);
        m.counter("toe_host_uploads_taken", uploadsTaken);
        m.counter("toe_host_uploads_lost", uploadsLost);
        m.counter("toe_host_pages_lent", pagesLent());
    }

    /** Takes back what the card holds and shuts it down: after the connections are closed. */
    public void close() {
        card.close();
        lent.forEach((pfn, count) -> {
            for (int i = 0; i < count; i++) {
                memory.release(pfn);
            }
        });
        lent.clear();
    }
}
