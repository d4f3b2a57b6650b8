package dev.toeless.bench.replay;

import dev.toeless.vfs.sink.ByteRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replay's own copy of the last {@value #WINDOW_BYTES} bytes of a stream as first captured,
 * so a retransmission that carries different bytes for the same offsets is seen and reported
 * with where, instead of being settled silently. It is the analyzer's view of the capture (heap
 * copies of captured frames), not the modeled host's memory, and touches no page.
 */
final class RetransmitCheck {
    /** How far back retransmitted bytes are compared. */
    static final long WINDOW_BYTES = 8L << 20;
    /** 4 KiB blocks: a short stream (a fuzzed capture's, a small file's) zeroes little it never fills. */
    private static final int BLOCK_SHIFT = 12;
    private static final int BLOCK = 1 << BLOCK_SHIFT;

    private final TreeMap<Long, byte[]> blocks = new TreeMap<>();
    private final TreeMap<Long, Long> seen = new TreeMap<>(); // start -> end, disjoint, not touching
    private final List<ByteRange> conflicts = new ArrayList<>();
    private long conflictBytes;
    private long uncompared;
    private long highest;

    /** Checks captured bytes {@code data[from, from + length)} at stream offset {@code offset}, then remembers the new ones. */
    void check(long offset, byte[] data, int from, int length) {
        final long end = offset + length;
        final long low = Math.max(0, highest - WINDOW_BYTES);
        final List<ByteRange> fresh = new ArrayList<>();
        long at = offset;
        final Map.Entry<Long, Long> floor = seen.floorEntry(offset);
        final Iterable<Map.Entry<Long, Long>> candidates = floor != null
            ? seen.tailMap(floor.getKey(), true).entrySet() : seen.entrySet();
        for (Map.Entry<Long, Long> r : candidates) {
            if (r.getKey() >= end) {
                break;
            }
            final long s = Math.max(r.getKey(), offset);
            final long e = Math.min(r.getValue(), end);
            if (s >= e) {
                continue;
            }
            if (s > at) {
                fresh.add(new ByteRange(at, s));
            }
            compare(s, e, low, data, from - offset);
            at = e;
        }
        if (at < end) {
            fresh.add(new ByteRange(at, end));
        }
        for (ByteRange f : fresh) {
            store(f.startOffset(), f.endOffset(), data, from - offset);
        }
        highest = Math.max(highest, end);
        prune();
    }

    private void compare(long s, long e, long low, byte[] data, long shift) {
        final long from = Math.max(s, low);
        uncompared += from - s;
        for (long p = from; p < e; ) { // a block at a time; a run across blocks joins up in conflict()
            final byte[] block = blocks.get(p >>> BLOCK_SHIFT);
            final int at = (int) (p & (BLOCK - 1));
            final int n = (int) Math.min(BLOCK - at, e - p);
            compareRuns(p, block, at, data, (int) (p + shift), n);
            p += n;
        }
    }

    /** Records the runs where {@code block[at, at+n)} and {@code data[dataAt, dataAt+n)} differ (stream offset {@code p} at {@code at}). */
    private void compareRuns(long p, byte[] block, int at, byte[] data, int dataAt, int n) {
        int i = 0;
        while (i < n) {
            final int m = Arrays.mismatch(block, at + i, at + n, data, dataAt + i, dataAt + n);
            if (m < 0) {
                return;
            }
            final int runStart = i + m;
            int runEnd = runStart + 1;
            while (runEnd < n && block[at + runEnd] != data[dataAt + runEnd]) {
                runEnd++;
            }
            conflict(p + runStart, p + runEnd);
            i = runEnd;
        }
    }

    private void conflict(long s, long e) {
        conflictBytes += e - s;
        final ByteRange last = conflicts.isEmpty() ? null : conflicts.getLast();
        if (last != null && last.endOffset() == s) {
            conflicts.set(conflicts.size() - 1, new ByteRange(last.startOffset(), e));
        } else {
            conflicts.add(new ByteRange(s, e));
        }
    }

    private void store(long s, long e, byte[] data, long shift) {
        for (long p = s; p < e; ) {
            final byte[] block = blocks.computeIfAbsent(p >>> BLOCK_SHIFT, k -> new byte[BLOCK]);
            final int at = (int) (p & (BLOCK - 1));
            final int n = (int) Math.min(BLOCK - at, e - p);
            System.arraycopy(data, (int) (p + shift), block, at, n);
            p += n;
        }
        long start = s;
        long end = e;
        final Map.Entry<Long, Long> before = seen.floorEntry(s);
        if (before != null && before.getValue() >= s) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
            seen.remove(before.getKey());
        }
        for (Iterator<Map.Entry<Long, Long>> it = seen.tailMap(start, true).entrySet().iterator(); it.hasNext(); ) {
            final Map.Entry<Long, Long> r = it.next();
            if (r.getKey() > end) {
                break;
            }
            end = Math.max(end, r.getValue());
            it.remove();
        }
        seen.put(start, end);
    }

    /** Forgets bytes older than the window. */
    private void prune() {
        final long low = Math.max(0, highest - WINDOW_BYTES);
        blocks.headMap(low >>> BLOCK_SHIFT, false).clear();
        while (!seen.isEmpty() && seen.firstEntry().getValue() <= low - (low & (BLOCK - 1))) {
            seen.pollFirstEntry();
        }
    }

    /** Ranges where a retransmission carried other bytes than were captured first. */
    List<ByteRange> conflicts() {
        return List.copyOf(conflicts);
    }

    /** What a reader should know; empty when every retransmitted byte matched. */
    List<String> notes() {
        final List<String> notes = new ArrayList<>();
        if (conflictBytes > 0) {
            notes.add(conflictBytes + " byte(s) were captured again with different content in " + conflicts.size()
                + " range(s), first " + conflicts.getFirst() + "; the file has the bytes Linux keeps (the first "
                + "received in order; out of order, the segment that starts first)");
        }
        if (uncompared > 0) {
            notes.add(uncompared + " retransmitted byte(s) were older than the last " + (WINDOW_BYTES >> 20)
                + " MiB of the stream and not compared");
        }
        return notes;
    }
}
