package dev.toeless.nic.ring;

import dev.toeless.nic.mem.FragList;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * RX completion: what the NIC writes into the completion ring for one received frame. It names
 * the header buffer the headers went to and up to {@value #MAX_FRAGS} payload fragments (page,
 * offset, length), and carries the checksum verdict, the RSS hash and flags. One cache line,
 * little-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+-------------------------------+
 * |   header buffer index (16)    |      header length (16)       |  0
 * +---------------+---------------+---------------+---------------+
 * |  frag count   |  csum status  |   hash type   |     flags     |  4
 * +---------------+---------------+---------------+---------------+
 * |                       RSS hash (32)                           |  8
 * +---------------+---------------+-------------------------------+
 * | closed pages  | error/segments|          VLAN TCI (16)        | 12
 * +---------------+---------------+-------------------------------+
 * |                  frag 0: page frame number (32)               | 16
 * +-------------------------------+-------------------------------+
 * |   frag 0: page offset (16)    |     frag 0: length (16)       | 20
 * +-------------------------------+-------------------------------+
 * |                  frags 1 .. 5, 8 bytes each                   | 24..63
 * +---------------------------------------------------------------+
 * </pre>
 *
 * The byte at 13 is the error code of an error completion, and the segment count of a
 * {@link #FLAG_COALESCED} completion (hardware GRO: several segments of one flow behind one header).
 * "closed pages" has bit i set when the NIC will write nothing more into fragment i's page.
 * Each fragment hands the host one page reference (see the page accumulator); an error
 * completion carries no fragments.
 */
public final class RxCompletionDescriptor {
    public static final int HEADER_INDEX_OFFSET = 0;
    public static final int HEADER_LENGTH_OFFSET = 2;
    public static final int FRAG_COUNT_OFFSET = 4;
    public static final int CSUM_STATUS_OFFSET = 5;
    public static final int HASH_TYPE_OFFSET = 6;
    public static final int FLAGS_OFFSET = 7;
    public static final int RSS_HASH_OFFSET = 8;
    public static final int CLOSED_PAGES_OFFSET = 12;
    public static final int ERROR_CODE_OFFSET = 13;
    public static final int VLAN_TCI_OFFSET = 14;
    public static final int FRAGS_OFFSET = 16;
    public static final int FRAG_LENGTH = 8;
    public static final int MAX_FRAGS = 6;
    public static final int LENGTH = FRAGS_OFFSET + MAX_FRAGS * FRAG_LENGTH;

    /** Headers went to the header buffer, payload to fragments. */
    public static final int FLAG_SPLIT = 1;
    /** The frame went whole into a page (the parser did not understand it, or split is off). */
    public static final int FLAG_UNSPLIT = 2;
    /** Payload was appended to an accumulating page. */
    public static final int FLAG_ACCUMULATED = 4;
    /** The frame carried a VLAN tag, stripped into the VLAN TCI field. */
    public static final int FLAG_VLAN = 8;
    /** An error completion: the frame was dropped, {@link #errorCode()} says why. */
    public static final int FLAG_ERROR = 16;
    /** Hardware GRO: the completion carries {@link #segments()} consecutive segments behind one header. */
    public static final int FLAG_COALESCED = 32;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private MutableDirectBuffer buffer;
    private int offset;

    public RxCompletionDescriptor wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Zeroes the descriptor (no fragments, no flags). */
    public RxCompletionDescriptor clear() {
        buffer.setMemory(offset, LENGTH, (byte) 0);
        return this;
    }

    /**
     * Writes the whole descriptor in whole-word stores: the same bytes as {@link #clear()}, the
     * field setters (no error code, no VLAN) and one {@link #addFrag} per fragment of
     * {@code frags}, in order. At most {@link #MAX_FRAGS} fragments are written, as addFrag would.
     */
    public RxCompletionDescriptor write(int headerIndex, int headerLength, ChecksumStatus csum, int hashType,
                                        int rssHash, int flags, FragList frags) {
        final int count = Math.min(frags.count(), MAX_FRAGS);
        int closed = 0;
        for (int i = 0; i < MAX_FRAGS; i++) {
            long frag = 0;
            if (i < count) {
                frag = (frags.pfn(i) & 0xFFFF_FFFFL) | (long) (frags.offset(i) & 0xFFFF) << 32
                    | (long) (frags.length(i) & 0xFFFF) << 48;
                closed |= frags.pageClosed(i) ? 1 << i : 0;
            }
            buffer.putLong(offset + FRAGS_OFFSET + i * FRAG_LENGTH, frag, ORDER);
        }
        buffer.putLong(offset + HEADER_INDEX_OFFSET, (headerIndex & 0xFFFFL) | (headerLength & 0xFFFFL) << 16
            | (long) count << 32 | (csum.code() & 0xFFL) << 40 | (hashType & 0xFFL) << 48 | (flags & 0xFFL) << 56, ORDER);
        buffer.putLong(offset + RSS_HASH_OFFSET, (rssHash & 0xFFFF_FFFFL) | (long) closed << 32, ORDER);
        return this;
    }

    public int headerBufferIndex() {
        return buffer.getShort(offset + HEADER_INDEX_OFFSET, ORDER) & 0xFFFF;
    }

    public RxCompletionDescriptor headerBufferIndex(int index) {
        buffer.putShort(offset + HEADER_INDEX_OFFSET, (short) index, ORDER);
        return this;
    }

    public int headerLength() {
        return buffer.getShort(offset + HEADER_LENGTH_OFFSET, ORDER) & 0xFFFF;
    }

    public RxCompletionDescriptor headerLength(int length) {
        buffer.putShort(offset + HEADER_LENGTH_OFFSET, (short) length, ORDER);
        return this;
    }

    /** The fragment count as written; readers must not trust more than {@link #MAX_FRAGS}. */
    public int fragCount() {
        return buffer.getByte(offset + FRAG_COUNT_OFFSET) & 0xFF;
    }

    public ChecksumStatus checksumStatus() {
        return ChecksumStatus.ofCode(buffer.getByte(offset + CSUM_STATUS_OFFSET) & 0xFF);
    }

    public RxCompletionDescriptor checksumStatus(ChecksumStatus status) {
        buffer.putByte(offset + CSUM_STATUS_OFFSET, (byte) status.code());
        return this;
    }

    /** The {@code RssHashType} code. */
    public int hashType() {
        return buffer.getByte(offset + HASH_TYPE_OFFSET) & 0xFF;
    }

    public RxCompletionDescriptor hashType(int code) {
        buffer.putByte(offset + HASH_TYPE_OFFSET, (byte) code);
        return this;
    }

    public int flags() {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    public RxCompletionDescriptor flags(int flags) {
        buffer.putByte(offset + FLAGS_OFFSET, (byte) flags);
        return this;
    }

    public boolean hasFlag(int flag) {
        return (flags() & flag) != 0;
    }

    public int rssHash() {
        return buffer.getInt(offset + RSS_HASH_OFFSET, ORDER);
    }

    public RxCompletionDescriptor rssHash(int hash) {
        buffer.putInt(offset + RSS_HASH_OFFSET, hash, ORDER);
        return this;
    }

    public int errorCode() {
        return buffer.getByte(offset + ERROR_CODE_OFFSET) & 0xFF;
    }

    public RxCompletionDescriptor errorCode(int code) {
        buffer.putByte(offset + ERROR_CODE_OFFSET, (byte) code);
        return this;
    }

    /** Wire segments behind this completion's header: more than one only for {@link #FLAG_COALESCED}. */
    public int segments() {
        return hasFlag(FLAG_COALESCED) ? Math.max(1, buffer.getByte(offset + ERROR_CODE_OFFSET) & 0xFF) : 1;
    }

    /** Sets the segment count of a {@link #FLAG_COALESCED} completion (at most 255). */
    public RxCompletionDescriptor segments(int count) {
        buffer.putByte(offset + ERROR_CODE_OFFSET, (byte) Math.min(255, count));
        return this;
    }

    public int vlanTci() {
        return buffer.getShort(offset + VLAN_TCI_OFFSET, ORDER) & 0xFFFF;
    }

    public RxCompletionDescriptor vlanTci(int tci) {
        buffer.putShort(offset + VLAN_TCI_OFFSET, (short) tci, ORDER);
        return this;
    }

    /**
     * Appends a fragment. Returns false (and writes nothing) when {@link #MAX_FRAGS} are there.
     * Takes a reference: the caller's page reference for this fragment moves into the completion,
     * and the driver that cleans the completion receives it.
     *
     * @param pageClosed the NIC will write nothing more into this page
     */
    public boolean addFrag(int pfn, int pageOffset, int lengthBytes, boolean pageClosed) {
        final int i = fragCount();
        if (i >= MAX_FRAGS) {
            return false;
        }
        final int at = offset + FRAGS_OFFSET + i * FRAG_LENGTH;
        buffer.putInt(at, pfn, ORDER);
        buffer.putShort(at + 4, (short) pageOffset, ORDER);
        buffer.putShort(at + 6, (short) lengthBytes, ORDER);
        buffer.putByte(offset + FRAG_COUNT_OFFSET, (byte) (i + 1));
        if (pageClosed) {
            buffer.putByte(offset + CLOSED_PAGES_OFFSET, (byte) (closedPages() | (1 << i)));
        }
        return true;
    }

    public int fragPfn(int i) {
        return buffer.getInt(offset + FRAGS_OFFSET + i * FRAG_LENGTH, ORDER);
    }

    public int fragOffset(int i) {
        return buffer.getShort(offset + FRAGS_OFFSET + i * FRAG_LENGTH + 4, ORDER) & 0xFFFF;
    }

    public int fragLength(int i) {
        return buffer.getShort(offset + FRAGS_OFFSET + i * FRAG_LENGTH + 6, ORDER) & 0xFFFF;
    }

    public boolean fragPageClosed(int i) {
        return (closedPages() & (1 << i)) != 0;
    }

    private int closedPages() {
        return buffer.getByte(offset + CLOSED_PAGES_OFFSET) & 0xFF;
    }

    /** Payload bytes over all fragments. */
    public int payloadLength() {
        int sum = 0;
        for (int i = 0, n = Math.min(fragCount(), MAX_FRAGS); i < n; i++) {
            sum += fragLength(i);
        }
        return sum;
    }
}
