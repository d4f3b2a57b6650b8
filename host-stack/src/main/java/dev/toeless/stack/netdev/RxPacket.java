package dev.toeless.stack.netdev;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.ParsedFrame;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One received packet as a device hands it to the IP layer: the header bytes (for TCP up to the
 * payload; for every other packet the whole frame) copied into a buffer this object owns, the
 * TCP payload as page fragments, the device's {@link RxChecksum} verdict, and the frame as the
 * device's {@link FrameParser} found it. The parse's offsets count from the start of the frame,
 * which is also offset 0 of {@link #header()}; its option view and buffer are valid for the
 * {@link RxHandler#receive} call only.
 *
 * <p>Ownership: each fragment is one page reference that passes to the handler with the packet;
 * the packet object is borrowed for the call.
 */
public final class RxPacket {
    public static final int HEADER_CAPACITY = TxPacket.HEADER_CAPACITY;
    public static final int MAX_FRAGMENTS = 16;

    private final UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_CAPACITY]);
    private final ParsedFrame parsed = new ParsedFrame();
    private final int[] pfns = new int[MAX_FRAGMENTS];
    private final int[] offsets = new int[MAX_FRAGMENTS];
    private final int[] lengths = new int[MAX_FRAGMENTS];
    private int headerLength;
    private int fragments;
    private RxChecksum checksum = RxChecksum.NONE;

    /** Empties the packet for the device to fill. */
    public RxPacket clear() {
        headerLength = 0;
        fragments = 0;
        checksum = RxChecksum.NONE;
        return this;
    }

    public UnsafeBuffer header() {
        return header;
    }

    public int headerLength() {
        return headerLength;
    }

    public RxPacket headerLength(int bytes) {
        headerLength = bytes;
        return this;
    }

    /** The device's parse of the frame; offsets relative to the frame start. */
    public ParsedFrame parsed() {
        return parsed;
    }

    public RxChecksum checksum() {
        return checksum;
    }

    public RxPacket checksum(RxChecksum status) {
        checksum = status;
        return this;
    }

    /** Appends a fragment (one page reference); false when full. */
    public boolean addFragment(int pfn, int offset, int lengthBytes) {
        if (fragments == MAX_FRAGMENTS) {
            return false;
        }
        pfns[fragments] = pfn;
        offsets[fragments] = offset;
        lengths[fragments] = lengthBytes;
        fragments++;
        return true;
    }

    public int fragmentCount() {
        return fragments;
    }

    public int fragmentPfn(int i) {
        return pfns[i];
    }

    public int fragmentOffset(int i) {
        return offsets[i];
    }

    public int fragmentLength(int i) {
        return lengths[i];
    }

    public long payloadBytes() {
        long n = 0;
        for (int i = 0; i < fragments; i++) {
            n += lengths[i];
        }
        return n;
    }

    /** Releases every fragment (a dropped packet) and empties the list. */
    public void releaseFragments(HostMemory memory) {
        for (int i = 0; i < fragments; i++) {
            memory.release(pfns[i]);
        }
        fragments = 0;
    }

    /** Empties the list without releasing: the references were handed on. */
    public void forgetFragments() {
        fragments = 0;
    }
}
