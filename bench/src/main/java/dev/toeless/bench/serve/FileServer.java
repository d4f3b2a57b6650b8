package dev.toeless.bench.serve;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.realtime.RealTimeBridge;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tap.TapDevice;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.cc.CongestionControls;
import dev.toeless.vfs.stats.VfsCounters;
import dev.toeless.vfs.writeback.Writeback;
import dev.toeless.vfs.writeback.WritebackConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The HTTP file server of {@code toeless serve}: one simulated host (our TCP/IP stack behind the
 * modeled NIC in the configured mode) joined to the Linux kernel through a TAP device by the
 * {@link RealTimeBridge}, a listener on the configured port, and one {@link HttpConnection} per
 * accepted connection, all stepped by one thread.
 *
 * <p>Ownership: the server owns the host, its pools and the writeback; the caller owns the TAP
 * device and closes it after {@link #close()}.
 */
public final class FileServer implements AutoCloseable {
    private static final long MAC = 0x02_00_00_00_00_99L;
    private static final int MEMORY_PAGES = 32_768;
    private static final int RX_POOL_PAGES = 8_192;
    private static final int SEND_POOL_PAGES = 4_096;
    private static final int FILE_POOL_PAGES = 4_096;
    private static final int SINK_POOL_PAGES = 4_096;
    private static final int DIRTY_LIMIT_PAGES = 1_024;
    /**
     * Virtual time follows the wall clock here, so a pause of our own thread (a collection, a busy
     * machine) longer than the accumulator's flush timeout would close open pages mid-fill and split
     * them (a counted copy, never a wrong byte): give it a second instead of the default millisecond.
     */
    private static final long ACCUM_FLUSH_TIMEOUT_NS = 1_000_000_000L;
    private static final int BACKLOG = 256;
    private static final int MAX_CONNECTIONS = 1_024;
    private static final int IDLE_WAIT_MS = 1;

    private final ServeConfig config;
    private final Host host;
    private final RealTimeBridge bridge;
    private final TcpListener listener;
    private final PagePool filePool;
    private final PagePool sinkPool;
    private final ServeStats stats = new ServeStats();
    private final ServeContext ctx;
    private final List<HttpConnection> connections = new ArrayList<>();
    private final Runnable step = this::step;
    private boolean closed;

    public FileServer(ServeConfig config, TapDevice tap, Consumer<String> log) throws IOException {
        this.config = config;
        final RootDirectory root = new RootDirectory(config.root());
        final EventScheduler scheduler = new EventScheduler();
        final SimRandom random = new SimRandom(config.seed());
        final TcpConfig tcp = TcpConfig.builder().mssBytes(1460).nagle(false)
            .congestionControl(() -> CongestionControls.create("cubic")).build();
        final HostConfig base = HostConfig.of("serve", MAC, config.address(), null);
        this.host = new Host(new HostConfig(base.name(), base.mac(), base.ipv4(), config.prefixLength(), null, 64,
            base.mtuBytes(), MEMORY_PAGES, RX_POOL_PAGES, SEND_POOL_PAGES, tcp, config.mode(), ACCUM_FLUSH_TIMEOUT_NS,
            config.mode() == null ? HostConfig.Coalescing.PER_FRAME : HostConfig.Coalescing.NIC_DEFAULT, null),
            scheduler, random);
        this.bridge = RealTimeBridge.throughLink(tap, host,
            LinkConfig.ethernet((long) (config.linkGbit() * 1e9)), random.fork("tap-link"), System::nanoTime);
        this.filePool = new PagePool(host.memory(), "serve.file", FILE_POOL_PAGES);
        this.sinkPool = new PagePool(host.memory(), "serve.sink", SINK_POOL_PAGES);
        final Writeback writeback = new Writeback(scheduler, host.memory(), new DiskDma(host.memory()),
            WritebackConfig.unlimited());
        this.ctx = new ServeContext(host, config.mode().label(), root, filePool, sinkPool, writeback, new VfsCounters(),
            stats, log, DIRTY_LIMIT_PAGES, config.idleTimeoutNs(), new HashSet<>());
        this.listener = host.tcp().listenV4(config.port(), BACKLOG);
    }

    public Host host() {
        return host;
    }

    public ServeConfig config() {
        return config;
    }

    /** Serves until {@code stop} says so. */
    public void runUntil(BooleanSupplier stop) throws IOException {
        while (!stop.getAsBoolean()) {
            bridge.turn(step, IDLE_WAIT_MS);
        }
    }

    /** Accepts what is waiting and lets every connection do what it can. */
    void step() {
        TcpSocket socket;
        while (connections.size() < MAX_CONNECTIONS && (socket = listener.accept()) != null) {
            stats.connectionsAccepted++;
            connections.add(new HttpConnection(ctx, socket));
        }
        final Iterator<HttpConnection> it = connections.iterator();
        while (it.hasNext()) {
            if (!it.next().step()) {
                it.remove();
            }
        }
        stats.openConnections = connections.size();
    }

    /** The counters as {@code GET /stats} returns them. */
    public String statsJson() {
        return stats.json(host, config.mode().label());
    }

    /**
     * Stops: every connection is reset, every upload in progress dropped (its part file deleted),
     * and the host's pages returned.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (HttpConnection c : connections) {
            c.abandon("server stopping");
        }
        connections.clear();
        listener.close();
        host.scheduler().runAll(1_000_000);
        filePool.close();
        sinkPool.close();
        host.close();
    }
}
