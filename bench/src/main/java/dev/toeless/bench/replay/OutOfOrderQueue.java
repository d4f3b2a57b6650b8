package dev.toeless.bench.replay;

import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.vfs.sink.ByteRange;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data of one captured stream that arrived beyond a hole, held as page references until the
 * hole fills, with overlaps settled as Linux's receiver settles them ({@code tcp_data_queue_ofo},
 * then {@code tcp_ofo_queue}): of two overlapping out-of-order segments the one that starts first
 * keeps its bytes; a segment starting where a queued one starts and reaching further replaces it;
 * one wholly inside a queued segment is dropped. Data that reaches the in-order point goes to
 * the file sink, which keeps the first bytes received there, as Linux's receive queue does.
 */
final class OutOfOrderQueue {
    /** What is handed on in order: stream offset and the fragment (its reference moves with it). */
    interface InOrder {
        void accept(long offset, int pfn, int pageOffset, int length);
    }

    private static final class Run {
        long start;
        final FragList fragments = new FragList(4);

        long end() {
            return start + fragments.totalBytes();
        }
    }

    private final HostMemory memory;
    private final TreeMap<Long, Run> runs = new TreeMap<>();

    OutOfOrderQueue(HostMemory memory) {
        this.memory = memory;
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }

    /** Queues {@code fragments} (taking their references; the list is emptied) as stream bytes from {@code start}. */
    void insert(long start, FragList fragments) {
        long s = start;
        final long e = start + fragments.totalBytes();
        final Map.Entry<Long, Run> before = runs.floorEntry(s);
        if (before != null && before.getValue().end() >= e) {
            fragments.releaseAll(memory); // all its bytes are queued already
            return;
        }
        if (before != null && before.getKey() < s && before.getValue().end() > s) {
            final long cut = before.getValue().end() - s; // the queued segment starts first: it keeps the overlap
            fragments.dropFront(cut, memory);
            s += cut;
        }
        for (Iterator<Map.Entry<Long, Run>> it = runs.tailMap(s, true).entrySet().iterator(); it.hasNext(); ) {
            final Run r = it.next().getValue();
            if (r.start >= e) {
                break;
            }
            it.remove();
            if (r.end() <= e) {
                r.fragments.releaseAll(memory); // covered by the new segment, which starts first or as early
            } else {
                r.fragments.dropFront(e - r.start, memory); // the new segment starts first: it keeps the overlap
                r.start = e;
                runs.put(r.start, r);
                break;
            }
        }
        final Run run = new Run();
        run.start = s;
        run.fragments.addAll(fragments);
        fragments.clear();
        runs.put(s, run);
    }

    /** Hands on, in order, every queued byte from {@code next} that continues it; returns the new in-order point. */
    long deliver(long next, InOrder out) {
        long at = next;
        while (!runs.isEmpty() && runs.firstKey() <= at) {
            final Run r = runs.pollFirstEntry().getValue();
            if (r.end() <= at) {
                r.fragments.releaseAll(memory);
                continue;
            }
            r.fragments.dropFront(at - r.start, memory);
            long offset = at;
            for (int i = 0; i < r.fragments.count(); i++) {
                out.accept(offset, r.fragments.pfn(i), r.fragments.offset(i), r.fragments.length(i));
                offset += r.fragments.length(i);
            }
            r.fragments.clear();
            at = offset;
        }
        return at;
    }

    /** The ranges of {@code [from, end)} not queued: the holes. */
    List<ByteRange> missing(long from, long end) {
        final List<ByteRange> holes = new ArrayList<>();
        long at = from;
        for (Run r : runs.values()) {
            if (r.start >= end) {
                break;
            }
            if (r.start > at) {
                holes.add(new ByteRange(at, r.start));
            }
            at = Math.max(at, r.end());
        }
        if (at < end) {
            holes.add(new ByteRange(at, end));
        }
        return holes;
    }

    /** Gives back every queued page reference. */
    void releaseAll() {
        runs.values().forEach(r -> r.fragments.releaseAll(memory));
        runs.clear();
    }
}
