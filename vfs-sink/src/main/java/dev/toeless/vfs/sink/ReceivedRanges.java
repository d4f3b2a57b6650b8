package dev.toeless.vfs.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which file bytes have arrived: everything below {@link #contiguousEnd()}, plus disjoint ranges
 * beyond it (data after a hole). In-order arrival, the common case, only moves the end and
 * allocates nothing; ranges beyond a hole live in a sorted map.
 */
final class ReceivedRanges {
    private long contiguousEnd;
    private final TreeMap<Long, Long> beyond = new TreeMap<>();

    long contiguousEnd() {
        return contiguousEnd;
    }

    boolean hasHoles() {
        return !beyond.isEmpty();
    }

    /** The end of the furthest byte received. */
    long highestEnd() {
        return beyond.isEmpty() ? contiguousEnd : beyond.lastEntry().getValue();
    }

    /** True when {@code [start, end)} overlaps a range received beyond the contiguous end. */
    boolean overlapsBeyond(long start, long end) {
        if (beyond.isEmpty()) {
            return false;
        }
        final Map.Entry<Long, Long> e = beyond.lowerEntry(end);
        return e != null && e.getValue() > start;
    }

    /** The parts of {@code [start, end)} (at or past the contiguous end) not yet received. */
    List<ByteRange> newPieces(long start, long end) {
        final List<ByteRange> out = new ArrayList<>();
        long cursor = start;
        final Map.Entry<Long, Long> floor = beyond.floorEntry(start);
        if (floor != null && floor.getValue() > cursor) {
            cursor = floor.getValue();
        }
        for (Map.Entry<Long, Long> e : beyond.subMap(start, true, end, false).entrySet()) {
            if (e.getKey() > cursor) {
                out.add(new ByteRange(cursor, e.getKey()));
            }
            cursor = Math.max(cursor, e.getValue());
        }
        if (cursor < end) {
            out.add(new ByteRange(cursor, end));
        }
        return out;
    }

    /** Records {@code [start, end)} as received; it must not overlap anything received. */
    void add(long start, long end) {
        if (start == contiguousEnd) {
            contiguousEnd = end;
            Map.Entry<Long, Long> next = beyond.firstEntry();
            while (next != null && next.getKey() == contiguousEnd) {
                contiguousEnd = next.getValue();
                beyond.pollFirstEntry();
                next = beyond.firstEntry();
            }
            return;
        }
        long s = start;
        long e = end;
        final Map.Entry<Long, Long> before = beyond.lowerEntry(s);
        if (before != null && before.getValue() == s) {
            s = before.getKey();
            beyond.remove(before.getKey());
        }
        final Long after = beyond.get(e);
        if (after != null) {
            beyond.remove(e);
            e = after;
        }
        beyond.put(s, e);
    }

    /** The holes in {@code [0, lengthBytes)}. */
    List<ByteRange> missing(long lengthBytes) {
        final List<ByteRange> out = new ArrayList<>();
        long cursor = contiguousEnd;
        for (Map.Entry<Long, Long> e : beyond.entrySet()) {
            if (e.getKey() >= lengthBytes) {
                break;
            }
            out.add(new ByteRange(cursor, e.getKey()));
            cursor = e.getValue();
        }
        if (cursor < lengthBytes) {
            out.add(new ByteRange(cursor, lengthBytes));
        }
        return out;
    }

    void clear() {
        beyond.clear();
    }
}
