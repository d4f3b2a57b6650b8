package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;

/**
 * One TCP segment as the engine sees it: the header fields that matter to TCP (sequence and
 * acknowledgment numbers, flags, the window field exactly as carried on the wire, i.e. not yet
 * scaled), the parsed options, and the payload as a list of page fragments (pfn, offset, length)
 * in {@link HostMemory}. The 4-tuple and the IP layer are not part of it.
 *
 * <p>It is a mutable, reusable value: the wire codec fills one per received frame and the engine
 * fills one scratch instance per segment it emits, so the hot path allocates nothing.
 *
 * <p>Ownership of fragments: each fragment in the list stands for one page reference held by
 * whoever holds the segment. {@link TcpConnection#onSegment} takes those references (the caller
 * must not release them afterwards); a {@link SegmentSink} receiving an emitted segment takes the
 * references of its fragments and releases each once the frame has left (TX completion). The
 * header fields are borrowed for the call only. {@link #releaseFragments(HostMemory)} gives every
 * reference back and empties the list.
 */
public final class TcpSegment {
    /** Option absent. */
    public static final int NONE = -1;
    /** The most SACK blocks a segment carries (RFC 2018: four fit without timestamps). */
    public static final int MAX_SACK_BLOCKS = 4;
    /**
     * The most page fragments one emitted segment carries: as many as one packet takes
     * ({@code TxPacket.MAX_FRAGMENTS}), so a segment cut from a send queue of small, scattered
     * fragments ends there, as Linux ends an skb at its fragment limit ({@code MAX_SKB_FRAGS}, 17
     * there) and starts the next.
     */
    public static final int MAX_FRAGMENTS = 64;
    private static final int[] NO_BLOCKS = new int[0];

    private int seq;
    private int ack;
    private int flags;
    private int windowField;

    private int mssOption = NONE;
    private int windowScaleOption = NONE;
    private boolean sackPermitted;
    private boolean hasTimestamps;
    private int tsVal;
    private int tsEcr;
    private int sackBlockCount;
    /** SACK blocks as left, right pairs; created with the first block (most segments carry none). */
    private int[] sack = NO_BLOCKS;

    private int gsoSizeBytes;
    /** The payload's page fragments; their byte total is the payload length. */
    private final FragList payload = new FragList(4);

    /** Clears every field; the fragment list must already be empty or handed on. */
    public TcpSegment clear() {
        seq = 0;
        ack = 0;
        flags = 0;
        windowField = 0;
        clearOptions();
        gsoSizeBytes = 0;
        payload.clear();
        return this;
    }

    /** Clears the options only. */
    public TcpSegment clearOptions() {
        mssOption = NONE;
        windowScaleOption = NONE;
        sackPermitted = false;
        hasTimestamps = false;
        tsVal = 0;
        tsEcr = 0;
        sackBlockCount = 0;
        return this;
    }

    public TcpSegment header(int seq, int ack, int flags, int windowField) {
        this.seq = seq;
        this.ack = ack;
        this.flags = flags & 0xFF;
        this.windowField = windowField & 0xFFFF;
        return this;
    }

    public int seq() {
        return seq;
    }

    public TcpSegment seq(int seq) {
        this.seq = seq;
        return this;
    }

    public int ack() {
        return ack;
    }

    public TcpSegment ack(int ack) {
        this.ack = ack;
        return this;
    }

    public int flags() {
        return flags;
    }

    public TcpSegment flags(int flags) {
        this.flags = flags & 0xFF;
        return this;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** The 16-bit window field as on the wire (unscaled). */
    public int windowField() {
        return windowField;
    }

    public TcpSegment windowField(int windowField) {
        this.windowField = windowField & 0xFFFF;
        return this;
    }

    /** The MSS option value, or {@link #NONE}. */
    public int mssOption() {
        return mssOption;
    }

    public TcpSegment mssOption(int mssBytes) {
        this.mssOption = mssBytes;
        return this;
    }

    /** The window-scale shift count, or {@link #NONE}. */
    public int windowScaleOption() {
        return windowScaleOption;
    }

    public TcpSegment windowScaleOption(int shift) {
        this.windowScaleOption = shift;
        return this;
    }

    public boolean sackPermitted() {
        return sackPermitted;
    }

    public TcpSegment sackPermitted(boolean permitted) {
        this.sackPermitted = permitted;
        return this;
    }

    public boolean hasTimestamps() {
        return hasTimestamps;
    }

    public int tsVal() {
        return tsVal;
    }

    public int tsEcr() {
        return tsEcr;
    }

    public TcpSegment timestamps(int tsVal, int tsEcr) {
        this.hasTimestamps = true;
        this.tsVal = tsVal;
        this.tsEcr = tsEcr;
        return this;
    }

    public TcpSegment noTimestamps() {
        this.hasTimestamps = false;
        return this;
    }

    public int sackBlockCount() {
        return sackBlockCount;
    }

    public int sackLeft(int i) {
        return sack[2 * i];
    }

    public int sackRight(int i) {
        return sack[2 * i + 1];
    }

    /** The SACK blocks as left, right pairs, {@link #sackBlockCount()} of them; read only, borrowed. */
    int[] sackBlocks() {
        return sack;
    }

    /** Appends a SACK block [left, right); ignored beyond {@link #MAX_SACK_BLOCKS}. */
    public TcpSegment addSackBlock(int left, int right) {
        if (sackBlockCount < MAX_SACK_BLOCKS) {
            if (sack.length == 0) {
                sack = new int[2 * MAX_SACK_BLOCKS];
            }
            sack[2 * sackBlockCount] = left;
            sack[2 * sackBlockCount + 1] = right;
            sackBlockCount++;
        }
        return this;
    }

    public TcpSegment clearSackBlocks() {
        sackBlockCount = 0;
        return this;
    }

    /**
     * For a super-segment (TSO on send, GRO on receive): the payload bytes of each wire segment
     * it stands for; 0 for an ordinary segment.
     */
    public int gsoSizeBytes() {
        return gsoSizeBytes;
    }

    public TcpSegment gsoSizeBytes(int bytes) {
        this.gsoSizeBytes = bytes;
        return this;
    }

    public int fragmentCount() {
        return payload.count();
    }

    public int fragmentPfn(int i) {
        return payload.pfn(i);
    }

    public int fragmentOffset(int i) {
        return payload.offset(i);
    }

    public int fragmentLength(int i) {
        return payload.length(i);
    }

    /** Payload length: the sum of the fragment lengths. */
    public long payloadBytes() {
        return payload.totalBytes();
    }

    /**
     * The sequence space the segment occupies: payload plus one for SYN and one for FIN.
     */
    public long seqLength() {
        return payload.totalBytes() + ((flags & TcpFlags.SYN) != 0 ? 1 : 0) + ((flags & TcpFlags.FIN) != 0 ? 1 : 0);
    }

    /**
     * Appends a payload fragment. Takes the caller's reference to {@code pfn}: the segment's
     * holder owns it from now on.
     */
    public TcpSegment addFragment(int pfn, int offset, int lengthBytes) {
        if (lengthBytes <= 0) {
            throw new IllegalArgumentException("fragment length must be positive: " + lengthBytes);
        }
        if (offset < 0 || offset + lengthBytes > HostMemory.PAGE_SIZE) {
            throw new IllegalArgumentException("fragment outside its page: " + offset + "+" + lengthBytes);
        }
        payload.add(pfn, offset, lengthBytes);
        return this;
    }

    /**
     * Drops the first {@code bytes} of payload, releasing the reference of every fragment that
     * falls out entirely. Advances {@link #seq()} by the same amount.
     */
    public void trimFront(long bytes, HostMemory memory) {
        seq = SeqNum.add(seq, payload.dropFront(bytes, memory));
    }

    /** Drops the last {@code bytes} of payload, releasing fragments that fall out entirely. */
    public void trimBack(long bytes, HostMemory memory) {
        payload.dropBack(bytes, memory);
    }

    /** Releases the reference of every fragment and empties the list. */
    public void releaseFragments(HostMemory memory) {
        payload.releaseAll(memory);
    }

    /** Empties the fragment list without releasing: the references were handed on. */
    public void forgetFragments() {
        payload.clear();
    }

    /**
     * Copies header, options and fragment list into {@code dst} (whose list must be empty or
     * handed on). The references are not duplicated: the caller decides who owns them.
     */
    public TcpSegment copyTo(TcpSegment dst) {
        dst.header(seq, ack, flags, windowField);
        dst.mssOption = mssOption;
        dst.windowScaleOption = windowScaleOption;
        dst.sackPermitted = sackPermitted;
        dst.hasTimestamps = hasTimestamps;
        dst.tsVal = tsVal;
        dst.tsEcr = tsEcr;
        dst.sackBlockCount = 0;
        for (int i = 0; i < sackBlockCount; i++) {
            dst.addSackBlock(sack[2 * i], sack[2 * i + 1]);
        }
        dst.gsoSizeBytes = gsoSizeBytes;
        dst.payload.clear();
        dst.payload.addAll(payload);
        return dst;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("TcpSegment{")
            .append(TcpFlags.toString(flags))
            .append(" seq=").append(SeqNum.unsigned(seq))
            .append(" ack=").append(SeqNum.unsigned(ack))
            .append(" win=").append(windowField)
            .append(" len=").append(payload.totalBytes());
        if (gsoSizeBytes != 0) {
            sb.append(" gso=").append(gsoSizeBytes);
        }
        if (mssOption != NONE) {
            sb.append(" mss=").append(mssOption);
        }
        if (windowScaleOption != NONE) {
            sb.append(" ws=").append(windowScaleOption);
        }
        if (sackPermitted) {
            sb.append(" sackOK");
        }
        if (hasTimestamps) {
            sb.append(" ts=").append(SeqNum.unsigned(tsVal)).append('/').append(SeqNum.unsigned(tsEcr));
        }
        for (int i = 0; i < sackBlockCount; i++) {
            sb.append(" sack=").append(SeqNum.unsigned(sack[2 * i])).append('-').append(SeqNum.unsigned(sack[2 * i + 1]));
        }
        return sb.append('}').toString();
    }
}
