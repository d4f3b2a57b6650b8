package dev.toeless.stack.toe;

import dev.toeless.nic.card.ToeCommandDescriptor;
import dev.toeless.nic.card.ToeCompletionDescriptor;
import dev.toeless.nic.card.ddp.DdpCard;
import dev.toeless.nic.card.ddp.DdpCardConfig;
import dev.toeless.nic.card.ddp.ProtectionError;
import dev.toeless.nic.card.ddp.TranslationMemory;
import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.stack.ddp.DdpCounters;
import dev.toeless.stack.ddp.DdpStream;
import dev.toeless.stack.ddp.PostedBuffer;
import dev.toeless.stack.ddp.SocketByteStream;
import dev.toeless.stack.socket.StreamSocket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Direct data placement on the TOE card: the RDMAP/DDP/MPA firmware ({@link DdpStream}) runs over
 * a connection of the card's own TCP, so the stream's bytes sit in card memory and are read there;
 * the card's tag checker vets every tagged segment and its placement DMA writes it across the PCI
 * link straight into a registered region of host pages (a file's page-cache pages), the host CPU
 * touching none of it. The region table's translation entries take card memory
 * ({@link TranslationMemory}, 8 bytes a page).
 *
 * <p>The host's verbs (register, deregister, start a stream, WRITE, SEND, post a receive buffer)
 * are card commands and are charged as such: the host writes a descriptor and rings the doorbell
 * (host CPU: a descriptor and a doorbell), the card fetches the descriptor (and, for a
 * registration, the page list: 8 bytes a page) across the bus and writes a completion. A
 * registration also costs the host {@link dev.toeless.nic.cost.RegistrationCost}'s time (pinning,
 * 0.3 us a page, libfabric issue 4738, plus a fixed part per call, estimate). The verbs are carried
 * out when called, not through the TCP command ring: their bus and CPU charges are the ring's, its
 * fetch latency is not modeled. A WRITE or SEND names a host page; the card reads it by DMA into a
 * card page before framing it, and the host's page is the host's again when the call returns.
 *
 * <p>Ownership: a region pins its host pages until {@link #deregister}; a stream's card pages go
 * back when its connection leaves the card ({@link #closed}).
 */
public final class CardDdp {
    /** The protection domain the host's streams and regions share unless told otherwise. */
    public static final int DEFAULT_PD = 1;

    private final ToeFirmware card;
    private final DdpCard ddp;
    private final Map<CardConnection, DdpStream> streams = new LinkedHashMap<>();
    private final List<DdpStream> finished = new ArrayList<>();
    private final Map<Integer, Integer> passivePorts = new LinkedHashMap<>();
    private DeviceBus bus = DeviceBus.NONE;
    private CpuTouch host;
    private long verbs;
    private long registrations;
    private long registrationsRefused;
    private long deregistrations;
    private long pageListBytes;
    private long writesRefused;
    private long streamsStarted;

    CardDdp(ToeFirmware card, HostMemory hostMemory, DdpCardConfig config) {
        this.card = card;
        this.ddp = new DdpCard(hostMemory, card.memory().memory(), config);
    }

    void bus(DeviceBus deviceBus) {
        this.bus = deviceBus;
        ddp.bus(deviceBus);
    }

    /** The host CPU the verbs are charged to (the driver's). */
    void hostCpu(CpuTouch cpu) {
        this.host = cpu;
    }

    /** The card's region table, tag checker, placement DMA and translation memory. */
    public DdpCard hardware() {
        return ddp;
    }

    /** One verb: a descriptor written and a doorbell rung by the host, fetched and completed by the card. */
    private void command(int extraFetchBytes) {
        verbs++;
        if (host != null) {
            host.cost().charge(CostOp.TX_DESCRIPTOR);
            host.cost().charge(CostOp.DOORBELL);
        }
        bus.doorbell();
        bus.descriptorFetch(1, ToeCommandDescriptor.LENGTH);
        if (extraFetchBytes > 0) {
            bus.dmaRead(extraFetchBytes);
        }
        bus.completionWrite(ToeCompletionDescriptor.LENGTH);
    }

    /**
     * Registers host pages as a region (see {@link DdpCard#register}); the card fetches the page
     * list and writes one translation entry a page into its memory. The host is charged the
     * registration's time. The answer's STag is {@code NO_STAG} when the card refused it.
     */
    public DdpCard.Registration register(int[] pfns, int pageCount, int firstPageOffset, long lengthBytes, long baseTo,
                                         int accessRights, int protectionDomain) {
        final int listBytes = Math.max(0, pageCount) * TranslationMemory.ENTRY_BYTES;
        command(listBytes);
        pageListBytes += listBytes;
        final DdpCard.Registration r = ddp.register(pfns, pageCount, firstPageOffset, lengthBytes, baseTo,
            accessRights, protectionDomain);
        if (host != null) {
            host.cost().busy(r.costNs() * 1_000);
        }
        if (r.ok()) {
            registrations++;
        } else {
            registrationsRefused++;
        }
        return r;
    }

    /** Frees a region: its slot, its translation entries and its pins. False when no such region. */
    public boolean deregister(int stag) {
        command(0);
        final boolean ok = ddp.deregister(stag);
        if (ok) {
            deregistrations++;
        }
        return ok;
    }

    /**
     * Starts DDP on an offloaded connection: from now on the card's firmware reads the connection's
     * bytes as MPA/DDP and no longer places them in the host's posted pages. An initiator sends its
     * MPA request at once. Null when the socket is not a live connection on this card or already
     * runs DDP.
     */
    public DdpStream start(StreamSocket socket, DdpStream.Role role, int protectionDomain) {
        command(0);
        if (!(socket instanceof ToeSocket ts) || ts.tid() < 0) {
            return null;
        }
        final CardConnection c = card.connection(ts.tid());
        if (c == null || c.socket == null || streams.containsKey(c)) {
            return null;
        }
        return startOn(c, role, protectionDomain);
    }

    /**
     * Marks a listening port for DDP: every connection the card accepts on it starts as an MPA
     * responder the moment the card announces it, before any of its bytes could reach the host's
     * posted pages (the peer's MPA request may arrive before the host accepts).
     */
    public void listen(int port, int protectionDomain) {
        command(0);
        passivePorts.put(port, protectionDomain);
    }

    /** The stream of an accepted connection on a port marked by {@link #listen}, or null. */
    public DdpStream stream(StreamSocket socket) {
        if (!(socket instanceof ToeSocket ts) || ts.tid() < 0) {
            return null;
        }
        final CardConnection c = card.connection(ts.tid());
        return c == null ? null : streams.get(c);
    }

    /** The card announced a passive connection on {@code port}: a DDP port's connection starts its stream now. */
    void announced(CardConnection c, int port) {
        final Integer pd = passivePorts.get(port);
        if (pd != null && !streams.containsKey(c)) {
            startOn(c, DdpStream.Role.RESPONDER, pd);
        }
    }

    private DdpStream startOn(CardConnection c, DdpStream.Role role, int protectionDomain) {
        // FPDUs are messages: Nagle off, as siw runs its sockets by default (siw_tcp_nagle false,
        // TCP_NODELAY set in siw_cm.c), so a short SEND after a run of WRITEs is not held for an ACK
        c.socket.connection().noDelay(card.scheduler().nowNs(), true);
        final PagePool pool = card.memory().sendPool();
        final DdpStream s = new DdpStream(new SocketByteStream(c.socket), ddp, card.cpu(), pool, role,
            protectionDomain, DdpStream.DEFAULT_SEGMENT_PAYLOAD);
        streams.put(c, s);
        streamsStarted++;
        s.poll();
        return s;
    }

    /**
     * An RDMA WRITE of a host page range to tagged offset {@code to} of the peer's region
     * {@code stag}: the card reads the bytes into a card page and frames them. False (nothing sent,
     * counted) when the stream is not running, the range leaves its page, or card memory is full.
     */
    public boolean write(DdpStream stream, int stag, long to, int hostPfn, int offset, int length) {
        command(0);
        final FragList payload = fetch(stream, hostPfn, offset, length);
        if (payload == null) {
            return false;
        }
        final boolean ok = stream.write(stag, to, payload);
        stream.poll();
        return ok;
    }

    /** An untagged SEND of a host page range (at most a page), as {@link #write}. */
    public boolean send(DdpStream stream, int hostPfn, int offset, int length) {
        command(0);
        final FragList payload = fetch(stream, hostPfn, offset, length);
        if (payload == null) {
            return false;
        }
        final boolean ok = stream.send(payload);
        stream.poll();
        return ok;
    }

    /** Posts a receive buffer (in a region of the stream's protection domain) for the peer's next SEND. */
    public void post(DdpStream stream, PostedBuffer buffer) {
        command(0);
        stream.post(buffer);
    }

    /** The host page range read into a fresh card page, or null (counted). */
    private FragList fetch(DdpStream stream, int hostPfn, int offset, int length) {
        if (!stream.isRunning() || !streams.containsValue(stream) || length <= 0) {
            writesRefused++;
            return null;
        }
        final int cardPfn = card.memory().sendPool().allocate();
        if (cardPfn == HostMemory.NO_PAGE) {
            writesRefused++;
            card.counters().cardMemoryFull++;
            return null;
        }
        if (!card.dma().fromHost(hostPfn, offset, cardPfn, 0, length)) {
            card.memory().memory().release(cardPfn);
            writesRefused++;
            return null;
        }
        return new FragList(1).add(cardPfn, 0, length);
    }

    /** Free card pages the streams may still take (a sender keeps its window below this). */
    public int cardPagesFree() {
        final PagePool pool = card.memory().sendPool();
        return pool.capacity() - pool.pagesOut();
    }

    /** Whether the connection runs DDP. */
    boolean runs(CardConnection c) {
        return streams.containsKey(c);
    }

    /** The connection has news: its stream reads, places and sends. */
    void poll(CardConnection c) {
        final DdpStream s = streams.get(c);
        if (s != null) {
            s.poll();
        }
    }

    /** The connection left the card: its stream gives back every card page it holds. */
    void closed(CardConnection c) {
        final DdpStream s = streams.remove(c);
        if (s != null) {
            s.close();
            finished.add(s);
        }
    }

    /** Every stream's card pages back (a card reset or close). */
    void closeAll() {
        for (CardConnection c : new ArrayList<>(streams.keySet())) {
            closed(c);
        }
    }

    /** Counters under {@code ddp_*} names: the verbs, the region table, and every stream's protocol counters summed. */
    public Map<String, Long> counterSnapshot() {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("ddp_verbs", verbs);
        m.put("ddp_streams_started", streamsStarted);
        m.put("ddp_registrations", registrations);
        m.put("ddp_registrations_refused", registrationsRefused);
        m.put("ddp_deregistrations", deregistrations);
        m.put("ddp_page_list_bytes_fetched", pageListBytes);
        m.put("ddp_registration_ns", ddp.registrationNs());
        m.put("ddp_translation_bytes_peak", ddp.translation().peakBytes());
        m.put("ddp_writes_refused", writesRefused);
        m.put("ddp_bytes_placed", ddp.placement().bytesPlaced());
        m.put("ddp_segments_refused", ddp.placement().segmentsRefused());
        long protection = 0;
        long terminatesSent = 0;
        final List<DdpStream> all = new ArrayList<>(finished);
        all.addAll(streams.values());
        for (DdpStream s : all) {
            final DdpCounters k = s.counters();
            for (ProtectionError e : ProtectionError.values()) {
                if (e != ProtectionError.NONE) {
                    protection += k.protectionErrors(e);
                }
            }
            terminatesSent += k.terminatesSent();
        }
        m.put("ddp_protection_errors", protection);
        m.put("ddp_terminates_sent", terminatesSent);
        return m;
    }
}
