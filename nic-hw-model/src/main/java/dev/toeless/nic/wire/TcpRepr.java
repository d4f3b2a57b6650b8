package dev.toeless.nic.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A TCP header as a value: ports, unsigned sequence numbers, flags, window and options.
 * {@link #emit} writes a zero checksum; {@link TransportChecksum} fills it once the payload and
 * the IP header are in place.
 */
public record TcpRepr(int srcPort, int dstPort, long seq, long ack, int flags, int window, int urgentPointer,
                      TcpOptions options) {
    public TcpRepr {
        options = options == null ? TcpOptions.NONE : options;
        if ((srcPort & ~0xFFFF) != 0 || (dstPort & ~0xFFFF) != 0 || (window & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("port or window out of range");
        }
        seq &= 0xFFFF_FFFFL;
        ack &= 0xFFFF_FFFFL;
    }

    public int headerLength() {
        return TcpHeader.MIN_HEADER_LENGTH + options.bufferLength();
    }

    public int bufferLength() {
        return headerLength();
    }

    /**
     * Validates and reads a TCP header from {@code buffer[offset, offset+length)} (the whole
     * segment): data offset within the segment and every option within the header.
     */
    public static Parsed<TcpRepr> parse(DirectBuffer buffer, int offset, int length) {
        if (length < TcpHeader.MIN_HEADER_LENGTH) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        final TcpHeader h = new TcpHeader().wrap(buffer, offset, length);
        final int hl = h.headerLength();
        if (hl < TcpHeader.MIN_HEADER_LENGTH) {
            return Parsed.error(ParseStatus.BAD_DATA_OFFSET);
        }
        if (hl > length) {
            return Parsed.error(ParseStatus.TRUNCATED);
        }
        final TcpOptionsView view = new TcpOptionsView();
        final ParseStatus status = view.parse(buffer, offset + TcpHeader.OPTIONS_OFFSET, hl - TcpHeader.MIN_HEADER_LENGTH);
        if (status != ParseStatus.OK) {
            return Parsed.error(status);
        }
        return Parsed.ok(new TcpRepr(h.srcPort(), h.dstPort(), h.seq(), h.ack(), h.flags(), h.window(),
            h.urgentPointer(), TcpOptions.of(view)));
    }

    /** Writes the header and options with a zero checksum; returns the header length. */
    public int emit(MutableDirectBuffer buffer, int offset) {
        new TcpHeader().wrap(buffer, offset, headerLength()).srcPort(srcPort).dstPort(dstPort).seq(seq).ack(ack)
            .headerLength(headerLength()).flags(flags).window(window).checksum(0).urgentPointer(urgentPointer);
        options.emit(buffer, offset + TcpHeader.OPTIONS_OFFSET);
        return headerLength();
    }
}
