package dev.toeless.nic.device;

import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.feature.OffloadFeatures;
import dev.toeless.nic.link.FrameOutput;
import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.rss.RssIndirectionTable;
import dev.toeless.nic.rss.ToeplitzHash;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.nic.stats.NicStatistics;
import dev.toeless.nic.wire.FlowTuple;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The modeled stateless-offload NIC: several queue pairs of descriptor rings in front of a
 * receive pipeline (parse, checksum verification, RSS, header split, payload placement) and a
 * transmit pipeline (header DMA, TSO or TX checksum, send), attached to one {@link Link} port.
 *
 * <p>The host side talks to it as to hardware: it posts descriptors into the rings of
 * {@link #queue(int)}, rings doorbells ({@link #txDoorbell(int, long)}), is told about completions
 * through an {@link InterruptHandler} called from the {@link EventScheduler}, and re-arms the
 * interrupt after its poll ({@link #rearm(int, long)}). Offloads are one {@link OffloadFeatures}
 * value, switchable at run time between frames ({@link #features(OffloadFeatures)}).
 *
 * <p>Ownership: pages posted to a page ring belong to the NIC until they come back in RX
 * completion fragments; pages named by a TX descriptor are lent until its TX completion. The NIC
 * reaches host memory only through its {@link DmaEngine}, which refuses addresses outside it.
 * {@link #close()} is a device reset that gives back every page the NIC holds.
 *
 * <p>Single-threaded; time is an argument.
 */
public final class Nic implements FrameSink, AutoCloseable {
    /** Called when a queue raises its interrupt; the driver polls that queue. */
    @FunctionalInterface
    public interface InterruptHandler {
        void onInterrupt(int queueId, long nowNs);
    }

    /** RX completion error: the header buffer's address lay outside host memory. */
    public static final int RX_ERROR_HEADER_DMA = 1;
    /** RX completion error: the payload could not be placed (no page, refused DMA); frame dropped. */
    public static final int RX_ERROR_NO_PAYLOAD_BUFFER = 2;
    /** RX completion error: a whole frame could not be written into its page. */
    public static final int RX_ERROR_PAGE_DMA = 3;

    private final String name;
    private final HostMemory memory;
    private final DmaEngine dma;
    private final EventScheduler scheduler;
    private final NicConfig config;
    private final NicStatistics stats;
    private final NicQueue[] queues;
    private final ToeplitzHash toeplitz = ToeplitzHash.microsoftKey();
    private final RssIndirectionTable reta;
    private final RxPath rx;
    private final TxPath tx;
    private final boolean[] txScheduled;
    private final int[] txWork;
    private OffloadFeatures features;
    private Link.Port port;
    private DeviceBus bus = DeviceBus.NONE;

    public Nic(String name, HostMemory memory, EventScheduler scheduler, NicConfig config) {
        this.name = name;
        this.memory = memory;
        this.dma = new DmaEngine(memory);
        this.scheduler = scheduler;
        this.config = config;
        this.stats = new NicStatistics(name);
        this.features = config.features();
        this.queues = new NicQueue[config.queuePairs()];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new NicQueue(i, memory, scheduler, stats, config, dma);
        }
        this.txScheduled = new boolean[queues.length];
        this.txWork = new int[queues.length];
        for (int i = 0; i < queues.length; i++) {
            final int id = i;
            txWork[i] = scheduler.register(unused -> {
                txScheduled[id] = false;
                transmit(id);
            });
        }
        this.reta = new RssIndirectionTable(queues.length);
        this.rx = new RxPath(memory, dma, stats, toeplitz, reta, queues, scheduler);
        final TxOffloadEngine engine = config.txOffload() == null ? null
            : config.txOffload().create(dma, config.maxFrameBytes());
        this.tx = new TxPath(memory, dma, stats, engine, config.maxFrameBytes());
    }

    public String name() {
        return name;
    }

    public HostMemory memory() {
        return memory;
    }

    public NicConfig config() {
        return config;
    }

    public NicStatistics statistics() {
        return stats;
    }

    /** The device's DMA counters (bytes moved, refused transfers). */
    public long dmaErrors() {
        return dma.errors();
    }

    public int queueCount() {
        return queues.length;
    }

    public NicQueue queue(int id) {
        return queues[id];
    }

    public RssIndirectionTable indirectionTable() {
        return reta;
    }

    public OffloadFeatures features() {
        return features;
    }

    /** Switches offloads at run time ({@code ethtool -K}); applies from the next frame on. */
    public void features(OffloadFeatures newFeatures) {
        // like ethtool -K on Linux, the change waits for the TX rings to drain: descriptors already
        // posted go out with the offloads they were posted for
        for (int i = 0; i < queues.length; i++) {
            if (txScheduled[i]) {
                txScheduled[i] = false;
                transmit(i);
            }
        }
        this.features = newFeatures;
    }

    /**
     * Puts the NIC behind {@code deviceBus} (the cost model's PCI link): its DMA, descriptor fetches,
     * completion writes, interrupts and doorbells cross it, and a frame arriving while the bus is
     * too far behind is dropped as {@code rx_missed}.
     */
    public void bus(DeviceBus deviceBus) {
        this.bus = deviceBus;
        dma.bus(deviceBus);
        rx.bus(deviceBus);
        tx.bus(deviceBus);
        for (NicQueue q : queues) {
            q.bus(deviceBus);
        }
    }

    /** Sets the handler every queue's interrupt calls. */
    public void interruptHandler(InterruptHandler handler) {
        for (NicQueue q : queues) {
            q.handler(handler);
        }
    }

    /** Connects the NIC to a link port: frames arriving there enter the RX pipeline, TX goes out there. */
    public void attach(Link.Port linkPort) {
        this.port = linkPort;
        linkPort.attach(this);
        tx.port(linkPort);
    }

    /**
     * Sends transmitted frames to {@code frameOutput} (a TAP device) instead of a link port; frames
     * arriving from there are handed to {@link #onFrame}.
     */
    public void output(FrameOutput frameOutput) {
        tx.output(frameOutput);
    }

    public Link.Port port() {
        return port;
    }

    /** One frame from the wire (borrowed for the call): the RX pipeline. */
    @Override
    public void onFrame(long nowNs, DirectBuffer frame, int offset, int length) {
        final NicQueue q = rx.receive(features, frame, offset, length, nowNs);
        if (q != null && features.pageAccum() && q.accum != null) {
            q.armFlush(q.accum);
        }
    }

    /**
     * The driver reads queue {@code queueId}'s interrupt cause register, as a legacy (INTx)
     * driver does on each interrupt: a non-posted read across the bus, which the device answers
     * without changing state.
     */
    public void readInterruptCause(int queueId) {
        bus.registerRead();
    }

    /**
     * The driver published TX descriptors on queue {@code queueId}. The NIC fetches and sends them
     * as its own work, after the host's current work (an event at the same virtual time), so the
     * device's DMA, TSO and checksums never run on the host's time.
     */
    public void txDoorbell(int queueId, long nowNs) {
        bus.doorbell();
        queues[queueId].txRing().doorbell();
        scheduleTx(queueId, nowNs);
    }

    private void transmit(int queueId) {
        tx.process(queues[queueId], features, scheduler.nowNs());
    }

    private void scheduleTx(int queueId, long nowNs) {
        if (txScheduled[queueId]) {
            return;
        }
        txScheduled[queueId] = true;
        scheduler.post(nowNs, txWork[queueId], 0);
    }

    /** The driver published RX header or page descriptors on queue {@code queueId}. */
    public void rxDoorbell(int queueId) {
        final NicQueue q = queues[queueId];
        bus.doorbell();
        q.headerRing().doorbell();
        q.pageRing().doorbell();
    }

    /**
     * The driver's poll of queue {@code queueId} ended with work left undone or done: unmask its
     * interrupt (raised again at once when completions are waiting) and resume TX descriptors that
     * waited for TX completion room.
     */
    public void rearm(int queueId, long nowNs) {
        scheduleTx(queueId, nowNs);
        queues[queueId].rearm(nowNs);
    }

    /** Resumes TX on a queue after the driver freed TX completion slots, without unmasking. */
    public void resumeTx(int queueId, long nowNs) {
        scheduleTx(queueId, nowNs);
    }

    /** Alignment hint for a flow (soft state: the NIC may forget it), routed to the flow's queue. */
    public void hint(FlowTuple flow, int seqAtPageStart) {
        final int hash = rx.hashOf(flow);
        final NicQueue q = features.rxHash() ? queues[reta.queueFor(hash)] : queues[0];
        q.placement(true).hint(flow, seqAtPageStart);
    }

    /**
     * The NIC's counters: its own statistics, then its placements' ({@code rx_accum_*} or
     * {@code rx_packed_*}) summed over the queues. Control path (allocates).
     */
    public CounterSnapshot counters() {
        final List<CounterSet> placements = new ArrayList<>(queues.length);
        for (NicQueue q : queues) {
            placements.add(q.placement(true).counters());
        }
        return stats.snapshot().and(CounterSnapshot.sum(placements));
    }

    /** Device reset: every page the NIC holds (open pages, posted pages) goes back. */
    @Override
    public void close() {
        rx.reset();
        for (NicQueue q : queues) {
            q.close();
        }
    }

    @Override
    public String toString() {
        return "Nic[" + name + ", " + queues.length + " queues, " + features + "]";
    }
}
