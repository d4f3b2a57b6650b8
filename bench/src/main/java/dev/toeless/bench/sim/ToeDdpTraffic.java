package dev.toeless.bench.sim;

import dev.toeless.nic.card.ddp.AccessRights;
import dev.toeless.nic.card.ddp.DdpCard;
import dev.toeless.nic.card.ddp.DdpCardConfig;
import dev.toeless.nic.card.ddp.ProtectionError;
import dev.toeless.nic.card.ddp.RegionTable;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.ddp.DdpStream;
import dev.toeless.stack.ddp.PostedBuffer;
import dev.toeless.stack.ddp.ReceivedMessage;
import dev.toeless.stack.ddp.SocketByteStream;
import dev.toeless.stack.ddp.TerminateCause;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.toe.CardDdp;
import dev.toeless.stack.toe.ToeSocket;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The applications of a {@code toe+ddp} seed ({@link ToeDdpSetup}): per connection, host b
 * registers a guard-filled region for a's bytes on its card and SENDs a its STag; host a (DDP in
 * software over its host TCP, with a DDP card model of its own for its receive buffers) WRITEs
 * its bytes into the region, some seeds in a random order, and SENDs "done"; b SENDs its own bytes
 * into the buffers a posted. The rules, besides the TCP invariants {@link SimRun} checks on the
 * same connections:
 * <ul>
 *   <li>every byte of b's region pages is, at any check, either the byte a sent for that place or
 *       the guard (nothing placed anywhere else, nothing placed wrong); when a says "done" the
 *       region holds exactly a's bytes and the card counted exactly that many tagged bytes placed;
 *   <li>a hostile WRITE (a bad STag, another stream's region, a local-only region, out of bounds,
 *       a wrapping offset) is refused by b's card with its RFC 5040 protection error, counted,
 *       places nothing, and terminates the stream (a is told by a TERMINATE);
 *   <li>b's data reaches a whole and in order, message by message;
 *   <li>a card reset ends the card's DDP streams with their connections (the host told), never a
 *       stream left running;
 *   <li>when the run ends every region is deregistered and every page is back.
 * </ul>
 * A connection refused by the full card, reset, aborted by the scenario, or ended by a hostile
 * WRITE is given up once its end was told; otherwise its transfer must finish.
 */
final class ToeDdpTraffic {
    /** Host b's DDP port of connection i is this plus i. */
    static final int DDP_PORT = 7200;
    /** Connection i's streams and regions are in protection domain this plus i. */
    static final int FIRST_PD = 1;
    private static final int ADVERT_BYTES = 24;
    private static final int DONE_BYTES = 4;
    private static final long QUEUE_BYTES = 64 * 1024;
    /** Card pages b leaves free for the card's TCP when it SENDs. */
    private static final int CARD_RESERVE_PAGES = 256;

    private final ToeDdpSetup setup;
    private final Host a;
    private final Host b;
    private final CardDdp cardB;
    /** Host a's DDP in software: its own region table and placement for the buffers it posts. */
    private final DdpCard cardA;
    private final PagePool messagesA;
    private final PagePool dataA;
    private final List<TcpSocket> clients;
    private final StreamSocket[] servers;
    private final Conn[] conns;
    private String violation;

    ToeDdpTraffic(ToeDdpSetup setup, Host a, Host b, CardDdp cardB, List<TcpSocket> clients, StreamSocket[] servers) {
        this.setup = setup;
        this.a = a;
        this.b = b;
        this.cardB = cardB;
        this.cardA = new DdpCard(a.memory(), DdpCardConfig.DEFAULT);
        this.messagesA = new PagePool(a.memory(), "a.ddp.messages", 128);
        this.dataA = new PagePool(a.memory(), "a.ddp.writes", 64);
        this.clients = clients;
        this.servers = servers;
        this.conns = new Conn[setup.connections().size()];
    }

    static int port(int i) {
        return DDP_PORT + i;
    }

    /** Host b's card starts every connection on connection i's port as an MPA responder. */
    void listen(int i) {
        cardB.listen(port(i), FIRST_PD + i);
    }

    /** Connection i carries {@code up} from a to b by WRITEs and {@code down} from b to a by SENDs. */
    void open(int i, byte[] up, byte[] down, long seed) {
        conns[i] = new Conn(i, setup.connections().get(i), up, down, new SimRandom(seed).fork("ddp-order-" + i));
    }

    /** Host b accepted connection i: its stream is the one the card started. */
    void accepted(int i, StreamSocket s) {
        final Conn c = conns[i];
        c.bStream = cardB.stream(s);
        if (c.bStream == null) {
            fail(c, "host b's card runs no DDP stream on the connection it accepted: " + s);
        }
    }

    /** The scenario aborts connection i. */
    void abort(int i) {
        giveUp(conns[i], "aborted");
    }

    /** A card reset lost connection i: its stream on the card must be gone with it. */
    void lostToReset(int i) {
        final Conn c = conns[i];
        if (c.bStream != null && c.bStream.isRunning()) {
            fail(c, "its DDP stream still runs on the card after a card reset lost the connection: " + c.bStream);
        }
        giveUp(c, "lost to a card reset");
    }

    /** The applications' turn after one event; returns the first broken rule, or null. */
    String step() {
        for (Conn c : conns) {
            if (violation != null) {
                break;
            }
            c.step();
        }
        return violation;
    }

    boolean done() {
        for (Conn c : conns) {
            if (!c.done()) {
                return false;
            }
        }
        return true;
    }

    /** Bytes placed in b's regions and checked, plus b's bytes a received and checked. */
    long bytesMoved() {
        long n = 0;
        for (Conn c : conns) {
            n += c.placedChecked + c.downReceived;
        }
        return n;
    }

    /**
     * The run is over: every region is checked once more, its streams closed on host a, its
     * regions deregistered, its pages given back. Returns the first broken rule, or null.
     */
    String finish() {
        for (Conn c : conns) {
            if (violation == null && c.region != null) {
                c.checkRegion(false);
            }
            if (violation == null && c.hostileSent && c.bTerminate == null && c.over == null) {
                fail(c, "the hostile WRITE was never refused");
            }
            c.release();
        }
        messagesA.close();
        dataA.close();
        return violation;
    }

    String progress(int i) {
        final Conn c = conns[i];
        return "conn" + i + " ddp: a " + c.aStream + " b " + c.bStream + ", WRITEs " + c.chunksSent + "/"
            + c.order.length + (c.hostileSent ? " then a hostile one" : "") + (c.doneSent ? ", done sent" : "")
            + ", b sent " + c.downSent + "/" + c.down.length + ", a received " + c.downReceived
            + (c.verified ? ", region verified" : "") + (c.over != null ? ", given up: " + c.over : "");
    }

    private void fail(Conn c, String what) {
        if (violation == null) {
            violation = "conn" + c.index + " (toe+ddp): " + what;
        }
    }

    private void giveUp(Conn c, String why) {
        if (c.over == null) {
            c.over = why;
        }
    }

    private static byte[] advert(int stag, long base, long length, int controlStag) {
        return ByteBuffer.allocate(ADVERT_BYTES).order(ByteOrder.BIG_ENDIAN).putInt(stag).putLong(base)
            .putLong(length).putInt(controlStag).array();
    }

    private final class Conn {
        final int index;
        final ToeDdpSetup.Plan plan;
        final byte[] up;
        final byte[] down;
        final int pd;
        final byte guard;
        /** The order a WRITEs its chunks in. */
        final int[] order;
        // host a
        DdpStream aStream;
        int[] aPages;
        int aStag = RegionTable.NO_STAG;
        boolean advertSeen;
        int peerStag;
        long peerBase;
        long peerLength;
        int peerControlStag;
        int chunksSent;
        long validBytesWritten;
        boolean hostileSent;
        boolean doneSent;
        int downReceived;
        // host b
        DdpStream bStream;
        int[] region;
        int regionStag = RegionTable.NO_STAG;
        long regionLength;
        int controlPage = HostMemory.NO_PAGE;
        int controlStag = RegionTable.NO_STAG;
        boolean advertSent;
        int downSent;
        boolean verified;
        TerminateCause bTerminate;
        long placedChecked;
        String over;

        Conn(int index, ToeDdpSetup.Plan plan, byte[] up, byte[] down, SimRandom random) {
            this.index = index;
            this.plan = plan;
            this.up = up;
            this.down = down;
            this.pd = FIRST_PD + index;
            this.guard = (byte) (0xA5 ^ index);
            this.order = new int[(up.length + plan.writeBytes() - 1) / plan.writeBytes()];
            for (int k = 0; k < order.length; k++) {
                order[k] = k;
            }
            if (plan.shuffled()) {
                for (int k = order.length - 1; k > 0; k--) {
                    final int j = random.nextInt(k + 1);
                    final int t = order[k];
                    order[k] = order[j];
                    order[j] = t;
                }
            }
        }

        boolean done() {
            return over != null || violation != null || verified && downReceived == down.length;
        }

        void step() {
            final TcpSocket client = clients.get(index);
            final CloseReason reason = client.closeReason();
            if (over == null && (reason == CloseReason.REFUSED || reason == CloseReason.RESET)) {
                giveUp(this, "host a's connection " + reason);
            }
            if (over == null && servers[index] instanceof ToeSocket t && t.isFailed()) {
                giveUp(this, "host b's socket failed: " + t.error());
            }
            stepA(client);
            if (violation == null) {
                stepB();
            }
            if (violation == null && over == null && hostileSent && aStream.peerTerminate() != null
                && bTerminate != null) {
                giveUp(this, "the hostile WRITE terminated the stream");
            }
        }

        // ------------------------------------------------------------ host a

        private void stepA(TcpSocket client) {
            if (aStream == null) {
                if (over != null || !client.isEstablished()) {
                    return;
                }
                aStream = new DdpStream(new SocketByteStream(client), cardA, a.cpu(), messagesA,
                    DdpStream.Role.INITIATOR, pd, DdpStream.DEFAULT_SEGMENT_PAYLOAD);
                postReceiveBuffers();
                if (violation != null) {
                    return;
                }
            }
            aStream.poll();
            ReceivedMessage m;
            while ((m = aStream.pollReceived()) != null) {
                final byte[] bytes = new byte[m.lengthBytes()];
                a.cpu().copyOut(aPages[(int) (m.buffer().to() / HostMemory.PAGE_SIZE)], 0, m.lengthBytes(), bytes, 0);
                if (!advertSeen) {
                    if (bytes.length != ADVERT_BYTES) {
                        fail(this, "host a's first message is " + bytes.length + " bytes, not b's region's STag");
                        return;
                    }
                    final ByteBuffer v = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
                    peerStag = v.getInt();
                    peerBase = v.getLong();
                    peerLength = v.getLong();
                    peerControlStag = v.getInt();
                    advertSeen = true;
                    continue;
                }
                if (downReceived + bytes.length > down.length
                    || Arrays.mismatch(bytes, 0, bytes.length, down, downReceived, downReceived + bytes.length) >= 0) {
                    fail(this, "host a received a SEND of " + bytes.length + " bytes at " + downReceived
                        + " that is not what b sent");
                    return;
                }
                downReceived += bytes.length;
            }
            if (aStream.phase() != DdpStream.Phase.RUNNING && aStream.phase() != DdpStream.Phase.AWAIT_START
                && over == null && !hostileSent && violation == null) {
                fail(this, "host a's DDP stream ended with nothing wrong sent and the connection not lost: " + aStream
                    + (aStream.peerTerminate() != null ? " (peer's TERMINATE " + aStream.peerTerminate() + ")" : "")
                    + (aStream.localTerminate() != null ? " (terminated " + aStream.localTerminate() + ")" : ""));
                return;
            }
            if (over == null && advertSeen && aStream.isRunning()) {
                writeChunks();
            }
        }

        /** One buffer of a page for b's advertisement and one for each page of b's bytes. */
        private void postReceiveBuffers() {
            final int buffers = 1 + (down.length + HostMemory.PAGE_SIZE - 1) / HostMemory.PAGE_SIZE;
            aPages = new int[buffers];
            Arrays.fill(aPages, HostMemory.NO_PAGE);
            for (int k = 0; k < buffers; k++) {
                aPages[k] = a.memory().allocate();
                if (aPages[k] == HostMemory.NO_PAGE) {
                    fail(this, "no page on host a for its receive buffers");
                    return;
                }
            }
            final DdpCard.Registration r = cardA.register(aPages, buffers, 0, (long) buffers * HostMemory.PAGE_SIZE, 0,
                AccessRights.LOCAL_WRITE, pd);
            if (!r.ok()) {
                fail(this, "host a could not register its receive buffers");
                return;
            }
            aStag = r.stag();
            for (int k = 0; k < buffers; k++) {
                aStream.post(new PostedBuffer(aStag, (long) k * HostMemory.PAGE_SIZE, HostMemory.PAGE_SIZE));
            }
        }

        private void writeChunks() {
            while (aStream.queuedBytes() < QUEUE_BYTES) {
                if (plan.isHostile() && !hostileSent && chunksSent == plan.hostileAfter()) {
                    writeHostile();
                    return;
                }
                if (chunksSent == order.length) {
                    if (!doneSent && !plan.isHostile()) {
                        doneSent = aStream.sendBytes(new byte[DONE_BYTES]);
                    }
                    return;
                }
                final int chunk = order[chunksSent];
                final int at = chunk * plan.writeBytes();
                final int n = Math.min(plan.writeBytes(), up.length - at);
                final FragList payload = page(up, at, n);
                if (payload == null) {
                    return;
                }
                if (!aStream.write(peerStag, peerBase + at, payload)) {
                    fail(this, "host a's WRITE was not taken: " + aStream);
                    return;
                }
                chunksSent++;
                validBytesWritten += n;
            }
        }

        /** A WRITE b's card must refuse, of bytes that are neither a's data nor the guard where they would land. */
        private void writeHostile() {
            final int n = plan.hostileBytes();
            final byte[] bytes = new byte[n];
            Arrays.fill(bytes, (byte) ~guard);
            int stag = peerStag;
            long to = peerBase;
            switch (plan.hostile()) {
                case STALE_KEY -> stag = peerStag ^ 0x5A;
                case OTHER_STREAM -> {
                    stag = peerStag ^ 0x5A;
                    for (Conn other : conns) {
                        if (other != this && other.regionStag != RegionTable.NO_STAG) {
                            stag = other.regionStag;
                            to = other.plan.baseTo();
                            break;
                        }
                    }
                }
                case NO_REMOTE_WRITE -> {
                    stag = peerControlStag;
                    to = 0;
                }
                case PAST_BOUNDS -> to = peerBase + peerLength - n + 1;
                case BEFORE_BASE -> to = peerBase - 1 - (n / 2);
                case WRAPS -> to = -1L - (n - 1) / 2;
            }
            final FragList payload = page(bytes, 0, n);
            if (payload == null) {
                return;
            }
            if (!aStream.write(stag, to, payload)) {
                fail(this, "host a's hostile WRITE was not taken: " + aStream);
                return;
            }
            hostileSent = true;
        }

        /** {@code n} bytes of {@code src} in a fresh page of a's, or null when a's pool is out for now. */
        private FragList page(byte[] src, int at, int n) {
            final int pfn = dataA.allocate();
            if (pfn == HostMemory.NO_PAGE) {
                return null;
            }
            a.cpu().copyIn(src, at, n, pfn, 0);
            return new FragList(1).add(pfn, 0, n);
        }

        // ------------------------------------------------------------ host b

        private void stepB() {
            if (bStream == null) {
                return;
            }
            if (region == null && over == null) {
                register();
                if (violation != null) {
                    return;
                }
            }
            ReceivedMessage m;
            while ((m = bStream.pollReceived()) != null) {
                cardB.post(bStream, m.buffer());
                if (m.lengthBytes() != DONE_BYTES || !doneSent) {
                    fail(this, "host b received a SEND of " + m.lengthBytes() + " bytes before a said done");
                    return;
                }
                checkRegion(true);
                if (violation != null) {
                    return;
                }
                verified = true;
            }
            if (bStream.phase() == DdpStream.Phase.TERMINATED && bTerminate == null) {
                bTerminate = bStream.localTerminate();
                refused();
                return;
            }
            if (over != null || !bStream.isRunning()) {
                return;
            }
            if (!advertSent) {
                advertSent = sendFromPage(advert(regionStag, plan.baseTo(), regionLength, controlStag), 0, ADVERT_BYTES);
            }
            while (advertSent && downSent < down.length && bStream.queuedBytes() < QUEUE_BYTES
                && cardB.cardPagesFree() > CARD_RESERVE_PAGES) {
                final int n = Math.min(HostMemory.PAGE_SIZE, down.length - downSent);
                if (!sendFromPage(down, downSent, n)) {
                    break;
                }
                downSent += n;
            }
        }

        /** b's card refused a segment: it must be a's hostile WRITE, with the error its kind calls for. */
        private void refused() {
            if (!hostileSent) {
                fail(this, "host b's card terminated the stream with no hostile WRITE sent: " + bTerminate
                    + " " + bStream.counters());
                return;
            }
            final ProtectionError expected = plan.hostile().expected();
            final boolean ok = bTerminate == TerminateCause.of(expected)
                || plan.hostile() == ToeDdpSetup.Hostile.OTHER_STREAM && bTerminate == TerminateCause.INVALID_STAG;
            if (!ok) {
                fail(this, "the hostile " + plan.hostile() + " WRITE was answered with " + bTerminate + ", not "
                    + expected);
                return;
            }
            long counted = 0;
            for (ProtectionError e : ProtectionError.values()) {
                if (e != ProtectionError.NONE) {
                    counted += bStream.counters().protectionErrors(e);
                }
            }
            if (counted != 1) {
                fail(this, counted + " protection errors counted for one hostile WRITE");
                return;
            }
            checkRegion(false);
        }

        /** The region for a's bytes (guard-filled whole pages) and a local-write control page, on b's card. */
        private void register() {
            regionLength = Math.max(1, up.length);
            final int pages = RegionTable.pagesSpanned(plan.firstPageOffset(), regionLength);
            region = new int[pages];
            Arrays.fill(region, HostMemory.NO_PAGE);
            final byte[] fill = new byte[HostMemory.PAGE_SIZE];
            Arrays.fill(fill, guard);
            for (int k = 0; k < pages; k++) {
                region[k] = b.memory().allocate();
                if (region[k] == HostMemory.NO_PAGE) {
                    fail(this, "no page on host b for its region");
                    return;
                }
                b.cpu().copyIn(fill, 0, fill.length, region[k], 0);
            }
            final DdpCard.Registration r = cardB.register(region, pages, plan.firstPageOffset(), regionLength,
                plan.baseTo(), AccessRights.REMOTE_WRITE | AccessRights.LOCAL_WRITE, pd);
            if (!r.ok()) {
                fail(this, "host b's card refused to register " + pages + " pages");
                return;
            }
            regionStag = r.stag();
            controlPage = b.memory().allocate();
            if (controlPage == HostMemory.NO_PAGE) {
                fail(this, "no page on host b for its control buffer");
                return;
            }
            final DdpCard.Registration c = cardB.register(new int[] {controlPage}, 1, 0, HostMemory.PAGE_SIZE, 0,
                AccessRights.LOCAL_WRITE, pd);
            if (!c.ok()) {
                fail(this, "host b's card refused to register its control page");
                return;
            }
            controlStag = c.stag();
            cardB.post(bStream, new PostedBuffer(controlStag, 0, HostMemory.PAGE_SIZE));
        }

        private boolean sendFromPage(byte[] src, int at, int n) {
            final int pfn = b.memory().allocate();
            if (pfn == HostMemory.NO_PAGE) {
                return false;
            }
            b.cpu().copyIn(src, at, n, pfn, 0);
            final boolean ok = cardB.send(bStream, pfn, 0, n);
            b.memory().release(pfn); // the card read it into its own memory
            return ok;
        }

        /**
         * Every byte of the region's pages is a's byte for its place or the guard, outside the region
         * the guard only; {@code complete}: every one of a's bytes is there, and the stream counted
         * exactly a's bytes placed.
         */
        void checkRegion(boolean complete) {
            final byte[] pages = new byte[region.length * HostMemory.PAGE_SIZE];
            for (int k = 0; k < region.length; k++) {
                if (region[k] == HostMemory.NO_PAGE) {
                    return;
                }
                b.cpu().copyOut(region[k], 0, HostMemory.PAGE_SIZE, pages, k * HostMemory.PAGE_SIZE);
            }
            long placed = 0;
            for (int k = 0; k < pages.length; k++) {
                final int at = k - plan.firstPageOffset();
                final boolean inData = at >= 0 && at < up.length;
                if (inData && pages[k] == up[at] && up[at] != guard) {
                    placed++;
                } else if (pages[k] != guard && !(inData && pages[k] == up[at])) {
                    fail(this, "byte " + k + " of host b's region pages (" + (inData ? "a's byte " + at : "outside a's bytes")
                        + ") holds " + (pages[k] & 0xFF) + ", neither " + (inData ? "a's " + (up[at] & 0xFF) + " nor " : "")
                        + "the guard " + (guard & 0xFF) + " (placed where nothing was sent)");
                    return;
                }
                if (complete && inData && pages[k] != up[at]) {
                    fail(this, "a said done but byte " + at + " of its data is not in b's region");
                    return;
                }
            }
            placedChecked = complete ? up.length : placed;
            if (complete && bStream.counters().taggedBytesPlaced() != up.length) {
                fail(this, "b's card counted " + bStream.counters().taggedBytesPlaced() + " tagged bytes placed, a sent "
                    + up.length);
            } else if (bStream != null && bStream.counters().taggedBytesPlaced() > validBytesWritten) {
                fail(this, "b's card counted " + bStream.counters().taggedBytesPlaced() + " tagged bytes placed, a sent"
                    + " only " + validBytesWritten + " that it may place");
            }
        }

        void release() {
            if (aStream != null) {
                aStream.close();
            }
            if (aStag != RegionTable.NO_STAG) {
                cardA.deregister(aStag);
            }
            if (aPages != null) {
                for (int pfn : aPages) {
                    if (pfn != HostMemory.NO_PAGE) {
                        a.memory().release(pfn);
                    }
                }
                aPages = null;
            }
            if (regionStag != RegionTable.NO_STAG) {
                cardB.deregister(regionStag);
                regionStag = RegionTable.NO_STAG;
            }
            if (controlStag != RegionTable.NO_STAG) {
                cardB.deregister(controlStag);
                controlStag = RegionTable.NO_STAG;
            }
            if (region != null) {
                for (int pfn : region) {
                    if (pfn != HostMemory.NO_PAGE) {
                        b.memory().release(pfn);
                    }
                }
                region = null;
            }
            if (controlPage != HostMemory.NO_PAGE) {
                b.memory().release(controlPage);
                controlPage = HostMemory.NO_PAGE;
            }
        }
    }
}
