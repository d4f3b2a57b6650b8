package dev.toeless.stack.host;

import dev.toeless.accum.AccumConfig;
import dev.toeless.accum.AccumulatingPlacement;
import dev.toeless.nic.device.Nic;
import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.link.FrameOutput;
import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.sim.CpuMeter;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.driver.NicDriver;
import dev.toeless.stack.filter.PacketFilter;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.ip.IpLayer;
import dev.toeless.stack.netdev.DeviceFeatures;
import dev.toeless.stack.netdev.NetDevice;
import dev.toeless.stack.netdev.TxPacket;
import dev.toeless.stack.qdisc.TbfQdisc;
import dev.toeless.stack.route.Route;
import dev.toeless.stack.route.RouteTable;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.socket.TcpStack;
import dev.toeless.stack.sockmem.SocketMemory;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.toe.CardAddresses;
import dev.toeless.stack.toe.ToeDriver;
import dev.toeless.stack.toe.ToeFirmware;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.tso.TsoOffload;

/**
 * One simulated machine: its {@link HostMemory} with the {@link TouchLedger} and {@link CpuTouch}
 * that count every payload byte its CPU touches, page pools for receiving and for copying writes,
 * its {@link Attachment} (the modeled NIC with its driver in one of its modes, {@code none} when the
 * config names none, a TOE card or a port to a card node), the IP layer (addresses, routes, filter, qdisc, neighbour tables) and TCP
 * with its socket-memory limit. Everything runs on the given {@link EventScheduler} and on
 * streams forked from the given {@link SimRandom}, so a run is a function of its seed.
 *
 * <p>The host owns its memory; pages handed to the application through sockets are the
 * application's to release.
 */
public final class Host implements AutoCloseable {
    private static final int HEADER_POOL_PAGES = 512;
    private static final int RING_ENTRIES = 1024;
    private static final int NAPI_BUDGET = 64;

    private final HostConfig config;
    private final EventScheduler scheduler;
    private final HostMemory memory;
    private final TouchLedger ledger = new TouchLedger();
    private final CpuTouch cpu;
    private final PagePool rxPool;
    private final PagePool sendPool;
    private final Attachment attachment;
    private final IpLayer ip;
    private final TcpStack tcp;

    public Host(HostConfig config, EventScheduler scheduler, SimRandom random) {
        this(config, scheduler, random, null);
    }

    /**
     * A host whose attachment {@code attach} builds (a {@link PciPort} to a card node), instead of
     * the one its config names; null for the config's.
     */
    public Host(HostConfig config, EventScheduler scheduler, SimRandom random, AttachmentFactory attach) {
        this.config = config;
        this.scheduler = scheduler;
        final SimRandom r = random.fork(config.name());
        this.memory = new HostMemory(config.memoryPages());
        this.cpu = new CpuTouch(memory, ledger);
        this.rxPool = new PagePool(memory, config.name() + ".rx", config.rxPoolPages());
        this.sendPool = new PagePool(memory, config.name() + ".send", config.sendPoolPages());
        this.attachment = attach != null ? attach.create(memory, cpu, rxPool, scheduler)
            : config.toe() != null ? toeCard(config, scheduler, r)
            : offloadNic(config, scheduler);
        final NetDevice device = attachment.device();
        final RouteTable routes = RouteTable.withDefaults();
        if (config.ipv4() != 0) {
            routes.add(Route.onLink(Prefix.v4(config.ipv4(), config.ipv4PrefixLength()), config.mtuBytes(), 0));
        }
        if (config.ipv6() != null) {
            routes.add(Route.onLink(Prefix.v6(config.ipv6().high(), config.ipv6().low(), config.ipv6PrefixLength()),
                config.mtuBytes(), 0));
            routes.add(Route.onLink(Prefix.v6(0xFE80_0000_0000_0000L, 0, 64), config.mtuBytes(), 0));
        }
        final TbfQdisc<TxPacket> qdisc = new TbfQdisc<>(1_000, 16L << 20);
        this.ip = new IpLayer(device, cpu, scheduler, r.fork("ip"), routes, new PacketFilter(r.fork("filter")), qdisc);
        ip.ipv4(config.ipv4());
        if (config.ipv6() != null) {
            ip.ipv6(config.ipv6().high(), config.ipv6().low());
        }
        final long pages = config.memoryPages();
        final SocketMemory socketMemory = new SocketMemory(pages / 4, pages / 3, pages / 2);
        final DeviceFeatures features = device.features();
        final TcpConfig tcpConfig = features.tso() && config.tcp().tsoMaxBytes() == 0
            ? config.tcp().withTsoMaxBytes(features.maxTsoBytes()) : config.tcp();
        this.tcp = new TcpStack(ip, cpu, sendPool, scheduler, r.fork("tcp"), tcpConfig, socketMemory);
        if (attachment instanceof ToeCard card) {
            card.driver().hostStack(tcp);
        }
    }

    private ToeCard toeCard(HostConfig config, EventScheduler scheduler, SimRandom r) {
        final CardAddresses addresses = new CardAddresses(config.mac(), config.ipv4(), config.ipv4PrefixLength(),
            config.ipv6(), config.ipv6PrefixLength(), config.mtuBytes(), config.tcp());
        final ToeFirmware firmware = new ToeFirmware(config.toe(), addresses, memory, scheduler, r);
        final ToeDriver driver = new ToeDriver(firmware, memory, cpu, rxPool, sendPool, scheduler, config.toe(),
            config.tcp().sendBufferBytes());
        return new ToeCard(driver, offloadNic(config.withNic(DriverMode.STATELESS), scheduler));
    }

    private OffloadNic offloadNic(HostConfig config, EventScheduler scheduler) {
        final PagePool headerPool = new PagePool(memory, config.name() + ".hdr", HEADER_POOL_PAGES);
        final NicConfig nicConfig = NicConfig.defaults()
            .withRings(RING_ENTRIES, RING_ENTRIES)
            .withMaxFrameBytes(config.mtuBytes() + 18)
            .withAccumPlacement(AccumulatingPlacement.factory(AccumConfig.defaults().withFlushTimeoutNs(config.accumFlushTimeoutNs())))
            .withTxOffload(TsoOffload.factory())
            .withCoalescing(config.coalescing().rxUsecs(), config.coalescing().rxFrames());
        final Nic modeled = new Nic(config.name(), memory, scheduler, nicConfig);
        return new OffloadNic(new NicDriver(modeled, cpu, config.nicMode(), rxPool, headerPool, scheduler, NAPI_BUDGET,
            config.mac(), config.mtuBytes()), headerPool);
    }

    /** Connects the host's attachment to one end of a link. */
    public Host plugInto(Link.Port port) {
        attachment.plugInto(port);
        return this;
    }

    /**
     * Connects the host's NIC to any frame output (a TAP bridge) instead of a link port; incoming
     * frames go to {@link #frameIn()}.
     */
    public Host plugInto(FrameOutput output) {
        if (!(attachment instanceof OffloadNic nic)) {
            throw new IllegalStateException("a frame output (the TAP bridge) needs a host with its own NIC");
        }
        nic.plugInto(output);
        return this;
    }

    public HostConfig config() {
        return config;
    }

    public EventScheduler scheduler() {
        return scheduler;
    }

    public HostMemory memory() {
        return memory;
    }

    public TouchLedger ledger() {
        return ledger;
    }

    public CpuTouch cpu() {
        return cpu;
    }

    public PagePool rxPool() {
        return rxPool;
    }

    public PagePool sendPool() {
        return sendPool;
    }

    /** Where the host's packets and connections go: its NIC, in one of the placements. */
    public Attachment attachment() {
        return attachment;
    }

    /**
     * Listens on {@code port} of the host's IPv4 address, wherever this host's connections run:
     * on its TOE card (and the host stack beside it, for connections the card passes up), else on
     * the host stack.
     */
    public Listener listenV4(int port, int backlog) {
        return attachment instanceof ToeCard card ? card.driver().listenV4(port, backlog) : tcp.listenV4(port, backlog);
    }

    /** Listens on {@code port} of the host's IPv6 address, wherever its connections run (see {@link #listenV4}). */
    public Listener listenV6(int port, int backlog) {
        return attachment instanceof ToeCard card ? card.driver().listenV6(port, backlog) : tcp.listenV6(port, backlog);
    }

    /** Opens an IPv6 connection wherever this host's connections run. */
    public StreamSocket connectV6(long remoteHi, long remoteLo, int remotePort) {
        return attachment instanceof ToeCard card ? card.driver().connectV6(remoteHi, remoteLo, remotePort)
            : tcp.connectV6(remoteHi, remoteLo, remotePort);
    }

    /** Opens a connection wherever this host's connections run (see {@link #listenV4}). */
    public StreamSocket connectV4(int remoteIp, int remotePort) {
        return attachment instanceof ToeCard card ? card.driver().connectV4(remoteIp, remotePort)
            : tcp.connectV4(remoteIp, remotePort);
    }

    /** Where frames from the wire enter the host (a link port, a TAP bridge or a test delivers here). */
    public FrameSink frameIn() {
        return attachment.frameIn();
    }

    public IpLayer ip() {
        return ip;
    }

    public TcpStack tcp() {
        return tcp;
    }

    public PacketFilter filter() {
        return ip.filter();
    }

    public TbfQdisc<TxPacket> qdisc() {
        return ip.qdisc();
    }

    public RouteTable routes() {
        return ip.routes();
    }

    /**
     * Asks the NIC to place this connection's received payload page-aligned: the peer's first data
     * byte (IRS + 1) at page offset 0, so whole file pages arrive as whole host pages. Soft state:
     * a NIC without page accumulation ignores it, and losing it costs copies, never bytes.
     */
    public void alignReceivePages(TcpSocket socket) {
        alignReceivePages(socket, 0);
    }

    /**
     * Asks the NIC to place this connection's received payload so that the byte at
     * {@code streamOffset} (counted from the peer's first data byte) lands at page offset 0, and
     * every later byte at its distance from there modulo the page size: a protocol that reads a
     * header first (an HTTP upload) sets it at the body's first byte, so the body's pages arrive
     * whole. Bytes already received keep their places. Soft state, as above.
     */
    public void alignReceivePages(TcpSocket socket, long streamOffset) {
        final FlowTuple flow = socket.isIpv6()
            ? new FlowTuple(new Ipv6Address(socket.remoteHigh(), socket.remoteLow()),
                new Ipv6Address(socket.localHigh(), socket.localLow()), socket.remotePort(), socket.localPort())
            : new FlowTuple(Ipv6Address.v4Mapped((int) socket.remoteLow()), Ipv6Address.v4Mapped((int) socket.localLow()),
                socket.remotePort(), socket.localPort());
        attachment.alignReceivePages(flow, socket.connection().initialReceiveSeq() + 1 + (int) streamOffset);
    }

    /**
     * Brackets this host's receive-side CPU work (the driver's poll and everything it calls: IP,
     * TCP, the ACKs it sends) with {@code meter}, so a runner can time it. The modeled NIC's own
     * pipeline runs outside the bracket.
     */
    public void meterCpu(CpuMeter meter) {
        attachment.meterCpu(meter);
    }

    /**
     * Shuts the device down: the modeled NIC is reset and every page posted to its rings comes
     * back. Call it after the connections are closed and drained; the host is unusable after.
     */
    public void close() {
        attachment.close();
    }

    @Override
    public String toString() {
        return "Host[" + config.name() + "]";
    }
}
