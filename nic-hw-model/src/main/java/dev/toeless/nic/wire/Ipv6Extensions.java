package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Walks the IPv6 extension-header chain from the fixed header to the upper-layer header, one
 * reusable instance per parser (no allocation). Hop-by-hop, routing, fragment, destination
 * options and authentication headers are skipped by their length; at most
 * {@link #MAX_EXTENSION_HEADERS} are walked, so a hostile chain costs a bounded amount of work.
 *
 * <pre>
 * generic extension header (hop-by-hop, routing, destination options):
 * +---------------+---------------+-------------------------------+
 * |  Next Header  |  Hdr Ext Len  |  ...  ((Hdr Ext Len + 1) * 8 bytes in all)
 * +---------------+---------------+-------------------------------+
 * fragment header (8 bytes):
 * +---------------+---------------+-------------------------+-+-+-+
 * |  Next Header  |   Reserved    |     Fragment Offset     |Res|M|
 * +---------------+---------------+-------------------------+-+-+-+
 * |                         Identification                        |
 * +---------------+---------------+-------------------------------+
 * authentication header: length field counts 4-byte words minus 2.
 * </pre>
 * The options inside hop-by-hop and destination-options headers must tile the header exactly
 * (else {@link ParseStatus#OPTION_OVERRUN}); what they mean is left to the stack.
 */
public final class Ipv6Extensions {
    public static final int MAX_EXTENSION_HEADERS = 8;
    public static final int FRAGMENT_HEADER_LENGTH = 8;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private int upperProtocol;
    private int upperOffset;
    private int headerCount;
    private boolean fragment;
    private boolean moreFragments;
    private int fragmentOffsetBytes;
    private long fragmentId;

    /**
     * Walks from {@code firstNext} (the fixed header's next-header field) starting at
     * {@code offset}, not beyond {@code end} (the end of the IPv6 payload in the buffer).
     * Returns OK with {@link #upperProtocol()} and {@link #upperOffset()} set, or the reason.
     * A non-first fragment stops the walk with {@link ParseStatus#FRAGMENT}; a first fragment
     * walks on (its transport header is present) and sets {@link #isFragment()}.
     */
    public ParseStatus walk(DirectBuffer buffer, int offset, int end, int firstNext) {
        headerCount = 0;
        fragment = false;
        moreFragments = false;
        fragmentOffsetBytes = 0;
        fragmentId = 0;
        int next = firstNext;
        int at = offset;
        while (isExtension(next)) {
            if (headerCount == MAX_EXTENSION_HEADERS) {
                return ParseStatus.EXT_HEADER_LIMIT;
            }
            if (next == Ipv6Header.NEXT_HOP_BY_HOP && headerCount != 0) {
                return ParseStatus.EXT_HEADER_LIMIT;
            }
            if (end - at < 8) {
                return ParseStatus.TRUNCATED;
            }
            final int following = buffer.getByte(at) & 0xFF;
            final int lengthField = buffer.getByte(at + 1) & 0xFF;
            final int headerLength = switch (next) {
                case Ipv6Header.NEXT_FRAGMENT -> FRAGMENT_HEADER_LENGTH;
                case Ipv6Header.NEXT_AUTH -> (lengthField + 2) << 2;
                default -> (lengthField + 1) << 3;
            };
            if (end - at < headerLength) {
                return ParseStatus.TRUNCATED;
            }
            if ((next == Ipv6Header.NEXT_HOP_BY_HOP || next == Ipv6Header.NEXT_DEST_OPTIONS)
                && !optionsFit(buffer, at + 2, at + headerLength)) {
                return ParseStatus.OPTION_OVERRUN;
            }
            if (next == Ipv6Header.NEXT_FRAGMENT) {
                final int word = buffer.getShort(at + 2, BE) & 0xFFFF;
                fragment = true;
                fragmentOffsetBytes = word & 0xFFF8;
                moreFragments = (word & 1) != 0;
                fragmentId = buffer.getInt(at + 4, BE) & 0xFFFF_FFFFL;
            }
            headerCount++;
            at += headerLength;
            next = following;
            if (fragment && fragmentOffsetBytes != 0) {
                upperProtocol = next;
                upperOffset = at;
                return ParseStatus.FRAGMENT;
            }
        }
        upperProtocol = next;
        upperOffset = at;
        return ParseStatus.OK;
    }

    /** Hop-by-hop and destination options are TLVs (Pad1 is one byte); each must end inside its header. */
    private static boolean optionsFit(DirectBuffer buffer, int at, int end) {
        int i = at;
        while (i < end) {
            if (buffer.getByte(i) == 0) {
                i++;
                continue;
            }
            if (end - i < 2) {
                return false;
            }
            i += 2 + (buffer.getByte(i + 1) & 0xFF);
        }
        return i == end;
    }

    public static boolean isExtension(int next) {
        return next == Ipv6Header.NEXT_HOP_BY_HOP || next == Ipv6Header.NEXT_ROUTING
            || next == Ipv6Header.NEXT_FRAGMENT || next == Ipv6Header.NEXT_DEST_OPTIONS
            || next == Ipv6Header.NEXT_AUTH;
    }

    /** The next-header value after the last extension header (6 for TCP, 58 for ICMPv6...). */
    public int upperProtocol() {
        return upperProtocol;
    }

    /** Buffer offset of the upper-layer header. */
    public int upperOffset() {
        return upperOffset;
    }

    public int headerCount() {
        return headerCount;
    }

    public boolean isFragment() {
        return fragment;
    }

    public boolean moreFragments() {
        return moreFragments;
    }

    public int fragmentOffsetBytes() {
        return fragmentOffsetBytes;
    }

    public long fragmentId() {
        return fragmentId;
    }
}
