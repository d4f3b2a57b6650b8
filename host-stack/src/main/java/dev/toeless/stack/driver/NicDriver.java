package dev.toeless.stack.driver;

import dev.toeless.nic.device.Nic;
import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.feature.OffloadFeatures;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.cost.CostMeter;
import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.ring.DescriptorRing;
import dev.toeless.nic.ring.RxCompletionDescriptor;
import dev.toeless.nic.ring.RxPageRing;
import dev.toeless.nic.ring.TxCompletionDescriptor;
import dev.toeless.nic.sim.CpuMeter;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.stack.netdev.DeviceFeatures;
import dev.toeless.stack.netdev.NetDevice;
import dev.toeless.stack.netdev.RxHandler;
import dev.toeless.stack.netdev.RxPacket;
import dev.toeless.stack.netdev.TxPacket;
import dev.toeless.stack.netdev.TxStatus;
import dev.toeless.tso.SoftwareGso;
import dev.toeless.tso.SuperSegment;

/**
 * The host's driver for the modeled {@link Nic}, and the IP layer's {@link NetDevice} for it:
 * shaped like a Linux page_pool driver with header split, it fills each queue's header and page
 * rings, cleans completions in a budgeted NAPI-like poll (called from the NIC's interrupt), turns
 * each completion into an {@link RxPacket} ({@link DriverRx}: one header copy, one parse) for the
 * {@link RxHandler}, passes alignment hints to the NIC, posts super-segments and frames for
 * transmit ({@link DriverTx}), and releases transmit pages when their completions come back.
 *
 * <p>The {@link DriverMode} sets the NIC's offloads at start and whether GRO runs; what happens
 * per packet follows the NIC's current offloads, so an {@code ethtool -K} at run time
 * ({@code nic.features(...)}) moves the work between NIC and host without losing a byte. The
 * driver never copies or reads payload: header bytes move through {@link CpuTouch#copyHeader}/
 * {@code writeHeader} (counted as header bytes); a received packet the NIC did not verify goes up
 * as {@link ChecksumStatus#NONE} for the IP layer to verify, and a frame the NIC cannot checksum
 * on transmit is completed by software GSO (counted as touches).
 *
 * <p>Ownership: RX pages come from {@code rxPool}; posting one hands the NIC its reference, and
 * the reference comes back in a completion fragment and moves on to the handler. Header buffers
 * (receive and transmit) are carved out of pages from {@code headerPool}, held until
 * {@link #close()}. {@link #transmit} takes the packet's page references in every outcome.
 */
public final class NicDriver implements NetDevice, AutoCloseable {
    /** Bytes of one header buffer (receive or transmit). */
    public static final int HEADER_BUFFER_BYTES = NicConfig.MAX_HEADER_BYTES;
    static final int BUFFERS_PER_PAGE = HostMemory.PAGE_SIZE / HEADER_BUFFER_BYTES;
    private static final int TX_QUEUE = 0;

    private final Nic nic;
    private final HostMemory memory;
    private final CpuTouch cpu;
    private final DriverMode mode;
    private final PagePool rxPool;
    private final EventScheduler scheduler;
    private final int budget;
    private final long mac;
    private final int mtuBytes;
    private final DriverQueue[] queues;
    private final int repollTarget;
    private final DriverCounters counters = new DriverCounters();
    private final RxCompletionDescriptor completion = new RxCompletionDescriptor();
    private final TxCompletionDescriptor txCompletion = new TxCompletionDescriptor();
    private final DriverRx rx;
    private final DriverTx tx;
    private RxHandler handler;
    private OffloadFeatures featuresSeen;
    private DeviceFeatures features;
    private boolean closed;
    private CpuMeter cpuMeter = CpuMeter.NONE;

    /**
     * @param mac      the port's MAC address
     * @param mtuBytes the largest IP packet sent unsegmented
     * @param budget   completions one poll may clean before it yields (NAPI weight, e.g. 64)
     */
    public NicDriver(Nic nic, CpuTouch cpu, DriverMode mode, PagePool rxPool, PagePool headerPool,
                     EventScheduler scheduler, int budget, long mac, int mtuBytes) {
        if (cpu.memory() != nic.memory()) {
            throw new IllegalArgumentException("the CPU and the NIC must share host memory");
        }
        this.nic = nic;
        this.memory = nic.memory();
        this.cpu = cpu;
        this.mode = mode;
        this.rxPool = rxPool;
        this.scheduler = scheduler;
        this.budget = budget;
        this.mac = mac;
        this.mtuBytes = mtuBytes;
        this.queues = new DriverQueue[nic.queueCount()];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new DriverQueue(nic.queue(i), memory, headerPool, this::deliver);
        }
        this.repollTarget = scheduler.register(queueId -> poll((int) queueId, scheduler.nowNs()));
        this.rx = new DriverRx(cpu, counters);
        this.tx = new DriverTx(nic, cpu, queues, counters, new SoftwareGso(cpu));
        nic.features(mode.features());
        nic.interruptHandler(this::interrupt);
    }

    // ---------------------------------------------------------------- the device as the IP layer sees it

    @Override
    public long macAddress() {
        return mac;
    }

    @Override
    public int mtuBytes() {
        return mtuBytes;
    }

    /** The NIC's current offloads as the stack sees them (the same value until they change). */
    @Override
    public DeviceFeatures features() {
        final OffloadFeatures f = nic.features();
        if (f != featuresSeen) {
            featuresSeen = f;
            features = new DeviceFeatures(f.txChecksum(), f.rxChecksum(), f.tso(),
                f.tso() ? SuperSegment.MAX_BYTES - HEADER_BUFFER_BYTES : 0);
        }
        return features;
    }

    @Override
    public void attach(RxHandler rxHandler) {
        this.handler = rxHandler;
    }

    /**
     * A TCP packet goes to {@link DriverTx#sendSuperSegment} at the offsets the IP layer wrote it
     * with; any other packet is sent as a complete frame.
     */
    @Override
    public TxStatus transmit(long nowNs, TxPacket packet) {
        final TxStatus status;
        if (packet.isTcp()) {
            final long payload = packet.payloadBytes();
            final int mss = packet.gsoSizeBytes() > 0 ? packet.gsoSizeBytes() : (int) Math.max(1, payload);
            status = tx.sendSuperSegment(TX_QUEUE, packet.header(), packet.headerLength(), packet.l3Offset(),
                packet.l4Offset(), packet.ipv6(), mss, packet.fragments(), nowNs);
        } else if (packet.fragments().count() == 0) {
            status = tx.sendFrame(TX_QUEUE, packet.header(), packet.headerLength(), nowNs);
        } else {
            status = TxStatus.MALFORMED;
        }
        if (status == TxStatus.MALFORMED) {
            counters.txMalformed++;
        }
        if (status != TxStatus.SENT) {
            packet.releaseFragments(memory);
        }
        return status;
    }

    public DriverMode mode() {
        return mode;
    }

    public DriverCounters counters() {
        return counters;
    }

    public Nic nic() {
        return nic;
    }

    /** The transmit side: super-segments and frames. */
    public DriverTx tx() {
        return tx;
    }

    /** The receive side's parser, with its per-status counts. */
    public FrameParser parser() {
        return rx.parser();
    }

    /** Posts receive buffers on every queue (call once the NIC is attached). */
    public void open() {
        for (DriverQueue q : queues) {
            refill(q);
        }
    }

    /**
     * Alignment hint for a flow that asks for page-aligned payload: sequence number
     * {@code seqAtPageStart} of the flow (as it arrives: source = the peer) is page offset 0.
     * Soft state in the NIC; ignored in modes without page accumulation.
     */
    public void hint(FlowTuple flow, int seqAtPageStart) {
        if (nic.features().pageAccum()) {
            nic.hint(flow, seqAtPageStart);
        }
    }

    /**
     * The queue's interrupt: charged on the queue's core, and the poll runs once that core is free
     * (at once without a cost model), so a saturated CPU leaves completions waiting in the ring.
     */
    private void interrupt(int queueId, long nowNs) {
        final CostMeter cost = cpu.cost();
        cost.onCore(queueId);
        cost.charge(CostOp.INTERRUPT);
        final int causeReads = cost.interruptCauseReads();
        for (int i = 0; i < causeReads; i++) {
            nic.readInterruptCause(queueId);
        }
        cost.charge(CostOp.MMIO_READ, causeReads);
        final long readyNs = cost.readyAtNs(nowNs);
        final DriverQueue q = queues[queueId];
        if (readyNs == nowNs) {
            poll(queueId, nowNs);
        } else if (!q.repollScheduled) {
            q.repollScheduled = true;
            scheduler.post(readyNs, repollTarget, queueId);
        }
    }

    /** The NAPI poll of one queue: TX completions, then up to {@code budget} RX completions. */
    public int poll(int queueId, long nowNs) {
        cpu.cost().onCore(queueId);
        cpuMeter.enter();
        try {
            return pollQueue(queueId, nowNs);
        } finally {
            cpuMeter.exit();
        }
    }

    /**
     * Brackets every poll (and everything it calls: IP, TCP, the ACKs sent) as host CPU work, for
     * a runner to time. The NIC's own pipeline runs outside.
     */
    public void cpuMeter(CpuMeter meter) {
        this.cpuMeter = meter;
    }

    private int pollQueue(int queueId, long nowNs) {
        final DriverQueue q = queues[queueId];
        counters.polls++;
        q.repollScheduled = false;
        final CostMeter cost = cpu.cost();
        cost.charge(CostOp.NAPI_POLL);
        final long mergedBefore = q.gro.merged();
        final long packetsBefore = counters.rxPackets;
        cleanTx(q);
        final DescriptorRing ring = q.nicQueue.completionRing();
        int done = 0;
        while (done < budget && !closed) {
            final int at = ring.peek();
            if (at == DescriptorRing.EMPTY) {
                break;
            }
            completion.wrap(ring.buffer(), at);
            clean(q, nowNs);
            ring.consume();
            done++;
        }
        if (mode.gro()) {
            q.gro.flush(nowNs);
        }
        cost.charge(CostOp.RX_DESCRIPTOR, done);
        cost.charge(CostOp.GRO_SEGMENT, (int) (q.gro.merged() - mergedBefore));
        cost.charge(CostOp.DRIVER_RX_PACKET, (int) (counters.rxPackets - packetsBefore));
        refill(q);
        if (done < budget) {
            nic.rearm(queueId, nowNs);
        } else if (!q.repollScheduled) {
            q.repollScheduled = true;
            scheduler.post(cost.readyAtNs(nowNs), repollTarget, queueId);
        }
        return done;
    }

    private void cleanTx(DriverQueue q) {
        final DescriptorRing ring = q.nicQueue.txCompletionRing();
        for (int at = ring.peek(); at != DescriptorRing.EMPTY; at = ring.peek()) {
            txCompletion.wrap(ring.buffer(), at);
            final int slot = txCompletion.cookie();
            if (txCompletion.status() != TxCompletionDescriptor.STATUS_OK) {
                counters.txErrors++;
            }
            q.completeTx(slot);
            counters.txCompletions++;
            cpu.cost().charge(CostOp.TX_DESCRIPTOR);
            ring.consume();
        }
    }

    /** One RX completion into a packet, which goes to GRO or straight to the IP layer. */
    private void clean(DriverQueue q, long nowNs) {
        final RxPacket p = q.packet;
        if (!rx.build(q, completion, p)) {
            return;
        }
        if (p.checksum() == ChecksumStatus.BAD) {
            counters.rxCsumBad++;
            p.releaseFragments(memory);
            return;
        }
        if (mode.gro()) {
            q.packet = q.gro.offer(p, nowNs);
        } else {
            deliver(p, nowNs);
        }
    }

    private void deliver(RxPacket p, long nowNs) {
        counters.rxPackets++;
        counters.rxBytes += p.payloadBytes();
        if (handler != null) {
            handler.receive(nowNs, p);
        }
        p.releaseFragments(memory); // what the handler did not take
    }

    /** Posts free header buffers and fresh pages; an allocation failure is counted and ends the fill. */
    private void refill(DriverQueue q) {
        q.postHeaderBuffers();
        final RxPageRing pages = q.nicQueue.pageRing();
        final long failedBefore = pages.fillAllocFail();
        pages.fill(rxPool);
        counters.rxAllocFail += pages.fillAllocFail() - failedBefore;
        cpu.cost().charge(CostOp.DOORBELL);
        nic.rxDoorbell(q.nicQueue.id());
    }

    /** GRO merges so far (all queues). */
    public long groMerged() {
        long n = 0;
        for (DriverQueue q : queues) {
            n += q.gro.merged();
        }
        return n;
    }

    /**
     * Stops the queues and gives back every page: completions not yet cleaned, the NIC's (device
     * reset), GRO's held packet,
     * transmit pages still lent, and the header buffers.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DriverQueue q : queues) {
            cleanTx(q);
            final DescriptorRing ring = q.nicQueue.completionRing();
            for (int at = ring.peek(); at != DescriptorRing.EMPTY; at = ring.peek()) {
                completion.wrap(ring.buffer(), at);
                if (!completion.hasFlag(RxCompletionDescriptor.FLAG_ERROR)) {
                    rx.releaseFrags(completion, Math.min(completion.fragCount(), RxCompletionDescriptor.MAX_FRAGS));
                }
                ring.consume();
            }
        }
        nic.close();
        for (DriverQueue q : queues) {
            q.close();
        }
    }
}
