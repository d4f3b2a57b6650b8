package dev.toeless.stack.ddp;

import dev.toeless.nic.card.ddp.PlacementDma;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The sending half of an MPA stream: frames DDP segments into FPDUs and queues them on the byte
 * stream by page reference. The protocol's own bytes (length field, DDP header, pad, CRC) are
 * written into header pages through {@link CpuTouch#writeHeader} (counted as header bytes); the
 * payload goes by reference, never copied; the CRC32c comes from the card's CRC unit, which reads
 * the FPDU by DMA. A trailer and the next FPDU's header sit side by side in the header page and
 * go out as one fragment.
 *
 * <p>Ownership: every queued fragment holds one page reference, handed to the stream when it takes
 * the fragment; {@link #release()} gives back what it never took.
 */
final class FpduWriter {
    private final ByteStream out;
    private final CpuTouch cpu;
    private final HostMemory memory;
    private final PagePool headerPool;
    private final PlacementDma crcUnit;
    private final FragList queue = new FragList(64);
    private final FragList fpdu = new FragList(32);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MpaStartFrame.HEADER_BYTES
        + MpaStartFrame.MAX_PRIVATE_DATA + 64]);
    private int head;
    /** Bytes of the fragment at {@link #head} already handed to the stream in parts. */
    private int headSent;
    private int headerPfn = HostMemory.NO_PAGE;
    private int headerAt;
    private long queuedBytes;
    private long fpdus;

    FpduWriter(ByteStream out, CpuTouch cpu, PagePool headerPool, PlacementDma crcUnit) {
        this.out = out;
        this.cpu = cpu;
        this.memory = cpu.memory();
        this.headerPool = headerPool;
        this.crcUnit = crcUnit;
    }

    /** The scratch buffer a caller builds a DDP header in, at offset {@link MpaFraming#LENGTH_FIELD_BYTES}. */
    UnsafeBuffer scratch() {
        return scratch;
    }

    /** Queues a start frame; false when no header page can be had. */
    boolean startFrame(MpaStartFrame frame) {
        final int n = frame.emit(scratch, 0);
        if (!reserve(n)) {
            return false;
        }
        cpu.writeHeader(scratch, 0, n, headerPfn, headerAt);
        enqueue(headerPfn, headerAt, n);
        headerAt += n;
        return true;
    }

    /**
     * Queues one FPDU whose DDP header ({@code ddpHeaderBytes}) the caller wrote into
     * {@link #scratch()} at offset 2, carrying {@code length} payload bytes from {@code from} of
     * {@code payload} (borrowed: each piece queued takes a reference of its own). False when no
     * header page can be had.
     */
    boolean fpdu(int ddpHeaderBytes, FragList payload, long from, int length) {
        final int ulpdu = ddpHeaderBytes + length;
        if (ulpdu > MpaFraming.MAX_ULPDU_BYTES) {
            throw new IllegalArgumentException("ULPDU of " + ulpdu + " bytes does not fit MPA's length field");
        }
        final int pad = MpaFraming.padBytes(ulpdu);
        final int front = MpaFraming.LENGTH_FIELD_BYTES + ddpHeaderBytes;
        final int trailer = pad + MpaFraming.CRC_BYTES;
        if (!reserve(front + trailer)) {
            return false;
        }
        final int at = headerAt;
        scratch.putShort(0, (short) ulpdu, ByteOrder.BIG_ENDIAN);
        cpu.writeHeader(scratch, 0, front, headerPfn, at);
        fpdu.clear();
        fpdu.add(headerPfn, at, front);
        if (length > 0) {
            payload.slice(from, length, fpdu);
        }
        if (pad > 0) {
            scratch.setMemory(0, pad, (byte) 0);
            cpu.writeHeader(scratch, 0, pad, headerPfn, at + front);
            fpdu.add(headerPfn, at + front, pad);
        }
        final int crc = crcUnit.crc32c(fpdu, 0, fpdu.totalBytes());
        scratch.setMemory(0, pad, (byte) 0);
        scratch.putInt(pad, crc, ByteOrder.BIG_ENDIAN);
        cpu.writeHeader(scratch, 0, trailer, headerPfn, at + front);
        for (int i = 0; i < fpdu.count(); i++) {
            if (i == fpdu.count() - 1 && pad > 0) {
                break; // the pad goes out with the CRC, as one trailer
            }
            enqueue(fpdu.pfn(i), fpdu.offset(i), fpdu.length(i));
        }
        enqueue(headerPfn, at + front, trailer);
        headerAt = at + front + trailer;
        fpdus++;
        return true;
    }

    private boolean reserve(int bytes) {
        if (headerPfn != HostMemory.NO_PAGE && headerAt + bytes <= HostMemory.PAGE_SIZE) {
            return true;
        }
        if (headerPfn != HostMemory.NO_PAGE) {
            memory.release(headerPfn);
        }
        headerPfn = headerPool.allocate();
        headerAt = 0;
        return headerPfn != HostMemory.NO_PAGE;
    }

    private void enqueue(int pfn, int offset, int length) {
        memory.retain(pfn);
        if (head < queue.count() && queue.extendLast(pfn, offset, length)) {
            memory.release(pfn);
        } else {
            queue.add(pfn, offset, length);
        }
        queuedBytes += length;
    }

    /**
     * Hands queued fragments to the stream while it takes them; returns the bytes it took. A
     * fragment longer than the stream's whole send buffer (a page of payload never fits a buffer
     * of 2 KiB) goes in parts, one each time the buffer has drained, each part with a page
     * reference of its own.
     */
    long flush() {
        long sent = 0;
        while (head < queue.count()) {
            final int pfn = queue.pfn(head);
            final int offset = queue.offset(head) + headSent;
            final int length = queue.length(head) - headSent;
            if (out.send(pfn, offset, length)) {
                sent += length;
                queuedBytes -= length;
                head++;
                headSent = 0;
                continue;
            }
            final int part = (int) Math.min(length, out.oversizedRoomBytes());
            if (part <= 0 || part == length) {
                break; // no room, or refused for another reason than room
            }
            memory.retain(pfn); // the part's reference; the writer keeps its own for the rest
            if (!out.send(pfn, offset, part)) {
                memory.release(pfn);
                break;
            }
            sent += part;
            queuedBytes -= part;
            headSent += part;
        }
        if (head == queue.count()) {
            queue.clear();
            head = 0;
        } else if (head >= 256) {
            compact();
        }
        return sent;
    }

    private void compact() {
        final FragList rest = new FragList(queue.count() - head);
        for (int i = head; i < queue.count(); i++) {
            final int skip = i == head ? headSent : 0;
            rest.add(queue.pfn(i), queue.offset(i) + skip, queue.length(i) - skip);
        }
        headSent = 0;
        queue.clear();
        queue.addAll(rest);
        head = 0;
    }

    /** Bytes queued and not yet taken by the stream. */
    long queuedBytes() {
        return queuedBytes;
    }

    long fpdus() {
        return fpdus;
    }

    /** Gives back every reference still held (queued fragments, the header page). */
    void release() {
        for (int i = head; i < queue.count(); i++) {
            memory.release(queue.pfn(i));
        }
        queue.clear();
        head = 0;
        headSent = 0;
        queuedBytes = 0;
        if (headerPfn != HostMemory.NO_PAGE) {
            memory.release(headerPfn);
            headerPfn = HostMemory.NO_PAGE;
        }
    }
}
