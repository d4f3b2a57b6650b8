package dev.toeless.accum;

import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.device.PlacementOutcome;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.sim.SimRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 3 of the architecture: the flow cache is soft state. Several flows, delivered
 * interleaved, reordered and duplicated, through a flow cache of random size, with the whole
 * cache dropped at random moments and a pool small enough to run dry: the bytes reassembled from
 * the fragments in sequence order are exactly the bytes sent, and every page comes back. Only
 * the counters differ from an undisturbed run.
 *
 * <p>Everything random derives from {@code seed}: a failure prints it, and the same parameters
 * replay the same run.
 */
class SoftStatePropertyTest {
    /** The receiver holds this many fragments before reading them again and releasing them. */
    private static final int HELD_FRAGMENTS = 4;
    private static final int PSH_FIN_LAST = TcpHeader.FIN | TcpHeader.PSH;

    record Segment(int flow, int offset, int length, int flags) {
    }

    record Flow(FlowKey tuple, int isn, byte[] bytes, boolean hinted, int hintOffset, List<Segment> segments) {
    }

    record Run(List<byte[]> streams, Map<String, Long> counters) {
    }

    @Property(tries = 150)
    void droppingTheFlowCacheChangesCountersOnly(
        @ForAll long seed,
        @ForAll @IntRange(min = 1, max = 5) int flowCount,
        @ForAll @IntRange(min = 1, max = 5) int cacheEntries,
        @ForAll @DoubleRange(min = 0.0, max = 0.2) double dropChance,
        @ForAll @IntRange(min = 12, max = 64) int poolPages) {
        final List<Flow> flows = flows(new SimRandom(seed).fork("flows"), flowCount);
        final String replay = "replay: seed=" + seed + " flows=" + flowCount + " cacheEntries=" + cacheEntries
            + " dropChance=" + dropChance + " poolPages=" + poolPages;

        final Run disturbed = run(flows, seed, cacheEntries, dropChance, poolPages, false);
        final Run calm = run(flows, seed, flowCount, 0.0, 1024, true);

        for (int f = 0; f < flowCount; f++) {
            assertThat(disturbed.streams().get(f)).as(replay + " flow " + f).isEqualTo(flows.get(f).bytes());
            assertThat(calm.streams().get(f)).as(replay + " flow " + f).isEqualTo(flows.get(f).bytes());
        }
    }

    private static List<Flow> flows(SimRandom random, int count) {
        final List<Flow> flows = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            final byte[] bytes = new byte[random.nextInt(1, 40_000)];
            random.nextBytes(bytes);
            final int mss = random.nextInt(1, 9_000);
            final List<Segment> segments = new ArrayList<>();
            for (int at = 0; at < bytes.length; ) {
                final int len = Math.min(bytes.length - at, random.nextInt(1, mss + 1));
                final boolean last = at + len == bytes.length;
                final int flags = last ? PSH_FIN_LAST : (random.chance(0.1) ? TcpHeader.PSH : 0);
                segments.add(new Segment(f, at, len, flags));
                at += len;
            }
            final FlowKey tuple = new FlowKey().setV4(0x0A00_0001 + f, 0x0A00_00FE, 30_000 + f, 5001);
            flows.add(new Flow(tuple, (int) random.nextLong(), bytes, random.chance(0.5), random.nextInt(0, 600), segments));
        }
        return flows;
    }

    /**
     * @param checkAlignment assert that while a hinted flow's entry lives (no eviction, no drop,
     *                       before its FIN), every fragment sits at its aligned page offset
     */
    private static Run run(List<Flow> flows, long seed, int cacheEntries, double dropChance, int poolPages,
                           boolean checkAlignment) {
        final SimRandom random = new SimRandom(seed).fork("schedule");
        final HostMemory memory = new HostMemory(2048);
        final PagePool pool = new PagePool(memory, "rx0", poolPages);
        final CpuTouch touch = new CpuTouch(memory, new TouchLedger());
        final long flushTimeoutNs = random.nextInt(1_000, 100_000);
        final PageAccumulator accum = new PageAccumulator(pool, new DmaEngine(memory),
            new AccumConfig(cacheEntries, random.chance(0.5), true, flushTimeoutNs));
        final FragList out = FragList.forMaxPayload();
        final List<StreamReceiver> receivers = new ArrayList<>();
        final List<UnsafeBuffer> wires = new ArrayList<>();
        final Deque<Segment> schedule = schedule(flows, random);
        for (Flow flow : flows) {
            receivers.add(new StreamReceiver(touch, flow.isn() + 1, flow.bytes().length, HELD_FRAGMENTS));
            wires.add(new UnsafeBuffer(flow.bytes()));
            if (flow.hinted()) {
                accum.hint(flow.tuple(), flow.isn() + 1 + flow.hintOffset());
            }
        }
        final boolean[] ended = new boolean[flows.size()];
        long nowNs = 0;
        int drops = 0;
        while (!schedule.isEmpty()) {
            final Segment s = schedule.poll();
            final Flow flow = flows.get(s.flow());
            final int seq = flow.isn() + 1 + s.offset();
            nowNs += random.nextInt(0, 2_000);
            final PlacementOutcome outcome = accum.accept(flow.tuple(), seq, wires.get(s.flow()), s.offset(), s.length(),
                s.flags(), nowNs, out);
            if (outcome.isDrop()) {
                assertThat(outcome).isEqualTo(PlacementOutcome.DROPPED_NO_PAGE);
                assertThat(out.count()).isZero();
                schedule.addLast(s); // TCP retransmits it; meanwhile the host consumes, the timer flushes
                receivers.forEach(StreamReceiver::releaseKept);
                assertThat(++drops).as("no progress").isLessThan(100_000);
                nowNs += flushTimeoutNs;
                accum.flushExpired(nowNs);
            } else {
                assertThat(out.totalBytes()).isEqualTo(s.length());
                if (checkAlignment && flow.hinted() && !ended[s.flow()]) {
                    assertAligned(seq, flow.isn() + 1 + flow.hintOffset(), out);
                }
                ended[s.flow()] |= (s.flags() & TcpHeader.FIN) != 0;
                receivers.get(s.flow()).take(seq, out);
            }
            if (random.chance(dropChance)) {
                accum.dropAll();
            }
            if (random.chance(0.05)) {
                accum.flushExpired(nowNs);
            }
        }
        accum.close();
        receivers.forEach(StreamReceiver::releaseKept);
        pool.close();
        memory.assertNoLeaks();
        final List<byte[]> streams = new ArrayList<>();
        for (StreamReceiver r : receivers) {
            assertThat(r.complete()).isTrue();
            streams.add(r.stream());
        }
        return new Run(streams, accum.counters().snapshot());
    }

    private static void assertAligned(int seq, int seqAtPageStart, FragList frags) {
        int s = seq;
        for (int i = 0; i < frags.count(); i++) {
            assertThat(frags.offset(i)).as("offset of seq " + s).isEqualTo((s - seqAtPageStart) & (HostMemory.PAGE_SIZE - 1));
            s += frags.length(i);
        }
    }

    /** Interleaves the flows' segments, with some swapped neighbours and some duplicates. */
    private static Deque<Segment> schedule(List<Flow> flows, SimRandom random) {
        final List<Deque<Segment>> pending = new ArrayList<>();
        for (Flow flow : flows) {
            pending.add(new ArrayDeque<>(flow.segments()));
        }
        final List<Segment> order = new ArrayList<>();
        int left = flows.size();
        while (left > 0) {
            final Deque<Segment> q = pending.get(random.nextInt(pending.size()));
            if (q.isEmpty()) {
                continue;
            }
            final Segment next = q.poll();
            if (!q.isEmpty() && random.chance(0.1)) {
                order.add(q.poll()); // reordered: the later one overtakes
            }
            order.add(next);
            if (random.chance(0.05)) {
                order.add(next); // a duplicate (spurious retransmission)
            }
            if (q.isEmpty()) {
                left--;
            }
        }
        return new ArrayDeque<>(order);
    }
}
