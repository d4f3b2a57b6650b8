package dev.toeless.stack.toe;

import dev.toeless.nic.card.CardConnectionTable;
import dev.toeless.nic.card.CardDma;
import dev.toeless.nic.card.CardMemory;
import dev.toeless.nic.card.ToeCommandDescriptor;
import dev.toeless.nic.card.ToeCompletionDescriptor;
import dev.toeless.nic.card.ToeRing;
import dev.toeless.nic.card.ddp.DdpCardConfig;
import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.cost.HostCost;
import dev.toeless.nic.cost.PciLink;
import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.SendStatus;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;
import dev.toeless.stack.filter.PacketFilter;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.ip.IpLayer;
import dev.toeless.stack.qdisc.TbfQdisc;
import dev.toeless.stack.route.Route;
import dev.toeless.stack.route.RouteTable;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.socket.TcpStack;
import dev.toeless.stack.sockmem.SocketMemory;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.tcp.cc.CongestionControls;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TOE card: its hardware (card memory, connection table, the command and completion queues in
 * host memory, DMA over the PCI link) and its firmware, which is this project's own TCP engine:
 * a {@link TcpStack} over a minimal IP layer of the card's, on a wire port of the card's
 * ({@link CardWirePort} over the card's MAC, in card memory), charged to the card's CPU (a {@link HostCost} of the card's
 * profile, the ASIC pipeline by default). The card's checksums, segmentation and receive happen
 * here, in card memory: the host sees no frame of an offloaded connection, and the host's filter,
 * qdisc, socket memory and congestion control see nothing of it.
 *
 * <p>The host drives it only through {@link #doorbell()} after writing commands into
 * {@link #commands()}, and learns of everything from {@link #completions()} after an interrupt.
 * Ownership: a host page named in a command is the card's from the doorbell until a completion
 * names it again; card pages never leave the card.
 */
public final class ToeFirmware implements CounterSet {
    /** Command queue and completion queue entries. */
    public static final int RING_ENTRIES = 4096;
    /** From the doorbell to the commands fetched: a 64-byte DMA read round trip (pcie-bench). */
    static final long COMMAND_FETCH_NS = Math.round(PciLink.dmaReadLatencyNs(ToeCommandDescriptor.LENGTH));
    /** From the completion written to the host's handler running (estimate: MSI-X write and interrupt entry). */
    static final long INTERRUPT_LATENCY_NS = 1_000;
    /** Interrupt coalescing, as the modeled NIC's defaults: an interrupt per 8 completions or 20 us. */
    static final int COALESCE_COMPLETIONS = 8;
    static final long COALESCE_NS = 20_000;

    private final ToeConfig config;
    private final EventScheduler scheduler;
    private final CardMemory memory;
    private final TouchLedger ledger = new TouchLedger();
    private final CpuTouch cpu;
    private final HostCost cost;
    private final CardWirePort wirePort;
    private final IpLayer ip;
    private final TcpStack tcp;
    private final CardConnectionTable<CardConnection> table;
    private final CardDma dma;
    private final ToeRing commands = new ToeRing("toe.cmd", RING_ENTRIES, ToeCommandDescriptor.LENGTH);
    private final ToeRing completions = new ToeRing("toe.cpl", RING_ENTRIES, ToeCompletionDescriptor.LENGTH);
    private final ToeCommandDescriptor command = new ToeCommandDescriptor();
    private final ToeCompletionDescriptor completion = new ToeCompletionDescriptor();
    private final ArrayDeque<long[]> overflow = new ArrayDeque<>();
    // insertion order, so a reset or close aborts connections in the same order on every run
    private final Map<TcpSocket, CardConnection> bySocket = new LinkedHashMap<>();
    private final List<CardListener> listeners = new ArrayList<>();
    private final CardIngress ingress;
    private final ToeCounters counters = new ToeCounters();
    private final EventScheduler.Alarm fetch;
    private final EventScheduler.Alarm interrupt;
    private final CardDdp ddp;
    private DeviceBus bus = DeviceBus.NONE;
    private Runnable interruptHandler = () -> { };
    private int sinceInterrupt;
    private boolean resetting;
    private boolean wireUp = true;
    private PagePool uploadPages;
    private HostMemory hostMemory;
    /** Uploads the host has not yet taken over, by the connection's cookie. */
    private final Map<Long, CardUpload> uploads = new LinkedHashMap<>();

    public ToeFirmware(ToeConfig config, CardAddresses host, HostMemory hostMemory, EventScheduler scheduler,
                       SimRandom random) {
        this.config = config;
        this.scheduler = scheduler;
        this.hostMemory = hostMemory;
        final SimRandom r = random.fork("toe-card");
        this.memory = new CardMemory(config.cardMemoryPages());
        this.cpu = new CpuTouch(memory.memory(), ledger);
        this.cost = new HostCost(config.cardProfile(), scheduler.clock());
        cpu.cost(cost);
        this.table = new CardConnectionTable<>(config.slots());
        this.dma = new CardDma(hostMemory, memory.memory());
        this.wirePort = new CardWirePort(memory.memory(), cpu, memory.rxPool(), host.mac(), host.mtuBytes());
        final RouteTable routes = RouteTable.withDefaults();
        if (host.ipv4() != 0) {
            routes.add(Route.onLink(Prefix.v4(host.ipv4(), host.ipv4PrefixLength()), host.mtuBytes(), 0));
        }
        if (host.ipv6() != null) {
            routes.add(Route.onLink(Prefix.v6(host.ipv6().high(), host.ipv6().low(), host.ipv6PrefixLength()),
                host.mtuBytes(), 0));
            routes.add(Route.onLink(Prefix.v6(0xFE80_0000_0000_0000L, 0, 64), host.mtuBytes(), 0));
        }
        // the card's own IP: no rules, no shaping, nothing the host configures reaches it
        this.ip = new IpLayer(wirePort, cpu, scheduler, r.fork("ip"), routes, new PacketFilter(r.fork("filter")),
            new TbfQdisc<>(RING_ENTRIES, 64L << 20));
        ip.ipv4(host.ipv4());
        if (host.ipv6() != null) {
            ip.ipv6(host.ipv6().high(), host.ipv6().low());
        }
        final int pages = config.cardMemoryPages();
        this.tcp = new TcpStack(ip, cpu, memory.sendPool(), scheduler, r.fork("tcp"),
            // the card's TCP hands its MAC wire-sized segments: the MAC has no segmentation offload
            // below it, so a super-segment size the host's TCP asks for does not apply on the card
            host.tcp().withCongestionControl(() -> CongestionControls.create(config.congestionControl()))
                .withTsoMaxBytes(0),
            new SocketMemory(pages / 4, pages / 3, pages / 2));
        tcp.synCookies(config.synCookies());
        tcp.onRetire(this::retired);
        this.ingress = new CardIngress(this);
        this.fetch = scheduler.alarm(this::fetchCommands);
        this.interrupt = scheduler.alarm(this::raiseInterrupt);
        this.ddp = new CardDdp(this, hostMemory, DdpCardConfig.DEFAULT);
    }

    /** Direct data placement on this card's connections (RDMAP/DDP/MPA in its firmware). */
    public CardDdp ddp() {
        return ddp;
    }

    CpuTouch cpu() {
        return cpu;
    }

    // ---------------------------------------------------------------- hardware plumbing

    /**
     * Joins the card's wire side to a link port: frames arriving go through its ingress, to the
     * card's TCP or up {@code hostPath} (the card's plain NIC path to the host stack).
     */
    public void plugInto(Link.Port port, FrameSink hostPath) {
        wirePort.output((frame, offset, length) -> wireUp && port.send(frame, offset, length) == SendStatus.ACCEPTED);
        ingress.hostPath(hostPath);
        port.attach(ingress);
    }

    /** Where frames from the wire enter the card. */
    public FrameSink ingress() {
        return ingress;
    }

    /** The PCI link the card's DMA, completions, interrupts and doorbells cross. */
    public void bus(DeviceBus deviceBus) {
        this.bus = deviceBus;
        dma.bus(deviceBus);
        ddp.bus(deviceBus);
    }

    /** Where the host's driver is called when completions are waiting. */
    public void interruptHandler(Runnable handler) {
        this.interruptHandler = handler;
    }

    public ToeRing commands() {
        return commands;
    }

    public ToeRing completions() {
        return completions;
    }

    /** The host wrote commands and rang the doorbell: the card fetches them a DMA round trip later. */
    public void doorbell() {
        bus.doorbell();
        if (!fetch.isPending()) {
            fetch.arm(scheduler.nowNs() + COMMAND_FETCH_NS);
        }
    }

    /** The host consumed completions: any the card held back for want of room are written now. */
    public void completionsConsumed() {
        while (!overflow.isEmpty() && !completions.isFull()) {
            final long[] c = overflow.pollFirst();
            write((int) c[0], (int) c[1], (int) c[2], (int) c[3], c[4], (int) c[5], (int) c[6], (int) c[7], c[8]);
        }
        if (!completions.isEmpty()) {
            signal();
        }
    }

    /** A completion is waiting: interrupt after {@value #COALESCE_COMPLETIONS} of them, or after the holdoff. */
    private void signal() {
        sinceInterrupt++;
        final long nowNs = scheduler.nowNs();
        final long deadline = sinceInterrupt >= COALESCE_COMPLETIONS ? nowNs + INTERRUPT_LATENCY_NS : nowNs + COALESCE_NS;
        if (!interrupt.isPending() || deadline < interrupt.deadlineNs()) {
            interrupt.arm(deadline);
        }
    }

    private void raiseInterrupt() {
        sinceInterrupt = 0;
        bus.interrupt();
        counters.interrupts++;
        interruptHandler.run();
    }

    private void fetchCommands() {
        final int n = commands.depth();
        bus.descriptorFetch(n, ToeCommandDescriptor.LENGTH);
        for (int i = 0; i < n; i++) {
            command.wrap(commands.buffer(), commands.consumeSlot());
            CardCommands.execute(this, command);
            commands.consume();
        }
    }

    /** Writes one completion (or holds it back while the queue is full) and raises the interrupt. */
    void complete(int type, int status, int state, int tid, long cookie, int pfn, int offset, int length,
                  long value) {
        if (resetting) {
            return;
        }
        if (completions.isFull() || !overflow.isEmpty()) {
            counters.completionQueueFull++;
            overflow.addLast(new long[] {type, status, state, tid, cookie, pfn, offset, length, value});
            return;
        }
        write(type, status, state, tid, cookie, pfn, offset, length, value);
        signal();
    }

    private void write(int type, int status, int state, int tid, long cookie, int pfn, int offset, int length,
                       long value) {
        completion.wrap(completions.buffer(), completions.produceSlot()).clear().type(type).status(status)
            .state(state).tid(tid).cookie(cookie).pageRange(pfn, offset, length).value(value);
        completions.publish();
        bus.completionWrite(ToeCompletionDescriptor.LENGTH);
        counters.completions++;
    }

    // ---------------------------------------------------------------- connections

    /** The card's TCP: its sockets are the offloaded connections. */
    TcpStack tcp() {
        return tcp;
    }

    IpLayer ip() {
        return ip;
    }

    CardWirePort wirePort() {
        return wirePort;
    }

    CardConnectionTable<CardConnection> table() {
        return table;
    }

    CardMemory memory() {
        return memory;
    }

    CardDma dma() {
        return dma;
    }

    ToeConfig config() {
        return config;
    }

    ToeCounters counters() {
        return counters;
    }

    List<CardListener> listeners() {
        return listeners;
    }

    EventScheduler scheduler() {
        return scheduler;
    }

    CardConnection connection(TcpSocket s) {
        return bySocket.get(s);
    }

    CardConnection connection(int tid) {
        return table.get(tid);
    }

    /** Whether a new connection of this family finds a slot and its memory reserve now. */
    boolean hasRoom(boolean ipv6) {
        return table.hasRoom(ipv6) && memory.sendPool().capacity() - memory.sendPool().pagesOut()
            >= config.connectionReservePages();
    }

    /** Binds a card socket to a new slot; null when none is free (the caller's policy decides). */
    CardConnection admit(TcpSocket s, boolean ipv6) {
        final CardConnection c = new CardConnection(ipv6);
        final int tid = table.allocate(ipv6, c);
        if (tid == CardConnectionTable.NO_SLOT) {
            return null;
        }
        c.tid = tid;
        c.socket = s;
        bySocket.put(s, c);
        s.onReady(socket -> CardService.service(this, c));
        counters.admitted++;
        return c;
    }

    /**
     * A card socket left the card's TCP. After an orderly end whose last bytes the host has not yet
     * been given (no posted page to place them in), the connection keeps its slot until they are
     * placed ({@link CardService#deliver}); otherwise it retires now.
     */
    private void retired(TcpSocket s) {
        final CardConnection c = bySocket.get(s);
        if (c == null) {
            return;
        }
        if (c.uploaded) {
            bySocket.remove(s);
            return; // an upload frees the slot itself
        }
        final CloseReason reason = s.closeReason();
        final boolean orderly = reason == CloseReason.NONE || reason == CloseReason.NORMAL;
        if (orderly && c.accepted && !resetting && (s.readableBytes() > 0 || !c.held.isEmpty())) {
            c.retiring = true;
            CardService.deliver(this, c);
            return;
        }
        retire(c);
    }

    /** The connection is over: pages go back, the host is told, the slot is free. */
    void retire(CardConnection c) {
        final TcpSocket s = c.socket;
        if (bySocket.remove(s) != c) {
            return;
        }
        c.retiring = false;
        CardService.releaseHeld(this, c);
        ddp.closed(c);
        s.read((pfn, offset, length) -> memory.memory().release(pfn), Long.MAX_VALUE);
        if (c.announced || c.cookie != 0) {
            CardService.returnPages(this, c, ToeCompletionDescriptor.STATUS_RESET);
            final CloseReason reason = s.closeReason();
            final int status = reason == CloseReason.NONE || reason == CloseReason.NORMAL ? ToeCompletionDescriptor.STATUS_OK
                : reason == CloseReason.TIMEOUT ? ToeCompletionDescriptor.STATUS_TIMED_OUT
                : ToeCompletionDescriptor.STATUS_RESET;
            complete(ToeCompletionDescriptor.STATE_CHANGE, status, ToeCompletionDescriptor.STATE_CLOSED, c.tid,
                c.cookie != 0 ? c.cookie : c.listenerCookie, HostMemory.NO_PAGE, 0, 0, c.bytesToHost);
        }
        table.free(c.tid);
        counters.closed++;
    }

    /** The card's TCP engine of slot {@code tid} if it still holds the host's connection {@code cookie}, or null: for checkers, not a data path. */
    public dev.toeless.stack.tcp.TcpConnection engine(int tid, long cookie) {
        final CardConnection c = table.get(tid);
        return c == null || c.socket == null || c.cookie != cookie ? null : c.socket.connection();
    }

    // ---------------------------------------------------------------- upload

    /** Where the host pages an upload's payload is DMA'd into come from (the driver's receive pool). */
    public void uploadPages(PagePool pool) {
        this.uploadPages = pool;
    }

    /**
     * Makes room for a new connection of this family by uploading live connections to the host,
     * oldest first, while the card is full; true when there is room now. One pass over the
     * connections in admission order: one passed over (not uploadable now) is not looked at again
     * by this call, and none is tried while the host has fewer free pages than any upload needs.
     */
    boolean makeRoom(boolean ipv6) {
        int passed = 0;
        Iterator<CardConnection> order = bySocket.values().iterator();
        while (!hasRoom(ipv6)) {
            CardConnection victim = null;
            while (victim == null && order.hasNext() && hostPagesForUpload()) {
                final CardConnection c = order.next();
                if (uploadable(c) && CardUpload.upload(this, c, uploadPages)) {
                    victim = c;
                } else {
                    passed++;
                }
            }
            if (victim == null) {
                return false;
            }
            // the upload left the table: go on after the connections passed over
            order = bySocket.values().iterator();
            for (int i = 0; i < passed && order.hasNext(); i++) {
                order.next();
            }
        }
        return true;
    }

    /**
     * Established, taken by the host, nothing pending that an upload would have to carry out, and
     * no DDP stream: that runs in the card's firmware and cannot move to the host stack.
     */
    private boolean uploadable(CardConnection c) {
        return !c.uploaded && c.accepted && c.cookie != 0 && !c.closeAfterSends && !c.abortRequested && !c.retiring
            && c.socket.isEstablished() && !ddp.runs(c);
    }

    /** Whether the host has the pages the smallest upload needs. */
    private boolean hostPagesForUpload() {
        return uploadPages != null && uploadPages.capacity() - uploadPages.pagesOut() >= CardUpload.MIN_HOST_PAGES;
    }

    /** An upload is on its way to the host: the slot is free, the state waits for the host. */
    void uploaded(CardConnection c, CardUpload upload) {
        table.free(c.tid);
        uploads.put(c.cookie, upload);
        counters.uploads++;
        counters.uploadedBytes += upload.handoff().payloadBytes();
    }

    /** The state record of an upload crossing the PCI link. */
    void stateToHost(int bytes) {
        bus.dmaWrite(0, bytes);
    }

    /** The host takes over the connection uploaded under {@code cookie} (null when there is none). */
    CardUpload takeUpload(long cookie) {
        return uploads.get(cookie);
    }

    /** The host runs the uploaded connection now: its frames go up the host path from here on. */
    void uploadDone(long cookie) {
        uploads.remove(cookie);
    }

    /** Whether a frame belongs to a connection on its way to the host (it is dropped meanwhile). */
    boolean inUpload(boolean v6, long srcHigh, long srcLow, int srcPort, int dstPort) {
        for (CardUpload u : uploads.values()) {
            if (u.ipv6() == v6 && u.localPort() == dstPort && u.remotePort() == srcPort && u.remoteLow() == srcLow
                && (!v6 || u.remoteHigh() == srcHigh)) {
                return true;
            }
        }
        return false;
    }

    boolean uploadsInFlight() {
        return !uploads.isEmpty();
    }

    /** Payload pages of uploads the host never took (a card reset lost the completion) go back. */
    private void dropUploads() {
        for (CardUpload u : uploads.values()) {
            final var h = u.handoff();
            for (int i = 0; i < h.sendData().size(); i += 3) {
                if (!u.lentPages().containsInt(h.sendData().getInt(i))) {
                    hostMemory.release(h.sendData().getInt(i));
                }
            }
            for (int i = 0; i < h.received().size(); i += 3) {
                hostMemory.release(h.received().getInt(i));
            }
            for (int i = 1; i < h.outOfOrder().size(); i += 4) {
                hostMemory.release(h.outOfOrder().getInt(i));
            }
        }
        uploads.clear();
    }

    /**
     * A card reset: the card's hard state is gone. Every offloaded connection is lost (nothing
     * more goes out on the wire for it: a peer learns of the loss from the host stack's reset when
     * it next sends), every card page is freed, the queues start empty, and the host is told with
     * one {@link ToeCompletionDescriptor#STATUS_CARD_RESET} error; its driver fails every socket
     * and takes back every page it lent. Returns how many connections were lost.
     */
    public int reset() {
        resetting = true;
        wireUp = false;
        final int lost = table.connections();
        ddp.closeAll();
        for (TcpSocket s : new ArrayList<>(bySocket.keySet())) {
            s.abort();
        }
        // one that ended in order and still holds its last bytes for host pages (retiring) has no
        // TCP left to abort: it goes now, its held card pages with it
        for (CardConnection c : new ArrayList<>(bySocket.values())) {
            retire(c);
        }
        for (CardListener l : listeners) {
            l.listener().close();
        }
        listeners.clear();
        table.reset();
        bySocket.clear();
        dropUploads();
        commands.reset();
        completions.reset();
        overflow.clear();
        fetch.cancel();
        interrupt.cancel();
        resetting = false;
        wireUp = true;
        counters.resets++;
        counters.lostToReset += lost;
        complete(ToeCompletionDescriptor.ERROR, ToeCompletionDescriptor.STATUS_CARD_RESET, 0, -1, 0,
            HostMemory.NO_PAGE, 0, 0, lost);
        return lost;
    }

    /** Card pages and everything else back: after the host's connections are closed. */
    public void close() {
        resetting = true;
        ddp.closeAll();
        for (TcpSocket s : new ArrayList<>(bySocket.keySet())) {
            s.abort();
        }
        for (CardListener l : listeners) {
            l.listener().close();
        }
        listeners.clear();
        dropUploads();
        memory.close();
    }

    /** The card memory's leak check: every card page back in its pool. */
    public void assertNoLeaks() {
        memory.memory().assertNoLeaks();
    }

    public CardMemory cardMemory() {
        return memory;
    }

    public HostCost cost() {
        return cost;
    }

    public int connections() {
        return table.connections();
    }

    public int slotsInUse() {
        return table.slotsInUse();
    }

    /** Read-only: the card's listeners and their SYN queues, in the order they were opened. */
    public List<CardListenerView> listenerViews() {
        final List<CardListenerView> out = new ArrayList<>();
        for (CardListener l : listeners) {
            final TcpListener t = l.listener();
            out.add(new CardListenerView(l.port(), l.ipv6(), t.backlog(), t.halfOpen(), t.synQueueDrops(),
                t.synCookiesSent()));
        }
        return out;
    }

    /** Read-only: the connections in the card's slots, in the order they were admitted. */
    public List<CardConnectionView> connectionViews() {
        final List<CardConnectionView> out = new ArrayList<>();
        for (CardConnection c : bySocket.values()) {
            final TcpSocket s = c.socket;
            out.add(new CardConnectionView(c.tid, s.localPort(), s.remotePort(), s.isEstablished(),
                s.connection().congestionControlName(), s.connection().receiveWindowBytes(),
                s.readableBytes() + c.heldBytes() + s.sendQueuedBytes(), c.bytesToHost, c.bytesFromHost));
        }
        return out;
    }

    /** The firmware's counters, under {@code toe_*} names. */
    @Override
    public void forEach(CounterVisitor visitor) {
        counters.forEach(visitor, table, memory, ledger);
        final Map<String, Long> d = ddp.counterSnapshot();
        if (d.getOrDefault("ddp_verbs", 0L) > 0) {
            d.forEach(visitor::counter); // under ddp_* names, once the host has used DDP
        }
    }

    /** A listener on the card: its socket and the host's cookie for it. */
    record CardListener(TcpListener listener, boolean ipv6, int port, long cookie) {
    }
}
