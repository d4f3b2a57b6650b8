package dev.toeless.stack.driver;

import dev.toeless.nic.sim.CpuMeter;
import dev.toeless.nic.device.Nic;
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
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.tso.SoftwareGso;

/**
 * The host's driver for the modeled {@link Nic}, shaped like a Linux page_pool driver with header
 * split: it fills each queue's header and page rings, cleans completions in a budgeted NAPI-like
 * poll (called from the NIC's interrupt), turns each completion into an {@link RxPacket} for the
 * {@link PacketReceiver}, passes alignment hints to the NIC, posts super-segments and frames for
 * transmit ({@link DriverTx}), and releases transmit pages when their completions come back.
 *
 * <p>The {@link DriverMode} sets the NIC's offloads at start and whether GRO runs; what happens
 * per packet follows the NIC's current offloads, so an {@code ethtool -K} at run time
 * ({@code nic.features(...)}) moves the work between NIC and host without losing a byte. The driver never copies or
 * reads payload: header bytes move through {@link CpuTouch#copyHeader}/{@code writeHeader}
 * (counted as header bytes), and in {@link DriverMode#NONE} the software checksum passes over
 * payload through {@link CpuTouch#checksum} (counted as touches).
 *
 * <p>Ownership: RX pages come from {@code rxPool}; posting one hands the NIC its reference, and
 * the reference comes back in a completion fragment and moves on to the receiver. Header buffers
 * (receive and transmit) are carved out of pages from {@code headerPool}, held until
 * {@link #close()}.
 */
public final class NicDriver implements AutoCloseable {
    /** Bytes of one header buffer (receive or transmit). */
    public static final int HEADER_BUFFER_BYTES = RxPacket.MAX_HEADER_BYTES;
    static final int BUFFERS_PER_PAGE = HostMemory.PAGE_SIZE / HEADER_BUFFER_BYTES;

    private final Nic nic;
    private final HostMemory memory;
    private final CpuTouch cpu;
    private final DriverMode mode;
    private final PagePool rxPool;
    private final PacketReceiver receiver;
    private final EventScheduler scheduler;
    private final int budget;
    private final DriverQueue[] queues;
    private final DriverCounters counters = new DriverCounters();
    private final SoftwareRxChecksum softwareChecksum;
    private final RxCompletionDescriptor completion = new RxCompletionDescriptor();
    private final TxCompletionDescriptor txCompletion = new TxCompletionDescriptor();
    private final DriverTx tx;
    private boolean closed;
    private CpuMeter cpuMeter = CpuMeter.NONE;

    /**
     * @param budget completions one poll may clean before it yields (NAPI weight, e.g. 64)
     */
    public NicDriver(Nic nic, CpuTouch cpu, DriverMode mode, PagePool rxPool, PagePool headerPool,
                     PacketReceiver receiver, EventScheduler scheduler, int budget) {
        if (cpu.memory() != nic.memory()) {
            throw new IllegalArgumentException("the CPU and the NIC must share host memory");
        }
        this.nic = nic;
        this.memory = nic.memory();
        this.cpu = cpu;
        this.mode = mode;
        this.rxPool = rxPool;
        this.receiver = receiver;
        this.scheduler = scheduler;
        this.budget = budget;
        this.softwareChecksum = new SoftwareRxChecksum(cpu);
        this.queues = new DriverQueue[nic.queueCount()];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new DriverQueue(nic.queue(i), memory, headerPool, this::deliver, this::repoll);
        }
        this.tx = new DriverTx(nic, cpu, queues, counters, new SoftwareGso(cpu));
        nic.features(mode.features());
        nic.interruptHandler(this::interrupt);
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
        final long readyNs = cost.readyAtNs(nowNs);
        final DriverQueue q = queues[queueId];
        if (readyNs == nowNs) {
            poll(queueId, nowNs);
        } else if (!q.repollScheduled) {
            q.repollScheduled = true;
            scheduler.at(readyNs, q.repoll);
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
            scheduler.at(cost.readyAtNs(nowNs), q.repoll);
        }
        return done;
    }

    private void repoll(int queueId) {
        poll(queueId, scheduler.nowNs());
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

    /** One RX completion into a packet, which goes to GRO or straight to the receiver. */
    private void clean(DriverQueue q, long nowNs) {
        final int flags = completion.flags();
        final int headerIndex = completion.headerBufferIndex();
        if ((flags & RxCompletionDescriptor.FLAG_ERROR) != 0) {
            counters.rxErrorCompletions++;
            q.returnHeaderBuffer(headerIndex);
            return;
        }
        final RxPacket p = q.packet;
        p.reset();
        p.checksum(completion.checksumStatus());
        p.hash(completion.rssHash(), completion.hashType());
        p.flags(flags);
        final int fragCount = Math.min(completion.fragCount(), RxCompletionDescriptor.MAX_FRAGS);
        final int headerLength = completion.headerLength();
        if ((flags & RxCompletionDescriptor.FLAG_SPLIT) != 0) {
            if (!q.isHeaderBuffer(headerIndex) || headerLength > HEADER_BUFFER_BYTES) {
                counters.rxBadDescriptor++;
                releaseFrags(fragCount);
                q.returnHeaderBuffer(headerIndex);
                return;
            }
            cpu.copyHeader(q.headerPfn(headerIndex), q.headerOffset(headerIndex), headerLength, p.mutableHeader(), 0);
            q.returnHeaderBuffer(headerIndex);
            for (int i = 0; i < fragCount; i++) {
                p.mutableFragments().add(completion.fragPfn(i), completion.fragOffset(i), completion.fragLength(i));
            }
        } else if (!unsplit(p, fragCount, headerLength)) {
            return;
        }
        p.headerLength(headerLength);
        p.headers().parse(p.header(), headerLength);
        if (!nic.features().rxChecksum() && p.headers().valid()) {
            counters.rxCsumSoftware++;
            p.checksum(softwareChecksum.verify(p));
        }
        if (p.checksum() == ChecksumStatus.BAD) {
            counters.rxCsumBad++;
            p.releaseRemaining(memory);
            return;
        }
        if (mode.gro()) {
            q.packet = q.gro.offer(p, nowNs);
        } else {
            deliver(p, nowNs);
        }
    }

    /** A whole frame in one page: headers copied out of it, payload left in place after them. */
    private boolean unsplit(RxPacket p, int fragCount, int headerLength) {
        if (fragCount != 1 || headerLength > Math.min(HEADER_BUFFER_BYTES, completion.fragLength(0))) {
            counters.rxBadDescriptor++;
            releaseFrags(fragCount);
            return false;
        }
        final int pfn = completion.fragPfn(0);
        final int offset = completion.fragOffset(0);
        final int length = completion.fragLength(0);
        if (headerLength > 0) {
            cpu.copyHeader(pfn, offset, headerLength, p.mutableHeader(), 0);
        }
        if (length > headerLength) {
            p.mutableFragments().add(pfn, offset + headerLength, length - headerLength);
        } else {
            memory.release(pfn);
        }
        return true;
    }

    private void releaseFrags(int fragCount) {
        for (int i = 0; i < fragCount; i++) {
            final int pfn = completion.fragPfn(i);
            if (memory.isPage(pfn) && memory.refCount(pfn) > 0) {
                memory.release(pfn);
            }
        }
    }

    private void deliver(RxPacket p, long nowNs) {
        counters.rxPackets++;
        counters.rxBytes += p.payloadLength();
        receiver.onPacket(p, nowNs);
        p.releaseRemaining(memory);
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
                    releaseFrags(Math.min(completion.fragCount(), RxCompletionDescriptor.MAX_FRAGS));
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
