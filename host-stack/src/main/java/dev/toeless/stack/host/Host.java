package dev.toeless.stack.host;

import dev.toeless.nic.link.Link;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.filter.PacketFilter;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.ip.IpLayer;
import dev.toeless.stack.netdev.FrameOutput;
import dev.toeless.stack.netdev.SoftNic;
import dev.toeless.stack.netdev.TxPacket;
import dev.toeless.stack.qdisc.TbfQdisc;
import dev.toeless.stack.route.Route;
import dev.toeless.stack.route.RouteTable;
import dev.toeless.stack.socket.TcpStack;
import dev.toeless.stack.sockmem.SocketMemory;

/**
 * One simulated machine: its {@link HostMemory} with the {@link TouchLedger} and {@link CpuTouch}
 * that count every payload byte its CPU touches, page pools for receiving and for copying writes,
 * a {@link SoftNic}, the IP layer (addresses, routes, filter, qdisc, neighbour tables) and TCP
 * with its socket-memory limit. Everything runs on the given {@link EventScheduler} and on
 * streams forked from the given {@link SimRandom}, so a run is a function of its seed.
 *
 * <p>The host owns its memory; pages handed to the application through sockets are the
 * application's to release.
 */
public final class Host {
    private final HostConfig config;
    private final EventScheduler scheduler;
    private final HostMemory memory;
    private final TouchLedger ledger = new TouchLedger();
    private final CpuTouch cpu;
    private final PagePool rxPool;
    private final PagePool sendPool;
    private final SoftNic nic;
    private final IpLayer ip;
    private final TcpStack tcp;

    public Host(HostConfig config, EventScheduler scheduler, SimRandom random) {
        this.config = config;
        this.scheduler = scheduler;
        final SimRandom r = random.fork(config.name());
        this.memory = new HostMemory(config.memoryPages());
        this.cpu = new CpuTouch(memory, ledger);
        this.rxPool = new PagePool(memory, config.name() + ".rx", config.rxPoolPages());
        this.sendPool = new PagePool(memory, config.name() + ".send", config.sendPoolPages());
        this.nic = new SoftNic(memory, cpu, rxPool, config.mac(), config.mtuBytes(), null);
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
        this.ip = new IpLayer(nic, cpu, scheduler, r.fork("ip"), routes, new PacketFilter(r.fork("filter")), qdisc);
        ip.ipv4(config.ipv4());
        if (config.ipv6() != null) {
            ip.ipv6(config.ipv6().high(), config.ipv6().low());
        }
        final long pages = config.memoryPages();
        final SocketMemory socketMemory = new SocketMemory(pages / 4, pages / 3, pages / 2);
        this.tcp = new TcpStack(ip, cpu, sendPool, scheduler, r.fork("tcp"), config.tcp(), socketMemory);
    }

    /** Connects the host's NIC to one end of a link. */
    public Host plugInto(Link.Port port) {
        nic.plugInto(port);
        return this;
    }

    /** Connects the host's NIC to any frame output (a TAP bridge); incoming frames go to {@link #nic()}. */
    public Host plugInto(FrameOutput output) {
        nic.output(output);
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

    public SoftNic nic() {
        return nic;
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

    @Override
    public String toString() {
        return "Host[" + config.name() + "]";
    }
}
