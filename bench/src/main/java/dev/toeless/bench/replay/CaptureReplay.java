package dev.toeless.bench.replay;

import dev.toeless.accum.AccumConfig;
import dev.toeless.accum.FlowKey;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.pcap.PcapReader;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.stack.netdev.RxPacket;
import dev.toeless.nic.pcap.PcapRecord;
import dev.toeless.nic.pcap.PcapWriter;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.vfs.sink.FileSink;
import dev.toeless.vfs.sink.SinkConfig;
import dev.toeless.vfs.sink.SinkError;
import dev.toeless.vfs.sink.SinkResult;
import dev.toeless.vfs.stats.VfsCounters;
import dev.toeless.vfs.writeback.Writeback;
import dev.toeless.vfs.writeback.WritebackConfig;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays a real capture through the receive side of the stateless NIC and into files: each
 * frame goes through the same modeled NIC receive pipeline and driver as a live host's
 * ({@link ReplayNic}): parsed, its IP and TCP checksums verified (a frame that fails is a counted
 * drop, so a corrupted copy can never put a wrong byte in a file), split, its payload placed by
 * the page accumulator with an alignment hint at each stream's first byte; a passive reassembler
 * maps sequence numbers to stream offsets and hands the fragments to a {@link FileSink}, which
 * keeps the first intact copy of every byte, flips whole aligned pages into the page cache and
 * writes the file. One file per direction of each connection that carried data.
 */
public final class CaptureReplay {
    private static final int MEMORY_PAGES = 1 << 15;      // 128 MiB of host memory
    private static final int RX_POOL_PAGES = 1 << 13;
    private static final int SINK_DIRTY_PAGES = 1024;
    private static final int FLOW_CACHE_ENTRIES = AccumConfig.defaults().flowCacheEntries();

    private final HostMemory memory;
    private final TouchLedger ledger = new TouchLedger();
    private final CpuTouch cpu;
    private final EventScheduler scheduler = new EventScheduler();
    private final Writeback writeback;
    private final VfsCounters vfsCounters = new VfsCounters();
    private final PagePool rxPool;
    private final ReplayNic nic;
    private final FrameParser dropParser = new FrameParser(true);
    private final ParsedFrame dropParsed = new ParsedFrame();
    private final FlowKey flow = new FlowKey();
    private final FragList fragments = FragList.forMaxPayload();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[0]);
    private ParsedFrame parsed;
    private boolean delivered;
    private final Map<StreamKey, CapturedStream> streams = new LinkedHashMap<>();
    private final List<CapturedStream> allStreams = new ArrayList<>();
    private final List<PagePool> sinkPools = new ArrayList<>();
    private final Map<String, Long> dropped = new TreeMap<>();
    private Path outDir;
    private long frames;
    private long firstTimeNs = -1;

    public CaptureReplay() {
        this(MEMORY_PAGES, FLOW_CACHE_ENTRIES);
    }

    /**
     * A replay with {@code memoryPages} of host memory and a NIC flow cache of
     * {@code flowCacheEntries} (the fuzz target keeps both small: a capture of N frames has at most
     * N flows, so a cache of N entries or more never evicts and behaves as the default one).
     */
    CaptureReplay(int memoryPages, int flowCacheEntries) {
        memory = new HostMemory(memoryPages);
        cpu = new CpuTouch(memory, ledger);
        writeback = new Writeback(scheduler, memory, new DiskDma(memory), WritebackConfig.unlimited());
        rxPool = new PagePool(memory, "rx", Math.min(RX_POOL_PAGES, memoryPages));
        nic = new ReplayNic(cpu, rxPool, scheduler, flowCacheEntries, this::onPacket);
    }

    /** Replays {@code capture}, writing recovered streams under {@code outDir}. */
    public ReplayReport run(Path capture, Path outDir) throws IOException {
        try (PcapReader reader = PcapReader.open(capture)) {
            return run(capture.toString(), reader, outDir);
        }
    }

    /**
     * Replays the capture {@code reader} reads (named {@code name} in the report and in errors),
     * writing recovered streams under {@code outDir}. The caller closes the reader.
     */
    ReplayReport run(String name, PcapReader reader, Path outDir) throws IOException {
        this.outDir = outDir;
        if (!Files.isDirectory(outDir)) {
            Files.createDirectories(outDir);
        }
        if (reader.linkType() != PcapWriter.LINKTYPE_ETHERNET) {
            throw new IOException(name + ": link type " + reader.linkType() + " is not Ethernet (1)");
        }
        try {
            for (PcapRecord record = reader.next(); record != null; record = reader.next()) {
                frames++;
                if (firstTimeNs < 0) {
                    firstTimeNs = record.timeNs();
                }
                scheduler.runUntil(Math.max(scheduler.nowNs(), record.timeNs() - firstTimeNs));
                receive(record);
            }
        } catch (IOException | RuntimeException e) {
            abandon(e); // no part file outlives a replay that stops
            throw e;
        }
        if (reader.truncatedRecords() > 0) {
            count("truncated_record", reader.truncatedRecords());
        }
        nic.close(); // the NIC's open pages close: the stream's last bytes are complete fragments already
        final Map<String, Long> accumulation = nic.accumulator().counters().snapshot();
        for (CapturedStream s : allStreams) {
            end(s);
        }
        scheduler.runAll(Long.MAX_VALUE);
        final ReplayReport report = report(name, accumulation);
        sinkPools.forEach(PagePool::close);
        rxPool.close();
        memory.free(); // checks that every page is back, then gives the arena back now, not when the collector finds it
        return report;
    }

    /** The replay stops on an error: every file being received is given up, so no part file is left. */
    private void abandon(Exception e) {
        for (CapturedStream s : allStreams) {
            if (s.sink != null && !s.sink.isDone()) {
                s.sink.abort("the replay stopped: " + e.getMessage());
            }
        }
    }

    /**
     * One captured frame into the NIC's receive pipeline; its packet comes back through
     * {@link #onPacket} before this returns. A frame the NIC or the driver drops (a checksum
     * that fails, no room, a frame too long to hold whole) is counted by its reason, named
     * by reading the captured bytes (the wire side, not host memory).
     */
    private void receive(PcapRecord record) {
        if (record.isCut()) {
            count("cut_by_capture", 1);
            return;
        }
        frame.wrap(record.data());
        delivered = false;
        nic.receive(scheduler.nowNs(), frame, record.data().length);
        if (!delivered) {
            count(dropReason(record.data().length), 1);
        }
    }

    private String dropReason(int length) {
        final ParseStatus status = dropParser.parse(frame, 0, length, dropParsed);
        if (status != ParseStatus.OK) {
            return status.name().toLowerCase(Locale.ROOT);
        } else if (!dropParsed.isTcp()) {
            return "not_tcp";
        } else if (!dropParsed.transportChecksumOk()) {
            return "bad_tcp_checksum";
        }
        return "dropped_by_nic";
    }

    /** The driver's packet for the frame just pushed in; its payload fragments' references are ours to take. */
    private void onPacket(long nowNs, RxPacket packet) {
        delivered = true;
        parsed = packet.parsed();
        if (parsed.status() != ParseStatus.OK) {
            count(parsed.status().name().toLowerCase(Locale.ROOT), 1);
            return;
        }
        if (!parsed.isTcp()) {
            count("not_tcp", 1);
            return;
        }
        if (packet.checksum() != ChecksumStatus.GOOD
            && (dropParser.parse(frame, 0, frame.capacity(), dropParsed) != ParseStatus.OK
            || !dropParsed.transportChecksumOk())) {
            count("bad_tcp_checksum", 1); // the NIC could not check it, and it does not verify
            return;
        }
        packet.takeFragments(fragments);
        final StreamKey key = StreamKey.of(parsed);
        final int flags = parsed.tcpFlags();
        final int seq = (int) parsed.tcpSeq();
        CapturedStream stream = streams.get(key);
        if (stream != null && (flags & TcpHeader.SYN) != 0 && stream.isNewConnection(seq)) {
            end(stream); // the connection before, on the same four-tuple, is over
            setFlow();
            nic.forget(flow);
            stream = null;
        }
        if (stream == null) {
            stream = newStream(key);
        }
        stream.segments++;
        if ((flags & TcpHeader.SYN) != 0) {
            stream.onSyn(seq);
            if (stream.sink == null) {
                hint(stream); // before the stream's first byte reaches the NIC, as a host's socket does
            }
        }
        if ((flags & TcpHeader.RST) != 0) {
            stream.onReset(false);
            final CapturedStream reverse = streams.get(key.reversed());
            (reverse != null ? reverse : newStream(key.reversed())).onReset(true);
        }
        final int dataSeq = (flags & TcpHeader.SYN) != 0 ? seq + 1 : seq;
        final int length = parsed.payloadLength();
        if (length > 0) {
            data(stream, dataSeq, parsed.payloadOffset(), length);
        }
        fragments.releaseAll(memory); // what the stream did not take (a drop, a segment before its start)
        fragments.clear();
        if ((flags & TcpHeader.FIN) != 0) {
            stream.baseOnFirstData(dataSeq);
            stream.onFin(stream.offsetOf(dataSeq) + length);
        }
    }

    private void data(CapturedStream stream, int seq, int payloadOffset, int length) {
        stream.payloadBytes += length;
        if (!stream.based()) {
            stream.baseOnFirstData(seq);
        }
        if (stream.sink == null) {
            openSink(stream);
        }
        long offset = stream.offsetOf(seq);
        if (stream.receiverReset()) {
            stream.afterReceiverReset(offset, length);
            count("after_reset", 1);
            return;
        }
        int skip = 0;
        if (offset < 0) {
            if (offset + length <= 0) {
                count("before_stream_start", 1);
                return;
            }
            skip = (int) -offset;
            offset = 0;
        }
        fragments.dropFront(skip, memory); // bytes before the stream's first: given back
        stream.check.check(offset, frame.byteArray(), payloadOffset + skip, length - skip);
        place(stream, offset);
        stream.advance(seq + skip, offset, length - skip);
    }

    /**
     * Hands the fragments just received at {@code offset} on: in order to the sink (and whatever
     * queued data now follows them), or beyond a hole into the stream's out-of-order queue.
     */
    private void place(CapturedStream s, long offset) {
        if (s.sink.isDone()) {
            fragments.releaseAll(memory);
            return;
        }
        if (offset > s.inOrder) {
            s.queue.insert(offset, fragments);
            return;
        }
        long at = offset;
        for (int i = 0; i < fragments.count(); i++) {
            feed(s, at, fragments.pfn(i), fragments.offset(i), fragments.length(i));
            at += fragments.length(i);
        }
        fragments.clear();
        s.inOrder = s.queue.deliver(Math.max(s.inOrder, at), (o, pfn, off, len) -> feed(s, o, pfn, off, len));
    }

    private void feed(CapturedStream s, long offset, int pfn, int pageOffset, int length) {
        awaitWindow(s.sink, length);
        s.sink.accept(offset, pfn, pageOffset, length);
    }

    private CapturedStream newStream(StreamKey key) {
        final CapturedStream before = streams.get(key);
        final CapturedStream stream = new CapturedStream(key, before == null ? 1 : before.generation + 1);
        streams.put(key, stream);
        allStreams.add(stream);
        return stream;
    }

    /**
     * The stream is over (a new connection on its four-tuple, or the end of the capture): it is
     * finished at its FIN when both its ends are known, else given up as incomplete.
     */
    private void end(CapturedStream s) {
        if (s.sink == null || s.ended) {
            return;
        }
        s.ended = true;
        final long contiguous = s.sink.contiguousBytes();
        if (!s.sink.isDone() && contiguous < s.endOffset()) {
            s.holes = s.queue.missing(contiguous, s.endOffset());
        }
        s.queue.releaseAll(); // data beyond a hole never reaches the file
        if (s.sink.isDone()) {
            return;
        } else if (s.endsKnown()) {
            s.sink.finish(s.endOffset());
        } else {
            s.sink.abort(String.join("; ", s.unknownEnds()));
        }
    }

    /** Lets writeback drain until the sink can take {@code bytes} (a capture cannot be paused). */
    private void awaitWindow(FileSink sink, int bytes) {
        while (sink.windowBytes() < bytes && !scheduler.isIdle()) {
            scheduler.runNext();
        }
    }

    private void openSink(CapturedStream stream) {
        final PagePool pool = new PagePool(memory, "sink-" + sinkPools.size(), SINK_DIRTY_PAGES + 64);
        sinkPools.add(pool);
        final SinkConfig config = SinkConfig.of(outDir.resolve(stream.fileName()))
            .withDirtyLimitPages(SINK_DIRTY_PAGES);
        stream.sink = new FileSink(config, cpu, pool, writeback, vfsCounters, r -> stream.result = r);
        stream.queue = new OutOfOrderQueue(memory);
        if (!stream.startCaptured()) {
            hint(stream); // no SYN: the first byte seen starts a page (a SYN's stream was hinted at the SYN)
        }
    }

    /** The alignment hint for the stream's flow: its first byte starts a page. */
    private void hint(CapturedStream stream) {
        nic.hint(stream.key.tuple(), stream.firstSeq());
    }

    /** Points {@link #flow} at the packet's flow, keyed as the NIC's accumulator keys it. */
    private void setFlow() {
        flow.setV6(parsed.srcHigh(), parsed.srcLow(), parsed.dstHigh(), parsed.dstLow(), parsed.srcPort(), parsed.dstPort());
    }

    private void count(String reason, long n) {
        dropped.merge(reason, n, Long::sum);
    }

    private ReplayReport report(String capture, Map<String, Long> accumulation) throws IOException {
        final List<StreamReport> out = new ArrayList<>();
        for (CapturedStream s : allStreams) {
            if (s.sink == null) {
                continue; // carried no data (the ACK direction)
            }
            final var stats = s.sink.stats();
            final List<String> conflicts = s.check.conflicts().stream().map(Object::toString).toList();
            if (s.result instanceof SinkResult.Completed c) {
                final List<String> notes = new ArrayList<>(s.resetNotes());
                notes.addAll(s.check.notes());
                out.add(new StreamReport(s.key.label(), c.path().toString(), c.lengthBytes(), c.sha256Hex(), true,
                    List.of(), conflicts, notes, s.segments, s.payloadBytes, stats.pagesFlipped(), stats.pagesCopied()));
                continue;
            }
            final List<String> notes = new ArrayList<>(s.unknownEnds());
            notes.addAll(s.resetNotes());
            notes.addAll(s.check.notes());
            final List<String> missing = new ArrayList<>();
            s.holes.forEach(r -> missing.add(r.toString()));
            if (s.result instanceof SinkResult.Failed f && f.error().kind() != SinkError.Kind.ABORTED) {
                if (missing.isEmpty()) {
                    f.error().missing().forEach(r -> missing.add(r.toString()));
                }
                notes.add(f.error().message());
            } else {
                notes.add("the file was not kept");
            }
            // never leave an older file of the same name looking like this capture's result
            if (Files.deleteIfExists(outDir.resolve(s.fileName()))) {
                notes.add("an older file of the same name, from before this replay, was removed");
            }
            out.add(new StreamReport(s.key.label(), null, s.endOffset(), "", false, missing, conflicts, notes, s.segments,
                s.payloadBytes, stats.pagesFlipped(), stats.pagesCopied()));
        }
        return new ReplayReport(capture, frames, Map.copyOf(dropped), out,
            accumulation, ledger.touchedBytes(), ledger.copiedBytes());
    }
}
