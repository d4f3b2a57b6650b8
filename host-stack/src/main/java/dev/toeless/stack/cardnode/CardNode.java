package dev.toeless.stack.cardnode;

import dev.toeless.stack.netdev.PciIpDevice;
import dev.toeless.accum.AccumConfig;
import dev.toeless.accum.AccumulatingPlacement;
import dev.toeless.nic.device.Nic;
import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.driver.NicDriver;
import dev.toeless.stack.filter.PacketFilter;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.host.AttachmentFactory;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.host.PciPort;
import dev.toeless.stack.ip.IpLayer;
import dev.toeless.stack.netdev.TxPacket;
import dev.toeless.stack.qdisc.TbfQdisc;
import dev.toeless.stack.route.Route;
import dev.toeless.stack.route.RouteTable;
import dev.toeless.stack.socket.TcpStack;
import dev.toeless.stack.sockmem.SocketMemory;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.tso.TsoOffload;

/**
 * Garzik's card: a second host of ours on a PCI card, a node of its own with its own memory, CPU
 * (charged on its own cost meter: {@code cpu().cost(...)}), IP address and port to the wire (the
 * modeled NIC in {@code stateless} mode), and an IP-over-PCI link ({@link PciIpDevice}) to the host
 * it sits in. Each of its two interfaces has its IP layer (routes, neighbours, qdisc) and its TCP,
 * as {@code IpLayer} serves one device; both share the card's memory, CPU, socket memory and one
 * operator's {@link #filter()}, so a page received on one interface can be sent on the other by
 * reference. What the card does with the traffic is its software's: a {@link SpliceProxy} that ends
 * the remote's connection here and relays the stream to the host, or {@link #routing(boolean)},
 * where the card forwards IP and the host ends TCP itself.
 *
 * <p>The host side: build the host with {@link #hostPort()} as its attachment, then {@link #adopt}
 * it (neighbour entries both ways, its default route through the card).
 *
 * <p>Ownership: the card owns its memory and its pools; {@link #close()} gives every page back.
 */
public final class CardNode implements AutoCloseable {
    private static final int HEADER_POOL_PAGES = 512;
    private static final int RING_ENTRIES = 1024;
    private static final int NAPI_BUDGET = 64;

    private final CardNodeConfig config;
    private final EventScheduler scheduler;
    private final HostMemory memory;
    private final TouchLedger ledger = new TouchLedger();
    private final CpuTouch cpu;
    private final PagePool wireRxPool;
    private final PagePool pciRxPool;
    private final PagePool sendPool;
    private final PagePool headerPool;
    private final NicDriver wire;
    private final PciIpDevice pci;
    private final PacketFilter filter;
    private final IpLayer wireIp;
    private final IpLayer pciIp;
    private final TcpStack wireTcp;
    private final TcpStack pciTcp;
    private final CardRouter router;
    private PciIpDevice hostEnd;

    public CardNode(CardNodeConfig config, EventScheduler scheduler, SimRandom random) {
        this.config = config;
        this.scheduler = scheduler;
        final SimRandom r = random.fork(config.name());
        this.memory = new HostMemory(config.memoryPages());
        this.cpu = new CpuTouch(memory, ledger);
        this.wireRxPool = new PagePool(memory, config.name() + ".wire.rx", config.rxPoolPages());
        this.pciRxPool = new PagePool(memory, config.name() + ".pci.rx", config.rxPoolPages());
        this.sendPool = new PagePool(memory, config.name() + ".send", config.sendPoolPages());
        this.headerPool = new PagePool(memory, config.name() + ".hdr", HEADER_POOL_PAGES);
        final NicConfig nicConfig = NicConfig.defaults()
            .withRings(RING_ENTRIES, RING_ENTRIES)
            .withMaxFrameBytes(config.wireMtuBytes() + 18)
            .withAccumPlacement(AccumulatingPlacement.factory(AccumConfig.defaults()
                .withFlushTimeoutNs(HostConfig.DEFAULT_ACCUM_FLUSH_TIMEOUT_NS)))
            .withTxOffload(TsoOffload.factory());
        final Nic nic = new Nic(config.name(), memory, scheduler, nicConfig);
        this.wire = new NicDriver(nic, cpu, DriverMode.STATELESS, wireRxPool, headerPool, scheduler, NAPI_BUDGET,
            config.wireMac(), config.wireMtuBytes());
        this.pci = new PciIpDevice(config.name() + ".pci", memory, cpu, pciRxPool, scheduler, CardNodeConfig.CARD_PCI_MAC,
            config.pci());
        this.filter = new PacketFilter(r.fork("filter"));

        final RouteTable wireRoutes = RouteTable.withDefaults();
        wireRoutes.add(Route.onLink(Prefix.v4(config.wireIpv4(), config.wirePrefixLength()), config.wireMtuBytes(), 0));
        this.wireIp = new IpLayer(wire, cpu, scheduler, r.fork("wire.ip"), wireRoutes, filter,
            new TbfQdisc<>(1_000, 16L << 20));
        wireIp.ipv4(config.wireIpv4());
        final RouteTable pciRoutes = RouteTable.withDefaults();
        pciRoutes.add(Route.onLink(Prefix.v4(config.cardPciIpv4(), CardNodeConfig.PCI_PREFIX_LENGTH),
            PciIpDevice.MTU_BYTES, 0));
        this.pciIp = new IpLayer(pci, cpu, scheduler, r.fork("pci.ip"), pciRoutes, filter,
            new TbfQdisc<>(1_000, 16L << 20));
        pciIp.ipv4(config.cardPciIpv4());
        pciIp.arpTable().addStatic(scheduler.nowNs(), 0, config.hostPciIpv4() & 0xFFFF_FFFFL,
            CardNodeConfig.HOST_PCI_MAC);

        final long pages = config.memoryPages();
        final SocketMemory socketMemory = new SocketMemory(pages / 4, pages / 3, pages / 2);
        final TcpConfig wireTcpConfig = config.wireTcp().tsoMaxBytes() == 0
            ? config.wireTcp().withTsoMaxBytes(wire.features().maxTsoBytes()) : config.wireTcp();
        this.wireTcp = new TcpStack(wireIp, cpu, sendPool, scheduler, r.fork("wire.tcp"), wireTcpConfig, socketMemory);
        this.pciTcp = new TcpStack(pciIp, cpu, sendPool, scheduler, r.fork("pci.tcp"), config.pciTcp(), socketMemory);
        this.router = new CardRouter(wireIp, pciIp, filter, cpu, config.cardPciIpv4(), CardNodeConfig.PCI_PREFIX_LENGTH);
    }

    /**
     * The attachment of the host this card sits in: the host's end of the PCI link, in the host's
     * memory, its DMA on the host's bus. One host per card.
     */
    public AttachmentFactory hostPort() {
        return (hostMemory, hostCpu, hostRxPool, hostScheduler) -> {
            if (hostEnd != null) {
                throw new IllegalStateException("the card's PCI link already has its host");
            }
            hostEnd = new PciIpDevice(config.name() + ".host", hostMemory, hostCpu, hostRxPool, hostScheduler,
                CardNodeConfig.HOST_PCI_MAC, config.pci());
            PciIpDevice.connect(hostEnd, pci);
            return new PciPort(hostEnd);
        };
    }

    /**
     * Finishes the host built with {@link #hostPort()}: its neighbour entry for the card (the link
     * has no ARP) and its default route through the card.
     */
    public void adopt(Host host) {
        if (!(host.attachment() instanceof PciPort port) || port.device() != hostEnd) {
            throw new IllegalArgumentException(host + " is not attached to this card's PCI link");
        }
        host.ip().arpTable().addStatic(scheduler.nowNs(), 0, config.cardPciIpv4() & 0xFFFF_FFFFL,
            CardNodeConfig.CARD_PCI_MAC);
        host.routes().add(Route.viaV4(Prefix.v4(0, 0), config.cardPciIpv4(), PciIpDevice.MTU_BYTES, 0));
    }

    /**
     * Routing mode on or off: on, the card forwards IPv4 between the wire and the host (packets to
     * the host's PCI address in, everything from the host not for the card out), and the host ends
     * TCP itself; off (the default), packets not for one of the card's own addresses are dropped
     * and counted by the IP layer, as a host that does not forward does.
     */
    public CardNode routing(boolean on) {
        if (on) {
            wire.attach(router.fromWire());
            pci.attach(router.fromHost());
        } else {
            wire.attach(wireIp);
            pci.attach(pciIp);
        }
        return this;
    }

    /** Connects the card's wire port to one end of a link and starts receiving. */
    public CardNode plugInto(Link.Port port) {
        wire.nic().attach(port);
        wire.open();
        return this;
    }

    /** Where frames from the wire enter the card (a link port or a test delivers here). */
    public FrameSink frameIn() {
        return wire.nic();
    }

    public EventScheduler scheduler() {
        return scheduler;
    }

    public CardNodeConfig config() {
        return config;
    }

    public HostMemory memory() {
        return memory;
    }

    public TouchLedger ledger() {
        return ledger;
    }

    /** The card's CPU: give it a cost meter (DPU cores) to charge its work. */
    public CpuTouch cpu() {
        return cpu;
    }

    /** The operator's rules, one table for both of the card's interfaces (and for what it forwards). */
    public PacketFilter filter() {
        return filter;
    }

    /** The wire port's driver (its NIC is {@code wireDriver().nic()}). */
    public NicDriver wireDriver() {
        return wire;
    }

    /** The card's end of the PCI link. */
    public PciIpDevice pciDevice() {
        return pci;
    }

    public IpLayer wireIp() {
        return wireIp;
    }

    public IpLayer pciIp() {
        return pciIp;
    }

    /** TCP on the wire: connections from remote hosts end here. */
    public TcpStack wireTcp() {
        return wireTcp;
    }

    /** TCP over the PCI link: connections to the host. */
    public TcpStack pciTcp() {
        return pciTcp;
    }

    public CardRouter router() {
        return router;
    }

    /** The card's counters: its wire NIC, its end of the PCI link, its forwarding. */
    public CounterSnapshot counterSnapshot() {
        return wire.nic().counters().and(pci.snapshot()).and(router.snapshot());
    }

    /** Shuts both devices down; every page posted to them or waiting in them comes back. */
    @Override
    public void close() {
        wire.close();
        wire.nic().close();
        pci.close();
        headerPool.close();
        wireRxPool.close();
        pciRxPool.close();
        sendPool.close();
    }

    /** Fails when a page of the card's memory is still referenced (after {@link #close()}). */
    public void assertNoLeaks() {
        memory.assertNoLeaks();
    }

    @Override
    public String toString() {
        return "CardNode[" + config.name() + "]";
    }
}
