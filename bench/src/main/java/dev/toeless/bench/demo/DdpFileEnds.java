package dev.toeless.bench.demo;

import dev.toeless.nic.card.ddp.AccessRights;
import dev.toeless.nic.card.ddp.DdpCard;
import dev.toeless.nic.card.ddp.RegionTable;
import dev.toeless.nic.cost.HostCost;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.stack.ddp.DdpStream;
import dev.toeless.stack.ddp.PostedBuffer;
import dev.toeless.stack.ddp.ReceivedMessage;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.ToeCard;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.toe.CardDdp;
import dev.toeless.vfs.sink.FileSink;
import dev.toeless.vfs.source.FileSource;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * The demo's file transfer in {@code toe+ddp} mode: both hosts' connections run on their TOE cards
 * and the cards speak RDMAP/DDP/MPA over them. Host B registers the pages that will be the file's
 * page-cache pages as regions, {@value #REGION_PAGES} pages (1 MiB) each, whose tagged offsets are
 * the file's offsets, and SENDs each region's STag to A; A's card WRITEs the file into them
 * (each segment checked by B's card and placed by its DMA); A SENDs "done" for each region once its
 * last WRITE is queued, and since the stream is in order, every byte of the region is placed when B
 * reads it. B then deregisters the region and flips its pages into the page cache, not one file
 * byte through B's CPU. Up to {@value #REGIONS_IN_FLIGHT} regions are advertised ahead, so A's
 * WRITEs never wait for a registration while B has pages for them.
 *
 * <p>B's CPU pays for the registrations (the card's registration cost), the verbs' descriptors and
 * doorbells, the page flips and the control messages it writes and reads (20 and 4 bytes each,
 * copied by the CPU and counted in its ledger). The verbs are carried out when called (see
 * {@link CardDdp}); the card's TCP, DDP and DMA are charged to the card and the PCI link.
 *
 * <p>Ownership: a region's pages come from this class's pool; a region pins them until it is
 * deregistered; a flipped page goes to the sink; {@link #release} takes back everything else.
 */
final class DdpFileEnds {
    /** Pages per region: 1 MiB. */
    static final int REGION_PAGES = 256;
    /** Regions advertised and not yet flipped, at most. */
    static final int REGIONS_IN_FLIGHT = 12;
    /** B's pages for regions and for flipped pages waiting for writeback (16 MiB). */
    static final int CACHE_POOL_PAGES = 4096;
    /** A keeps at most this many bytes framed on its card and not yet taken by the card's TCP. */
    static final long SENDER_QUEUE_BYTES = 2L << 20;
    /** Card pages A leaves free for its card's TCP and headers. */
    static final int SENDER_CARD_RESERVE_PAGES = 512;
    private static final int SLOT_BYTES = 64;
    private static final int SLOTS = HostMemory.PAGE_SIZE / SLOT_BYTES;
    private static final int ADVERT_BYTES = 20;
    private static final int DONE_BYTES = 4;

    private final Host a;
    private final Host b;
    private final FileSource source;
    private final StreamSocket client;
    private final Listener listener;
    private final FileSink sink;
    private final WallClockMeter meter;
    /** Host B's application core, where the receiver runs. */
    private final AppCore core;
    private final CardDdp cardA;
    private final CardDdp cardB;
    private final PagePool cachePool;
    private final long length;
    private final SenderEnd sender = new SenderEnd();
    private final ReceiverEnd receiver = new ReceiverEnd();

    DdpFileEnds(Host a, Host b, FileSource source, StreamSocket client, Listener listener, FileSink sink,
                WallClockMeter meter, HostCost cost, EventScheduler scheduler) throws IOException {
        if (!(a.attachment() instanceof ToeCard ca) || !(b.attachment() instanceof ToeCard cb)) {
            throw new IOException("toe+ddp needs a TOE card at both hosts");
        }
        if (source.lengthBytes() < 0) {
            throw new IOException("toe+ddp registers the file's pages ahead: it needs the file's length, and "
                + source + " has none");
        }
        this.a = a;
        this.b = b;
        this.source = source;
        this.client = client;
        this.listener = listener;
        this.sink = sink;
        this.meter = meter;
        this.core = new AppCore(cost, scheduler);
        this.cardA = ca.driver().card().ddp();
        this.cardB = cb.driver().card().ddp();
        this.cachePool = new PagePool(b.memory(), "b.ddp.cache", CACHE_POOL_PAGES);
        this.length = source.lengthBytes();
        cardB.listen(FileTransfer.PORT, CardDdp.DEFAULT_PD);
    }

    FileTransfer.SendEnd sender() {
        return sender;
    }

    FileTransfer.ReceiveEnd receiver() {
        return receiver;
    }

    /** A control region of one page: {@value #SLOTS} receive buffers of {@value #SLOT_BYTES} bytes. */
    private static final class ControlPages {
        final int recvPfn;
        final int sendPfn;
        final int stag;
        final CpuTouch cpu;
        final CardDdp card;
        final byte[] bytes = new byte[SLOT_BYTES];
        final UnsafeBuffer view = new UnsafeBuffer(bytes);

        ControlPages(Host host, CardDdp card) throws IOException {
            this.cpu = host.cpu();
            this.card = card;
            this.recvPfn = host.memory().allocate();
            this.sendPfn = host.memory().allocate();
            if (recvPfn == HostMemory.NO_PAGE || sendPfn == HostMemory.NO_PAGE) {
                release(host.memory());
                throw new IOException("no host page for DDP's control messages");
            }
            final DdpCard.Registration r = card.register(new int[] {recvPfn}, 1, 0, HostMemory.PAGE_SIZE, 0,
                AccessRights.LOCAL_WRITE, CardDdp.DEFAULT_PD);
            this.stag = r.stag();
        }

        void postAll(DdpStream stream) {
            for (int i = 0; i < SLOTS; i++) {
                card.post(stream, new PostedBuffer(stag, (long) i * SLOT_BYTES, SLOT_BYTES));
            }
        }

        /** The message's bytes, read by the host CPU (counted); its buffer goes back to the card. */
        UnsafeBuffer read(DdpStream stream, ReceivedMessage m) {
            cpu.copyOut(recvPfn, (int) m.buffer().to(), m.lengthBytes(), bytes, 0);
            card.post(stream, m.buffer());
            return view;
        }

        /** SENDs the first {@code n} bytes of {@link #view}, written into the host page by the CPU (counted). */
        boolean send(DdpStream stream, int n) {
            cpu.copyIn(bytes, 0, n, sendPfn, 0);
            return card.send(stream, sendPfn, 0, n);
        }

        void release(HostMemory memory) {
            if (stag != RegionTable.NO_STAG) {
                card.deregister(stag);
            }
            if (recvPfn != HostMemory.NO_PAGE) {
                memory.release(recvPfn);
            }
            if (sendPfn != HostMemory.NO_PAGE) {
                memory.release(sendPfn);
            }
        }
    }

    /** A region B advertised: the file bytes {@code [offset, offset + bytes)} land in {@code pfns}. */
    private record Region(int stag, long offset, long bytes, int[] pfns, int pages) {
    }

    /** Host A: WRITEs the file's pages into B's advertised regions, in file order. */
    private final class SenderEnd implements FileTransfer.SendEnd {
        private final ArrayDeque<long[]> adverts = new ArrayDeque<>(); // (stag, offset, bytes)
        private DdpStream stream;
        private ControlPages control;
        private int pendingPfn = HostMemory.NO_PAGE;
        private int pendingOffset;
        private int pendingLength;
        private long pendingAt;
        private long written;
        private boolean abandoned;

        @Override
        public void step() throws IOException {
            if (abandoned) {
                return;
            }
            if (stream == null) {
                if (!client.isEstablished()) {
                    return;
                }
                control = new ControlPages(a, cardA);
                stream = cardA.start(client, DdpStream.Role.INITIATOR, CardDdp.DEFAULT_PD);
                if (stream == null) {
                    throw new IOException("host A's card could not start DDP on the connection");
                }
                control.postAll(stream);
            }
            failIfDown(stream, "host A");
            ReceivedMessage m;
            while ((m = stream.pollReceived()) != null) {
                final UnsafeBuffer v = control.read(stream, m);
                adverts.add(new long[] {v.getInt(0, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL,
                    v.getLong(4, ByteOrder.BIG_ENDIAN), v.getLong(12, ByteOrder.BIG_ENDIAN)});
            }
            while (!adverts.isEmpty() && stream.isRunning()) {
                if (pendingPfn == HostMemory.NO_PAGE) {
                    if (source.exhausted()) {
                        break;
                    }
                    if (source.pump((off, pfn, pageOffset, len) -> {
                        pendingPfn = pfn;
                        pendingOffset = pageOffset;
                        pendingLength = len;
                        pendingAt = off;
                    }, 1) == 0) {
                        return; // the source's pool is empty until the card takes pages
                    }
                }
                final long[] r = adverts.peekFirst();
                final int stag = (int) r[0];
                if (pendingAt < r[1] || pendingAt + pendingLength > r[1] + r[2]) {
                    throw new IOException("host B advertised a region [" + r[1] + ", " + (r[1] + r[2])
                        + ") that does not hold file bytes at " + pendingAt);
                }
                if (stream.queuedBytes() >= SENDER_QUEUE_BYTES || cardA.cardPagesFree() < SENDER_CARD_RESERVE_PAGES
                    || !cardA.write(stream, stag, pendingAt, pendingPfn, pendingOffset, pendingLength)) {
                    return; // the card's memory is busy: it drains as the peer acknowledges
                }
                a.memory().release(pendingPfn); // the bytes are in card memory
                pendingPfn = HostMemory.NO_PAGE;
                written = pendingAt + pendingLength;
                if (written == r[1] + r[2]) {
                    adverts.pollFirst();
                    control.view.putInt(0, stag, ByteOrder.BIG_ENDIAN);
                    if (!control.send(stream, DONE_BYTES)) {
                        throw new IOException("host A's card could not send the end of a region");
                    }
                }
            }
            if (source.exhausted() && !source.sha256KnownAhead() && written == length) {
                sink.expectSha256(source.sha256());
            }
        }

        @Override
        public void abandon() {
            abandoned = true;
            if (pendingPfn != HostMemory.NO_PAGE) {
                a.memory().release(pendingPfn);
                pendingPfn = HostMemory.NO_PAGE;
            }
            if (control != null) {
                control.release(a.memory());
                control = null;
            }
        }
    }

    private static void failIfDown(DdpStream stream, String who) throws IOException {
        final DdpStream.Phase p = stream.phase();
        if (p == DdpStream.Phase.TERMINATED || p == DdpStream.Phase.REFUSED) {
            throw new IOException(who + "'s DDP stream ended: " + stream);
        }
    }

    /** Host B: registers regions ahead of A, flips each into the page cache once A says it is written. */
    private final class ReceiverEnd implements FileTransfer.ReceiveEnd {
        private final ArrayDeque<Region> advertised = new ArrayDeque<>();
        private final ArrayDeque<Region> written = new ArrayDeque<>();
        private StreamSocket socket;
        private DdpStream stream;
        private ControlPages control;
        private long advertisedTo;
        private long flipped;
        private boolean finished;
        private String failure;

        @Override
        public long written() {
            return flipped;
        }

        @Override
        public StreamSocket socket() {
            return socket;
        }

        @Override
        public void step() {
            core.step(() -> {
                if (failure != null) {
                    return;
                }
                meter.enter();
                try {
                    run();
                } catch (IOException e) {
                    failure = e.getMessage();
                    sink.abort(failure);
                } finally {
                    meter.exit();
                }
            });
        }

        private void run() throws IOException {
            if (socket == null) {
                socket = listener.accept();
                if (socket == null) {
                    return;
                }
                control = new ControlPages(b, cardB);
                stream = cardB.stream(socket); // started by the card as it accepted the connection
                if (stream == null) {
                    throw new IOException("host B's card runs no DDP stream on the connection it accepted");
                }
                control.postAll(stream);
            }
            if (!stream.isRunning()) {
                failIfDown(stream, "host B");
                return;
            }
            ReceivedMessage m;
            while ((m = stream.pollReceived()) != null) {
                final int stag = control.read(stream, m).getInt(0, ByteOrder.BIG_ENDIAN);
                final Region r = advertised.pollFirst();
                if (r == null || r.stag != stag) {
                    throw new IOException("host A ended a region host B did not advertise next: " + stag);
                }
                cardB.deregister(r.stag);
                written.add(r);
            }
            while (!written.isEmpty() && sink.windowBytes() >= written.peekFirst().bytes) {
                flip(written.pollFirst());
            }
            while (advertisedTo < length && advertised.size() + written.size() < REGIONS_IN_FLIGHT
                && cachePool.capacity() - cachePool.pagesOut() >= REGION_PAGES) {
                advertise();
            }
            if (!finished && flipped == length) {
                finished = true;
                sink.finish(flipped);
            }
        }

        /** Registers the next region of the file and SENDs A its STag, base (the file offset) and length. */
        private void advertise() throws IOException {
            final long bytes = Math.min((long) REGION_PAGES * HostMemory.PAGE_SIZE, length - advertisedTo);
            final int pages = RegionTable.pagesSpanned(0, bytes);
            final int[] pfns = new int[pages];
            for (int i = 0; i < pages; i++) {
                pfns[i] = cachePool.allocate();
            }
            final DdpCard.Registration reg = cardB.register(pfns, pages, 0, bytes, advertisedTo,
                AccessRights.REMOTE_WRITE | AccessRights.LOCAL_WRITE, CardDdp.DEFAULT_PD);
            if (!reg.ok()) {
                for (int pfn : pfns) {
                    b.memory().release(pfn);
                }
                throw new IOException("host B's card refused to register " + pages + " pages");
            }
            final Region r = new Region(reg.stag(), advertisedTo, bytes, pfns, pages);
            advertised.add(r);
            control.view.putInt(0, r.stag, ByteOrder.BIG_ENDIAN);
            control.view.putLong(4, r.offset, ByteOrder.BIG_ENDIAN);
            control.view.putLong(12, r.bytes, ByteOrder.BIG_ENDIAN);
            if (!control.send(stream, ADVERT_BYTES)) {
                throw new IOException("host B's card could not send a region's STag");
            }
            advertisedTo += bytes;
        }

        /** The region's pages become the file's page-cache pages (the sink takes each page's reference). */
        private void flip(Region r) {
            for (int i = 0; i < r.pages; i++) {
                final long at = (long) i * HostMemory.PAGE_SIZE;
                sink.accept(r.offset + at, r.pfns[i], 0, (int) Math.min(HostMemory.PAGE_SIZE, r.bytes - at));
            }
            flipped += r.bytes;
        }

        @Override
        public void release() {
            for (ArrayDeque<Region> q : java.util.List.of(advertised, written)) {
                for (Region r : q) {
                    if (q == advertised) {
                        cardB.deregister(r.stag);
                    }
                    for (int pfn : r.pfns) {
                        b.memory().release(pfn);
                    }
                }
                q.clear();
            }
            if (control != null) {
                control.release(b.memory());
                control = null;
            }
            sender.abandon();
            cachePool.close(); // pages still in the page cache go to the free list once written back
        }
    }
}
