package dev.toeless.bench.debate;

import dev.toeless.bench.demo.PageFeeder;
import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.cost.HostCost;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.vfs.sink.FileSink;
import dev.toeless.vfs.sink.SinkConfig;
import dev.toeless.vfs.sink.SinkResult;
import dev.toeless.vfs.source.FileSource;
import dev.toeless.vfs.stats.VfsCounters;
import dev.toeless.vfs.writeback.Writeback;
import dev.toeless.vfs.writeback.WritebackConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One upload on the model for the experiments that need to reach into the hosts: host A sends a
 * protocol head of {@code headBytes} and then a generated body on one connection; host B reads the
 * head into a buffer (as an HTTP server reads a request head) and moves the body's page fragments
 * into a {@link FileSink}, which flips whole aligned pages and copies the rest (sha256 checked).
 * With {@code hint} host B asks its NIC, as soon as it accepts, to align the body's first byte to
 * a page. A {@link Control} may be applied to the hosts once a share of the body has arrived; the
 * run then goes on for {@code afterControlNs} of virtual time (or to the end when 0).
 */
final class StreamRun {
    static final int PORT = 5001;
    private static final long SECOND = 1_000_000_000L;
    private static final int POOL_PAGES = 2048;

    /** The hosts and the connection's two ends, as a control sees them. */
    record Hosts(EventScheduler scheduler, Host a, Host b, TcpSocket sender, TcpSocket receiver) {
    }

    /** Something done to the hosts mid-transfer; returns what it did, in words. */
    interface Control {
        String apply(Hosts hosts);
    }

    record Spec(DriverMode mode, long bodyBytes, int headBytes, boolean hint, long seed, long linkBitsPerSecond,
                Path dir, Control control, double controlAtShare, long afterControlNs) {
    }

    /**
     * @param touchPerBodyByte host B's CPU passes over payload per body byte, the head's read excluded
     * @param goodputBefore    bit/s from the first SYN to the control
     * @param goodputAfter     bit/s from the control to the end of the run
     * @param goodputSettled   bit/s over the second half of the time after the control (what was in flight
     *                         or offered before it has drained)
     * @param peakReceiveWindowAfter host B's advertised receive window, at most, over that second half
     * @param peakSocketMemoryAfter host B's socket memory in use, at most, in the second half of the time after the
     *                              control (once what was already offered has drained), sampled after each event
     *                              and before the application reads
     * @param senderCcBefore the sender's congestion control when the control was applied
     */
    record Result(long bodyBytes, long delivered, boolean complete, double touchPerBodyByte, long pagesFlipped,
                  long pagesCopied, long virtualNs, long controlAtNs, String controlDid, double goodputBefore,
                  double goodputAfter, double goodputSettled, long peakSocketMemoryAfter, long peakReceiveWindowAfter,
                  String senderCc, String senderCcBefore) {
    }

    private final Spec spec;

    StreamRun(Spec spec) {
        this.spec = spec;
    }

    Result run() throws IOException {
        final Testbed bed = Testbed.builder(spec.seed())
            .link(LinkConfig.ethernet(spec.linkBitsPerSecond()).withPropagationDelayNs(10_000))
            .hosts(c -> c.withNic(spec.mode())).build();
        final EventScheduler scheduler = bed.scheduler();
        final Host a = bed.a();
        final Host b = bed.b();
        final PagePool sourcePool = new PagePool(a.memory(), "a.body", POOL_PAGES);
        final PagePool sinkPool = new PagePool(b.memory(), "b.sink", POOL_PAGES + 64);
        final FileSource source = FileSource.generated(spec.seed(), spec.bodyBytes(), a.memory(), new DiskDma(a.memory()),
            sourcePool);
        Files.createDirectories(spec.dir());
        final SinkResult[] done = new SinkResult[1];
        final FileSink sink = new FileSink(SinkConfig.of(spec.dir().resolve("body.bin")).withDirtyLimitPages(POOL_PAGES)
            .withLength(spec.bodyBytes()).withSha256(source.sha256()), b.cpu(), sinkPool,
            new Writeback(scheduler, b.memory(), new DiskDma(b.memory()), WritebackConfig.unlimited()), new VfsCounters(),
            r -> done[0] = r);
        final TcpListener listener = b.tcp().listenV4(PORT, 8);
        final TcpSocket client = a.tcp().connectV4(Testbed.IP_B, PORT);
        final Uploader up = new Uploader(source, client, a, spec.headBytes());
        final Server server = new Server(b, listener, sink, spec.headBytes(), spec.hint());
        final long limitNs = 600 * SECOND;
        long controlAt = -1;
        long deliveredAtControl = 0;
        String did = null;
        String ccBefore = client.connection().congestionControlName();
        long peakMemory = 0;
        long peakWindow = 0;
        long settledAt = -1;
        long deliveredAtSettle = 0;
        while (done[0] == null && !scheduler.isIdle() && scheduler.nowNs() <= limitNs) {
            up.step();
            server.step();
            if (controlAt < 0 && spec.control() != null && server.socket != null
                && server.body >= spec.controlAtShare() * spec.bodyBytes()) {
                controlAt = scheduler.nowNs();
                deliveredAtControl = server.body;
                ccBefore = client.connection().congestionControlName();
                did = spec.control().apply(new Hosts(scheduler, a, b, client, server.socket));
            }
            if (controlAt >= 0) {
                if (scheduler.nowNs() - controlAt >= spec.afterControlNs() / 2) { // once settled
                    if (settledAt < 0) {
                        settledAt = scheduler.nowNs();
                        deliveredAtSettle = server.body;
                    }
                }
                if (spec.afterControlNs() > 0 && scheduler.nowNs() - controlAt > spec.afterControlNs()) {
                    break;
                }
            }
            scheduler.runNext();
            if (settledAt >= 0) { // after the event, before the application reads: what the stack holds
                peakMemory = Math.max(peakMemory, b.tcp().socketMemory().usedBytes());
                peakWindow = Math.max(peakWindow, server.socket.connection().receiveWindowBytes());
            }
        }
        final long end = scheduler.nowNs();
        final boolean complete = done[0] instanceof SinkResult.Completed c && c.sha256() != null
            && Arrays.equals(c.sha256(), source.sha256()) && c.lengthBytes() == spec.bodyBytes();
        final long touched = b.ledger().touchedBytes() - server.headTouched;
        final Result r = new Result(spec.bodyBytes(), server.body, complete,
            server.body == 0 ? 0 : (double) touched / server.body, sink.stats().pagesFlipped(),
            sink.stats().pagesCopied(), end, controlAt, did,
            controlAt < 0 ? server.body * 8.0 * SECOND / Math.max(1, end) : deliveredAtControl * 8.0 * SECOND / Math.max(1, controlAt),
            controlAt < 0 ? 0 : (server.body - deliveredAtControl) * 8.0 * SECOND / Math.max(1, end - controlAt),
            settledAt < 0 ? 0 : (server.body - deliveredAtSettle) * 8.0 * SECOND / Math.max(1, end - settledAt),
            peakMemory, peakWindow, client.connection().congestionControlName(), ccBefore);
        tearDown(scheduler, a, b, up, server, client, listener, sink, source, done[0]);
        sourcePool.close();
        sinkPool.close();
        a.memory().assertNoLeaks();
        b.memory().assertNoLeaks();
        return r;
    }

    /** Ends the sink (a part file is deleted) and both ends, and lets every page come home. */
    private static void tearDown(EventScheduler scheduler, Host a, Host b, Uploader up, Server server, TcpSocket client,
                                 TcpListener listener, FileSink sink, FileSource source, SinkResult done)
        throws IOException {
        if (done == null) {
            sink.abort("the run ended");
        }
        if (done instanceof SinkResult.Completed c) {
            Files.deleteIfExists(c.path());
        }
        client.abort();
        if (server.socket != null) {
            server.socket.abort();
        }
        up.abandon();
        listener.close();
        scheduler.runAll(50_000_000);
        source.close();
        a.close();
        b.close();
    }

    /** Host A: the head from a buffer, then the body's pages as the socket takes them. */
    private static final class Uploader {
        private final TcpSocket socket;
        private final PageFeeder body;
        private final byte[] head;
        private int headSent;
        private boolean shut;

        Uploader(FileSource source, TcpSocket socket, Host host, int headBytes) {
            this.socket = socket;
            this.body = new PageFeeder(source, socket, host.memory());
            this.head = new byte[headBytes];
            Arrays.fill(head, (byte) 'h');
        }

        void step() throws IOException {
            if (shut || !socket.isEstablished()) {
                return;
            }
            if (headSent < head.length) {
                headSent += socket.write(head, headSent, head.length - headSent);
                if (headSent < head.length) {
                    return;
                }
            }
            if (body.feed()) {
                socket.shutdown();
                shut = true;
            }
        }

        void abandon() {
            shut = true;
            body.abandon();
        }
    }

    /** Host B: accepts, hints (or not), reads the head into a buffer, then the body into the sink. */
    private static final class Server {
        private final Host host;
        private final TcpListener listener;
        private final FileSink sink;
        private final byte[] head;
        private final boolean hint;
        private int headRead;
        long headTouched;
        long body;
        TcpSocket socket;
        private boolean finished;

        Server(Host host, TcpListener listener, FileSink sink, int headBytes, boolean hint) {
            this.host = host;
            this.listener = listener;
            this.sink = sink;
            this.head = new byte[headBytes];
            this.hint = hint;
        }

        void step() {
            if (socket == null) {
                socket = listener.accept();
                if (socket != null && hint) {
                    host.alignReceivePages(socket, head.length);
                }
                return;
            }
            if (headRead < head.length) {
                final long before = host.ledger().touchedBytes();
                headRead += Math.max(0, socket.read(head, headRead, head.length - headRead));
                headTouched += host.ledger().touchedBytes() - before;
                if (headRead < head.length) {
                    return;
                }
            }
            if (socket.readableBytes() > 0 && sink.windowBytes() > 0) {
                socket.read((pfn, pageOffset, len) -> {
                    sink.accept(body, pfn, pageOffset, len);
                    body += len;
                }, sink.windowBytes());
            }
            if (!finished && socket.isEndOfStream() && socket.readableBytes() == 0) {
                finished = true;
                sink.finish(body);
            }
        }
    }
}
