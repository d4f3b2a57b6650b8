package dev.toeless.stack.netdev;

import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.wire.Ipv4Header;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One packet to transmit: its header bytes (Ethernet, IP, transport; for control packets such
 * as ARP or ICMP the whole packet) in a small heap buffer owned by this object, and its payload
 * as page fragments in {@link HostMemory}. Mutable and reused: the IP layer keeps a pool of them.
 *
 * <p>Where the layers sit: {@link #l3Offset()}, {@link #l4Offset()}, {@link #ipv6()} and
 * {@link #ipProtocol()}, recorded by whoever wrote the IP header, so a device never re-parses
 * headers the stack just wrote (-1 for a packet that is not IP, such as ARP).
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
    private final FragList fragments = new FragList(MAX_FRAGMENTS);
    private int headerLength;
    private int gsoSizeBytes;
    private int checksumStart = -1;
    private int checksumOffset = -1;
    private int l3Offset = -1;
    private int l4Offset = -1;
    private int ipProtocol = -1;
    private boolean ipv6;

    /** Empties the packet; its fragments must already be handed on or released. */
    public TxPacket clear() {
        headerLength = 0;
        fragments.clear();
        gsoSizeBytes = 0;
        checksumStart = -1;
        checksumOffset = -1;
        l3Offset = -1;
        l4Offset = -1;
        ipProtocol = -1;
        ipv6 = false;
        return this;
    }

    /** Records where the IP and transport headers start and which transport follows. */
    public TxPacket layers(int l3, int l4, boolean v6, int protocol) {
        l3Offset = l3;
        l4Offset = l4;
        ipv6 = v6;
        ipProtocol = protocol;
        return this;
    }

    public int l3Offset() {
        return l3Offset;
    }

    public int l4Offset() {
        return l4Offset;
    }

    public boolean ipv6() {
        return ipv6;
    }

    /** IPv4 protocol or IPv6 next header of the transport; -1 for a packet that is not IP. */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** True when the headers hold IP then TCP at the recorded offsets. */
    public boolean isTcp() {
        return ipProtocol == Ipv4Header.PROTOCOL_TCP && l4Offset > l3Offset && l3Offset >= 0;
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

    /** Header plus payload bytes: the frame length without padding. */
    public int lengthBytes() {
        return (int) (headerLength + fragments.totalBytes());
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
        fragments.releaseAll(memory);
    }

    /** Empties the fragment list without releasing: the references were handed on. */
    public void forgetFragments() {
        fragments.clear();
    }
}
