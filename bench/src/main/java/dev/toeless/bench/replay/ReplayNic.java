package dev.toeless.bench.replay;

import dev.toeless.accum.AccumConfig;
import dev.toeless.accum.AccumulatingPlacement;
import dev.toeless.accum.FlowKey;
import dev.toeless.accum.PageAccumulator;
import dev.toeless.nic.device.Nic;
import dev.toeless.nic.device.NicConfig;
import dev.toeless.nic.feature.Offload;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.nic.wire.FlowTuple;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.driver.NicDriver;
import dev.toeless.stack.netdev.RxHandler;
import org.agrona.DirectBuffer;

/**
 * The receive side of a live host's stateless NIC, for a capture: the modeled {@link Nic} (its
 * parser, checksum check, RSS, header split and page accumulation with alignment hints) and the
 * {@link NicDriver} that turns its completions into packets, in {@code stateless} mode, exactly as a
 * host builds them. A replay pushes each captured frame in at the wire side and polls the driver at
 * once, so every frame's packet reaches the handler before the next frame arrives (one completion
 * per frame, in capture order).
 *
 * <p>Only what a capture cannot use differs from a host: frames up to 64 KiB (a capture taken
 * before the sender's TSO or after the receiver's GRO holds super-frames), one queue (so one
 * accumulator sees every flow, as a replay has no cores to spread over), no hardware GRO (each
 * frame's packet is checked against that frame's own bytes), and the accumulator keeps a page
 * open across PSH (a capture's PSH marks say nothing about this receiver's reads).
 */
final class ReplayNic implements AutoCloseable {
    private static final int RING_ENTRIES = 1024;
    private static final int HEADER_POOL_PAGES = 512;
    private static final int MIN_RING_ENTRIES = 16;
    private static final int NAPI_BUDGET = 64;
    private static final int MAX_FRAME_BYTES = 65_535 + 18;

    private final Nic nic;
    private final NicDriver driver;
    private final PagePool headerPool;
    private AccumulatingPlacement placement;

    /**
     * A NIC of a live host's size (1,024-entry rings), smaller where host memory is small (a fuzz
     * run's few pages): the rings hold at most a quarter of the memory's pages. The flow cache
     * holds {@code flowCacheEntries} flows.
     */
    ReplayNic(CpuTouch cpu, PagePool rxPool, EventScheduler scheduler, int flowCacheEntries, RxHandler handler) {
        final int memoryPages = cpu.memory().pageCount();
        final int ring = Math.max(MIN_RING_ENTRIES, Math.min(RING_ENTRIES, Integer.highestOneBit(Math.max(1, memoryPages / 4))));
        headerPool = new PagePool(cpu.memory(), "replay.hdr", Math.max(1, Math.min(HEADER_POOL_PAGES, memoryPages / 16)));
        final AccumConfig accum = AccumConfig.defaults().withCloseOnPsh(false).withFlowCacheEntries(flowCacheEntries);
        final NicConfig config = NicConfig.defaults()
            .withRings(ring, ring)
            .withMaxFrameBytes(MAX_FRAME_BYTES)
            .withAccumPlacement((queue, pages, dma) -> placement = new AccumulatingPlacement(pages, dma, accum));
        nic = new Nic("replay", cpu.memory(), scheduler, config);
        driver = new NicDriver(nic, cpu, DriverMode.STATELESS, rxPool, headerPool, scheduler, NAPI_BUDGET, 0L,
            MAX_FRAME_BYTES - 18);
        // one completion per frame: the reassembler reads each frame's own bytes beside its packet
        nic.features(nic.features().with(Offload.RX_GRO_HW, false));
        driver.attach(handler);
        driver.open();
    }

    /** One captured frame through the NIC and the driver: its packet (if any) reaches the handler before this returns. */
    void receive(long nowNs, DirectBuffer frame, int length) {
        nic.onFrame(nowNs, frame, 0, length);
        while (driver.poll(0, nowNs) > 0) {
            // drain: one frame gives at most one completion, but a poll may have found an older one
        }
    }

    /** The alignment hint: {@code seqAtPageStart} of the flow is page offset 0. */
    void hint(FlowTuple flow, int seqAtPageStart) {
        driver.hint(flow, seqAtPageStart);
    }

    /** A connection on {@code flow} is over: its open page closes and its flow entry goes. */
    void forget(FlowKey flow) {
        accumulator().forget(flow);
    }

    PageAccumulator accumulator() {
        return placement.accumulator();
    }

    /** The NIC's and driver's own counters (drops by reason among them). */
    CounterSnapshot counters() {
        return nic.counters().and(CounterSnapshot.of(driver.counters()));
    }

    /** Every page the NIC and the driver hold goes back. */
    @Override
    public void close() {
        driver.close();
        headerPool.close();
    }
}
