package dev.toeless.stack.netdev;

import dev.toeless.nic.mem.HostMemory;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One packet to transmit: its header bytes (Ethernet, IP, transport; for control packets such
 * as ARP or ICMP the whole packet) in a small heap buffer owned by this object, and its payload
 * as page fragments in {@link HostMemory}. Mutable and reused: the IP layer keeps a pool of them.
 *
 * <p>Offload requests, honoured only by a device that announces them in {@link DeviceFeatures}:
 * {@link #gsoSizeBytes()} (TSO: cut the payload into segments of this many bytes; 0 for none)
 * and {@link #checksumStart()} / {@link #checksumOffset()} (fill the 16-bit one's-complement sum
 * of the bytes from {@code checksumStart} to the end, pseudo-header sum already in the field, at
 * {@code checksumStart + checksumOffset}; -1 for none), as Linux's {@code CHECKSUM_PARTIAL}.
 *
 * <p>Ownership: each fragment stands for one page reference held by whoever holds the packet;
 * {@link NetDevice#transmit} takes them, {@link #releaseFragments} gives them back.
 */
public final class TxPacket {
    /** Room for headers, or for a whole control packet of a 1500-byte MTU. */
    public static final int HEADER_CAPACITY = 2048;
    /** The most payload fragments one packet carries. */
    public static final int MAX_FRAGMENTS = 64;

    private final UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_CAPACITY]);
    private final int[] pfns = new int[MAX_FRAGMENTS];
    private final int[] offsets = new int[MAX_FRAGMENTS];
    private final int[] lengths = new int[MAX_FRAGMENTS];
    private int headerLength;
    private int fragments;
    private long payloadBytes;
    private int gsoSizeBytes;
    private int checksumStart = -1;
    private int checksumOffset = -1;

    /** Empties the packet; its fragments must already be handed on or released. */
    public TxPacket clear() {
        headerLength = 0;
        fragments = 0;
        payloadBytes = 0;
        gsoSizeBytes = 0;
        checksumStart = -1;
        checksumOffset = -1;
        return this;
    }

    /** The header buffer: write the headers at offset 0, then set {@link #headerLength(int)}. */
    public UnsafeBuffer header() {
        return header;
    }

    public int headerLength() {
        return headerLength;
    }

    public TxPacket headerLength(int bytes) {
        if (bytes < 0 || bytes > HEADER_CAPACITY) {
            throw new IllegalArgumentException("header length " + bytes);
        }
        headerLength = bytes;
        return this;
    }

    /** Appends a fragment, taking one reference to {@code pfn}; false (nothing taken) when full. */
    public boolean addFragment(int pfn, int offset, int lengthBytes) {
        if (fragments == MAX_FRAGMENTS) {
            return false;
        }
        pfns[fragments] = pfn;
        offsets[fragments] = offset;
        lengths[fragments] = lengthBytes;
        fragments++;
        payloadBytes += lengthBytes;
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
        return payloadBytes;
    }

    /** Header plus payload bytes: the frame length without padding. */
    public int lengthBytes() {
        return (int) (headerLength + payloadBytes);
    }

    public int gsoSizeBytes() {
        return gsoSizeBytes;
    }

    public TxPacket gsoSizeBytes(int bytes) {
        gsoSizeBytes = bytes;
        return this;
    }

    public int checksumStart() {
        return checksumStart;
    }

    public int checksumOffset() {
        return checksumOffset;
    }

    public TxPacket checksum(int start, int offset) {
        checksumStart = start;
        checksumOffset = offset;
        return this;
    }

    /** Releases every fragment's reference and empties the fragment list. */
    public void releaseFragments(HostMemory memory) {
        for (int i = 0; i < fragments; i++) {
            memory.release(pfns[i]);
        }
        fragments = 0;
        payloadBytes = 0;
    }

    /** Empties the fragment list without releasing: the references were handed on. */
    public void forgetFragments() {
        fragments = 0;
        payloadBytes = 0;
    }
}
