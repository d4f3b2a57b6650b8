package dev.toeless.stack.netdev;

import dev.toeless.nic.mem.FragList;
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
    public static final int MAX_FRAGMENTS = 64;

    private final UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_CAPACITY]);
    private final ParsedFrame parsed = new ParsedFrame();
    private final FragList fragments = new FragList(MAX_FRAGMENTS);
    private int headerLength;
    private RxChecksum checksum = RxChecksum.NONE;
    private int gsoSizeBytes;

    /** Empties the packet for the device to fill. */
    public RxPacket clear() {
        headerLength = 0;
        fragments.clear();
        checksum = RxChecksum.NONE;
        gsoSizeBytes = 0;
        return this;
    }

    /**
     * For a packet GRO merged from several wire segments: the size of one of them (what TCP counts
     * per segment for its ACK rules); 0 for a packet that is one wire segment.
     */
    public int gsoSizeBytes() {
        return gsoSizeBytes;
    }

    public RxPacket gsoSizeBytes(int bytes) {
        this.gsoSizeBytes = bytes;
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

    /** Appends a fragment, taking one reference to {@code pfn}; false (nothing taken) when full. */
    public boolean addFragment(int pfn, int offset, int lengthBytes) {
        if (fragments.count() == MAX_FRAGMENTS) {
            return false;
        }
        fragments.add(pfn, offset, lengthBytes);
        return true;
    }

    /** The payload fragments, one page reference each (see the class comment for who owns them). */
    public FragList fragments() {
        return fragments;
    }

    public int fragmentCount() {
        return fragments.count();
    }

    public int fragmentPfn(int i) {
        return fragments.pfn(i);
    }

    public int fragmentOffset(int i) {
        return fragments.offset(i);
    }

    public int fragmentLength(int i) {
        return fragments.length(i);
    }

    public long payloadBytes() {
        return fragments.totalBytes();
    }

    /** Releases every fragment (a dropped packet) and empties the list. */
    public void releaseFragments(HostMemory memory) {
        fragments.releaseAll(memory);
    }

    /** Empties the list without releasing: the references were handed on. */
    public void forgetFragments() {
        fragments.clear();
    }
}
