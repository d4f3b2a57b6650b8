package dev.toeless.stack.ddp;

import dev.toeless.nic.card.ddp.AccessRights;
import dev.toeless.nic.card.ddp.DdpCard;
import dev.toeless.nic.card.ddp.ProtectionError;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.stack.tcp.FragmentConsumer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * One RDMAP stream (a queue pair's connection, in verbs terms) over a {@link ByteStream}: the DDP
 * card's firmware for that stream. It negotiates MPA (markers off, CRC on), frames what the host
 * asks to send (tagged WRITEs into the peer's regions, untagged SENDs), and takes the peer's FPDUs
 * apart: each one's CRC is checked by the card's CRC unit, each tagged segment is checked by the
 * tag checker and placed by the card's DMA, each SEND goes into the next posted buffer. The first
 * error of any kind sends a TERMINATE naming it (RFC 5040 section 7), counts it, places nothing
 * of the offending segment, and closes the stream; a TERMINATE from the peer closes it too.
 *
 * <p>Sans-I/O in the engine's manner: {@link #poll()} reads what the stream holds, processes it and
 * sends what is queued; the caller runs it when the stream has news.
 *
 * <p>Ownership: {@link #write} and {@link #send} take one reference per payload fragment; bytes
 * read from the stream are released once their FPDU is processed; {@link #close()} gives back
 * everything still held. Registered regions are the card's and the host's, not the stream's.
 */
public final class DdpStream {
    /** Where the stream is in its life. */
    public enum Phase { AWAIT_START, RUNNING, TERMINATED, REFUSED, CLOSED }

    /** Which end opened the MPA exchange. */
    public enum Role { INITIATOR, RESPONDER }

    /** Payload bytes per DDP segment by default: one page, so each segment places one page. */
    public static final int DEFAULT_SEGMENT_PAYLOAD = HostMemory.PAGE_SIZE;

    private final ByteStream stream;
    private final DdpCard card;
    private final CpuTouch cpu;
    private final HostMemory memory;
    private final PagePool messagePool;
    private final FpduWriter writer;
    private final Role role;
    private final int pd;
    private final int segmentPayload;
    private final FragList rx = new FragList(64);
    private final UnsafeBuffer hdr = new UnsafeBuffer(new byte[MpaStartFrame.HEADER_BYTES + MpaStartFrame.MAX_PRIVATE_DATA]);
    private final DdpHeader view = new DdpHeader();
    private final DdpHeader out = new DdpHeader();
    private final ArrayDeque<PostedBuffer> posted = new ArrayDeque<>();
    private final ArrayDeque<ReceivedMessage> received = new ArrayDeque<>();
    private final DdpCounters counters = new DdpCounters();
    private final FragmentConsumer collect = this::collect;
    private Phase phase = Phase.AWAIT_START;
    private int expectedMsn = 1;
    private int messageBytes;
    private int sendMsn = 1;
    private int terminateMsn = 1;
    private boolean shutdownPending;
    private boolean shutdownDone;
    private TerminateCause localCause;
    private TerminateControl peerTerminate;

    /**
     * @param messagePool    pages for the protocol's headers and for SEND messages copied in
     * @param pd             the stream's protection domain
     * @param segmentPayload payload bytes per DDP segment (1 to 65,000)
     */
    public DdpStream(ByteStream stream, DdpCard card, CpuTouch cpu, PagePool messagePool, Role role, int pd,
                     int segmentPayload) {
        if (segmentPayload <= 0 || segmentPayload + DdpHeader.UNTAGGED_BYTES > MpaFraming.MAX_ULPDU_BYTES) {
            throw new IllegalArgumentException("segment payload 1.." + (MpaFraming.MAX_ULPDU_BYTES
                - DdpHeader.UNTAGGED_BYTES) + " bytes: " + segmentPayload);
        }
        this.stream = stream;
        this.card = card;
        this.cpu = cpu;
        this.memory = cpu.memory();
        this.messagePool = messagePool;
        this.role = role;
        this.pd = pd;
        this.segmentPayload = segmentPayload;
        this.writer = new FpduWriter(stream, cpu, messagePool, card.placement());
        if (role == Role.INITIATOR && !writer.startFrame(MpaStartFrame.request())) {
            counters.headerPagesExhausted++;
            phase = Phase.REFUSED;
        }
        writer.flush();
    }

    public Phase phase() {
        return phase;
    }

    public boolean isRunning() {
        return phase == Phase.RUNNING;
    }

    public Role role() {
        return role;
    }

    public int protectionDomain() {
        return pd;
    }

    public DdpCounters counters() {
        return counters;
    }

    /** The error this end found and terminated the stream for, or null. */
    public TerminateCause localTerminate() {
        return localCause;
    }

    /** The TERMINATE the peer sent, or null. */
    public TerminateControl peerTerminate() {
        return peerTerminate;
    }

    /** Bytes queued for the stream and not yet taken by it. */
    public long queuedBytes() {
        return writer.queuedBytes();
    }

    /**
     * An RDMA WRITE of the payload to tagged offset {@code to} of the peer's region {@code stag}:
     * takes one reference per fragment of {@code payload} (and empties it). The peer's card checks
     * it; this end does not know the peer's regions. False (nothing taken) when the stream is not
     * running or no header page can be had.
     */
    public boolean write(int stag, long to, FragList payload) {
        return phase == Phase.RUNNING && fpdus(true, stag, to, 0, payload);
    }

    /** An untagged SEND of the payload (queue 0): takes the fragments' references, as {@link #write}. */
    public boolean send(FragList payload) {
        return phase == Phase.RUNNING && fpdus(false, 0, 0, sendMsn++, payload);
    }

    /**
     * The payload cut into FPDUs of at most one segment each: tagged ones at {@code to} onward of
     * region {@code stag}, or untagged ones of message {@code msn} at increasing message offsets.
     * The fragments' references are taken either way; false when a header page ran out first.
     */
    private boolean fpdus(boolean tagged, int stag, long to, int msn, FragList payload) {
        final long total = payload.totalBytes();
        long done = 0;
        do {
            final int n = (int) Math.min(segmentPayload, total - done);
            final boolean last = done + n == total;
            out.wrap(writer.scratch(), MpaFraming.LENGTH_FIELD_BYTES);
            if (tagged) {
                out.putTagged(last, RdmapOpcode.WRITE, stag, to + done);
            } else {
                out.putUntagged(last, RdmapOpcode.SEND, 0, DdpHeader.QN_SEND, msn, (int) done);
            }
            if (!writer.fpdu(tagged ? DdpHeader.TAGGED_BYTES : DdpHeader.UNTAGGED_BYTES, payload, done, n)) {
                counters.headerPagesExhausted++;
                break;
            }
            done += n;
        } while (done < total);
        payload.releaseAll(memory);
        writer.flush();
        return done == total;
    }

    /** A SEND of a small message (at most a page) copied in by the host CPU (counted in its ledger). */
    public boolean sendBytes(byte[] message) {
        if (message.length > HostMemory.PAGE_SIZE || phase != Phase.RUNNING) {
            return false;
        }
        final int pfn = messagePool.allocate();
        if (pfn == HostMemory.NO_PAGE) {
            counters.headerPagesExhausted++;
            return false;
        }
        cpu.copyIn(message, 0, message.length, pfn, 0);
        return send(new FragList(1).add(pfn, 0, message.length));
    }

    /** Posts a receive buffer for the peer's next SEND. */
    public void post(PostedBuffer buffer) {
        posted.add(buffer);
    }

    /** The next SEND placed whole, or null. */
    public ReceivedMessage pollReceived() {
        return received.poll();
    }

    /**
     * Reads what the stream holds, processes every whole start frame or FPDU, and hands queued
     * bytes to the stream. Returns the bytes read plus the bytes sent (0 when there was nothing).
     */
    public long poll() {
        final long read = stream.read(collect, Long.MAX_VALUE);
        boolean progress = true;
        while (progress) {
            progress = switch (phase) {
                case AWAIT_START -> takeStartFrame();
                case RUNNING -> takeFpdu();
                default -> false;
            };
        }
        if (phase != Phase.AWAIT_START && phase != Phase.RUNNING && !rx.isEmpty()) {
            counters.bytesDiscarded += rx.totalBytes();
            rx.releaseAll(memory);
        }
        if ((phase == Phase.RUNNING || phase == Phase.AWAIT_START) && stream.isEndOfStream()) {
            phase = Phase.CLOSED;
            shutdownPending = true;
        }
        final long sent = writer.flush();
        if (shutdownPending && !shutdownDone && writer.queuedBytes() == 0) {
            shutdownDone = true;
            stream.shutdown();
        }
        return read + sent;
    }

    private void collect(int pfn, int offset, int length) {
        if (rx.extendLast(pfn, offset, length)) {
            memory.release(pfn);
        } else {
            rx.add(pfn, offset, length);
        }
    }

    private boolean takeStartFrame() {
        if (rx.totalBytes() < MpaStartFrame.HEADER_BYTES) {
            return false;
        }
        copyHeader(0, MpaStartFrame.HEADER_BYTES);
        final int pdLength = MpaStartFrame.privateDataLength(hdr, 0);
        final int length = MpaStartFrame.HEADER_BYTES + Math.min(pdLength, MpaStartFrame.MAX_PRIVATE_DATA);
        if (pdLength <= MpaStartFrame.MAX_PRIVATE_DATA && rx.totalBytes() < length) {
            return false;
        }
        copyHeader(0, length);
        final MpaStartFrame frame = pdLength > MpaStartFrame.MAX_PRIVATE_DATA ? null
            : MpaStartFrame.parse(hdr, 0, length);
        rx.dropFront(length, memory);
        final boolean expected = frame != null && frame.reply() == (role == Role.INITIATOR)
            && frame.revision() == MpaStartFrame.REVISION;
        if (!expected || frame.markers() || frame.reject()) {
            // Markers are not implemented: a peer that demands them is refused, never half served.
            counters.startFramesRefused++;
            if (role == Role.RESPONDER && frame != null && !frame.reply()) {
                writer.startFrame(MpaStartFrame.reply(true));
            }
            localCause = frame != null && frame.reject() ? null : TerminateCause.MPA_START;
            phase = Phase.REFUSED;
            shutdownPending = true;
            return false;
        }
        if (role == Role.RESPONDER && !writer.startFrame(MpaStartFrame.reply(false))) {
            counters.headerPagesExhausted++;
            phase = Phase.REFUSED;
            shutdownPending = true;
            return false;
        }
        phase = Phase.RUNNING;
        return true;
    }

    private boolean takeFpdu() {
        if (rx.totalBytes() < MpaFraming.LENGTH_FIELD_BYTES) {
            return false;
        }
        copyHeader(0, MpaFraming.LENGTH_FIELD_BYTES);
        final int ulpdu = hdr.getShort(0, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int fpduBytes = MpaFraming.fpduBytes(ulpdu);
        if (rx.totalBytes() < fpduBytes) {
            return false;
        }
        counters.fpdusReceived++;
        final int crcAt = fpduBytes - MpaFraming.CRC_BYTES;
        final int computed = card.placement().crc32c(rx, 0, crcAt);
        copyHeader(crcAt, MpaFraming.CRC_BYTES);
        if (hdr.getInt(0, ByteOrder.BIG_ENDIAN) != computed) {
            counters.crcErrors++;
            terminate(TerminateCause.MPA_CRC, 0);
            return false;
        }
        final boolean ok = ulpdu < 2 ? refuse(TerminateCause.SEGMENT_TOO_SHORT, 0) : segment(ulpdu);
        rx.dropFront(fpduBytes, memory);
        return ok;
    }

    /** Processes the DDP segment of an FPDU whose CRC matched; false when it terminated the stream. */
    private boolean segment(int ulpdu) {
        final int at = MpaFraming.LENGTH_FIELD_BYTES;
        copyHeader(at, Math.min(ulpdu, DdpHeader.UNTAGGED_BYTES));
        view.wrap(hdr, 0);
        final int headerBytes = view.headerBytes();
        if (ulpdu < headerBytes) {
            return refuse(TerminateCause.SEGMENT_TOO_SHORT, 0);
        }
        if (view.ddpVersion() != DdpHeader.DDP_VERSION) {
            return refuse(TerminateCause.INVALID_DDP_VERSION, headerBytes);
        }
        if (view.rdmapVersion() != DdpHeader.RDMAP_VERSION) {
            return refuse(TerminateCause.INVALID_RDMAP_VERSION, headerBytes);
        }
        final int payload = ulpdu - headerBytes;
        final long payloadAt = at + headerBytes;
        return view.tagged() ? tagged(payloadAt, payload) : untagged(payloadAt, payload);
    }

    private boolean tagged(long payloadAt, int payload) {
        if (view.opcode() != RdmapOpcode.WRITE.code()) {
            return refuse(TerminateCause.UNEXPECTED_OPCODE, DdpHeader.TAGGED_BYTES);
        }
        final ProtectionError e = card.placement().place(view.stag(), pd, AccessRights.REMOTE_WRITE,
            view.taggedOffset(), rx, payloadAt, payload);
        if (e != ProtectionError.NONE) {
            counters.protectionErrors[e.code()]++;
            terminate(TerminateCause.of(e), DdpHeader.TAGGED_BYTES);
            return false;
        }
        counters.taggedBytesPlaced += payload;
        return true;
    }

    private boolean untagged(long payloadAt, int payload) {
        final int qn = view.queueNumber();
        final int opcode = view.opcode();
        if (qn == DdpHeader.QN_TERMINATE && opcode == RdmapOpcode.TERMINATE.code()) {
            if (payload >= TerminateControl.BYTES) {
                copyHeader(payloadAt, TerminateControl.BYTES);
                peerTerminate = TerminateControl.parse(hdr, 0);
            }
            counters.terminatesReceived++;
            phase = Phase.TERMINATED;
            shutdownPending = true;
            return false;
        }
        if (qn != DdpHeader.QN_SEND) {
            return refuse(TerminateCause.INVALID_QN, DdpHeader.UNTAGGED_BYTES);
        }
        if (opcode != RdmapOpcode.SEND.code()) {
            return refuse(TerminateCause.UNEXPECTED_OPCODE, DdpHeader.UNTAGGED_BYTES);
        }
        if (view.messageSequenceNumber() != expectedMsn) {
            return refuse(TerminateCause.INVALID_MSN, DdpHeader.UNTAGGED_BYTES); // siw_send_check_ntoh's order
        }
        final PostedBuffer buffer = posted.peek();
        if (buffer == null) {
            return refuse(TerminateCause.NO_BUFFER, DdpHeader.UNTAGGED_BYTES);
        }
        final int mo = view.messageOffset();
        if (mo != messageBytes) {
            return refuse(TerminateCause.INVALID_MO, DdpHeader.UNTAGGED_BYTES);
        }
        if ((long) mo + payload > buffer.lengthBytes()) {
            return refuse(TerminateCause.MESSAGE_TOO_LONG, DdpHeader.UNTAGGED_BYTES);
        }
        final boolean last = view.last();
        final ProtectionError e = card.placement().place(buffer.stag(), pd, AccessRights.LOCAL_WRITE,
            buffer.to() + mo, rx, payloadAt, payload);
        if (e != ProtectionError.NONE) {
            counters.protectionErrors[e.code()]++;
            terminate(TerminateCause.of(e), DdpHeader.UNTAGGED_BYTES);
            return false;
        }
        counters.untaggedBytesPlaced += payload;
        messageBytes += payload;
        if (last) {
            posted.poll();
            received.add(new ReceivedMessage(expectedMsn, buffer, messageBytes));
            counters.messagesReceived++;
            expectedMsn++;
            messageBytes = 0;
        }
        return true;
    }

    private boolean refuse(TerminateCause cause, int headerBytes) {
        counters.otherErrors++;
        terminate(cause, headerBytes);
        return false;
    }

    /**
     * Ends the stream for {@code cause}: one TERMINATE carrying the offending segment's DDP header
     * ({@code headerBytes} of it, still in the header scratch; 0 for none), then the stream closes.
     */
    private void terminate(TerminateCause cause, int headerBytes) {
        localCause = cause;
        phase = Phase.TERMINATED;
        shutdownPending = true;
        final UnsafeBuffer scratch = writer.scratch();
        final int at = MpaFraming.LENGTH_FIELD_BYTES;
        out.wrap(scratch, at).putUntagged(true, RdmapOpcode.TERMINATE, 0, DdpHeader.QN_TERMINATE, terminateMsn++, 0);
        TerminateControl.of(cause, headerBytes > 0).emit(scratch, at + DdpHeader.UNTAGGED_BYTES);
        if (headerBytes > 0) {
            scratch.putBytes(at + DdpHeader.UNTAGGED_BYTES + TerminateControl.BYTES, hdr, 0, headerBytes);
        }
        if (writer.fpdu(DdpHeader.UNTAGGED_BYTES + TerminateControl.BYTES + headerBytes, rx, 0, 0)) {
            counters.terminatesSent++;
        } else {
            counters.headerPagesExhausted++;
        }
    }

    /** Copies {@code length} header bytes at {@code from} of the received bytes into {@link #hdr} (counted as headers). */
    private void copyHeader(long from, int length) {
        long skip = from;
        int at = 0;
        for (int i = 0; i < rx.count() && at < length; i++) {
            final int fragLength = rx.length(i);
            if (skip >= fragLength) {
                skip -= fragLength;
                continue;
            }
            final int n = (int) Math.min(fragLength - skip, length - at);
            cpu.copyHeader(rx.pfn(i), rx.offset(i) + (int) skip, n, hdr, at);
            at += n;
            skip = 0;
        }
    }

    /** Gives back every page reference the stream holds (unprocessed bytes, queued FPDUs). */
    public void close() {
        rx.releaseAll(memory);
        writer.release();
        if (phase == Phase.AWAIT_START || phase == Phase.RUNNING) {
            phase = Phase.CLOSED;
        }
    }

    @Override
    public String toString() {
        return "DdpStream[" + role + " pd " + pd + " " + phase + (localCause != null ? " " + localCause : "")
            + " " + counters + "]";
    }
}
