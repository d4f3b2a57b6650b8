package dev.toeless.stack.driver;

import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.ring.RxCompletionDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One received packet as the driver hands it to the stack, reused from packet to packet: the
 * protocol headers (copied out of the header buffer, counted as header bytes, never payload), the
 * payload as page fragments each carrying one page reference, the checksum verdict, the RSS hash
 * and flags ({@code RxCompletionDescriptor.FLAG_*} plus {@link #FLAG_GRO}).
 *
 * <p>The header view starts at the Ethernet header. Offsets of the IP and TCP headers are found
 * by the stack's own parsing ({@link #headers()} gives the driver's reading).
 */
public final class RxPacket {
    /** Several segments were merged into this packet by software GRO. */
    public static final int FLAG_GRO = 0x100;
    /** Largest header the driver accepts from a header buffer. */
    public static final int MAX_HEADER_BYTES = 256;

    private final UnsafeBuffer header = new UnsafeBuffer(new byte[MAX_HEADER_BYTES]);
    private final FragList fragments = new FragList(20);
    private final PacketHeaders headers = new PacketHeaders();
    private int headerLength;
    private ChecksumStatus checksum = ChecksumStatus.NONE;
    private int rssHash;
    private int hashType;
    private int flags;
    private int segments;

    void reset() {
        headerLength = 0;
        fragments.clear();
        checksum = ChecksumStatus.NONE;
        rssHash = 0;
        hashType = 0;
        flags = 0;
        segments = 1;
    }

    /** The header bytes, {@code [0, headerLength())}. */
    public DirectBuffer header() {
        return header;
    }

    MutableDirectBuffer mutableHeader() {
        return header;
    }

    public int headerLength() {
        return headerLength;
    }

    void headerLength(int length) {
        headerLength = length;
    }

    /** The payload fragments (read-only use; see {@link #takeFragments}). */
    public FragList fragments() {
        return fragments;
    }

    FragList mutableFragments() {
        return fragments;
    }

    public long payloadLength() {
        return fragments.totalBytes();
    }

    public ChecksumStatus checksum() {
        return checksum;
    }

    void checksum(ChecksumStatus status) {
        checksum = status;
    }

    public int rssHash() {
        return rssHash;
    }

    /** The {@code RssHashType} code. */
    public int hashType() {
        return hashType;
    }

    void hash(int hash, int type) {
        rssHash = hash;
        hashType = type;
    }

    public int flags() {
        return flags;
    }

    void flags(int f) {
        flags = f;
    }

    public boolean isSplit() {
        return (flags & RxCompletionDescriptor.FLAG_SPLIT) != 0;
    }

    /** Segments merged into this packet (1 without GRO). */
    public int segments() {
        return segments;
    }

    void segments(int n) {
        segments = n;
    }

    /** The driver's reading of the header view (valid when {@link PacketHeaders#valid()}). */
    public PacketHeaders headers() {
        return headers;
    }

    /**
     * Moves every fragment, with its page reference, to {@code dst}; the packet keeps none. Takes
     * ownership on behalf of the caller.
     */
    public void takeFragments(FragList dst) {
        for (int i = 0; i < fragments.count(); i++) {
            dst.add(fragments.pfn(i), fragments.offset(i), fragments.length(i));
        }
        fragments.clear();
    }

    /** Releases the references nobody took. */
    void releaseRemaining(HostMemory memory) {
        fragments.releaseAll(memory);
    }
}
