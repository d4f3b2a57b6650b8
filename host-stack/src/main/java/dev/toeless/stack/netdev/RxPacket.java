package dev.toeless.stack.netdev;

import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.ParsedFrame;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One received packet, from the device's receive path to the IP layer, reused from packet to
 * packet: the header bytes (for TCP up to the payload; for every other packet the whole frame)
 * copied into a buffer this object owns, the TCP payload as page fragments, the device's
 * {@link ChecksumStatus} verdict, the RSS hash, flags, and the frame as the device's
 * {@link FrameParser} found it, parsed once. The parse's offsets count from the start of the
 * frame, which is also offset 0 of {@link #header()}; its option view and buffer are valid for
 * the {@link RxHandler#receive} call only.
 *
 * <p>Ownership: each fragment is one page reference that passes to the handler with the packet;
 * the packet object is borrowed for the call. A handler that keeps the payload moves the
 * references out ({@link #forgetFragments} after handing them on); whatever it leaves is
 * released by the device when the call returns.
 */
public final class RxPacket {
    public static final int HEADER_CAPACITY = TxPacket.HEADER_CAPACITY;
    public static final int MAX_FRAGMENTS = 64;
    /** Several wire segments were merged into this packet by software GRO. */
    public static final int FLAG_GRO = 0x100;

    private final UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_CAPACITY]);
    private final ParsedFrame parsed = new ParsedFrame();
    private final FragList fragments = new FragList(MAX_FRAGMENTS);
    private int headerLength;
    private ChecksumStatus checksum = ChecksumStatus.NONE;
    private int rssHash;
    private int hashType;
    private int flags;
    private int segments = 1;

    /** Empties the packet for the device to fill. */
    public RxPacket clear() {
        headerLength = 0;
        fragments.clear();
        checksum = ChecksumStatus.NONE;
        rssHash = 0;
        hashType = 0;
        flags = 0;
        segments = 1;
        return this;
    }

    /**
     * For a packet GRO merged from several wire segments: the size of one of them (what TCP counts
     * per segment for its ACK rules); 0 for a packet that is one wire segment.
     */
    public int gsoSizeBytes() {
        return segments > 1 ? (int) ((fragments.totalBytes() + segments - 1) / segments) : 0;
    }

    /** Wire segments merged into this packet (1 without GRO). */
    public int segments() {
        return segments;
    }

    public RxPacket segments(int n) {
        segments = n;
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

    public ChecksumStatus checksum() {
        return checksum;
    }

    public RxPacket checksum(ChecksumStatus status) {
        checksum = status;
        return this;
    }

    public int rssHash() {
        return rssHash;
    }

    /** The {@code RssHashType} code. */
    public int hashType() {
        return hashType;
    }

    public RxPacket hash(int hash, int type) {
        rssHash = hash;
        hashType = type;
        return this;
    }

    /** {@code RxCompletionDescriptor.FLAG_*} as the NIC set them, plus {@link #FLAG_GRO}. */
    public int flags() {
        return flags;
    }

    public RxPacket flags(int f) {
        flags = f;
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

    public long payloadBytes() {
        return fragments.totalBytes();
    }

    /** Moves every fragment, with its page reference, to {@code dst}; the packet keeps none. */
    public void takeFragments(FragList dst) {
        for (int i = 0; i < fragments.count(); i++) {
            dst.add(fragments.pfn(i), fragments.offset(i), fragments.length(i));
        }
        fragments.clear();
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
