package dev.toeless.tso;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The host's fallback for a NIC without TSO (Linux's software GSO): the super-segment is cut
 * into MSS-sized segments on the host, each a fresh header plus a slice of the same page
 * fragments (no payload copy), and each TCP checksum is computed by the host CPU through
 * {@link TxChecksum#inSoftware}, so every payload byte summed is counted in the touch ledger.
 */
public final class SoftwareGso {
    private static final int TCP_CHECKSUM_OFFSET = 16;
    private final CpuTouch cpu;
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[256]);
    private final FragList slice = new FragList(8);

    public SoftwareGso(CpuTouch cpu) {
        this.cpu = cpu;
    }

    /** Receives one software segment: its finished header and its payload fragments (borrowed). */
    @FunctionalInterface
    public interface Sink {
        void onSegment(DirectBuffer header, int headerLength, FragList payload);
    }

    /** Segments {@code s} whose header template is {@code template[0, s.headerLength())}. */
    public TsoResult segment(DirectBuffer template, SuperSegment s, Sink out) {
        final TsoResult r = HeaderTemplate.validate(template, s.headerLength(), s);
        if (r != TsoResult.OK) {
            return r;
        }
        if (s.headerLength() > header.capacity()) {
            return TsoResult.BAD_HEADER;
        }
        final int count = s.segmentCount();
        final long total = s.payloadBytes();
        final int headerLength = s.headerLength();
        final int l4 = s.l4Offset();
        long done = 0;
        for (int i = 0; i < count; i++) {
            final int bytes = (int) Math.min(s.gsoSizeBytes(), total - done);
            header.putBytes(0, template, 0, headerLength);
            HeaderTemplate.edit(header, s, i, count, done, bytes);
            slice.clear();
            s.payload().slice(done, bytes, slice);
            fillTcpChecksum(header, s, headerLength, l4, bytes, slice);
            out.onSegment(header, headerLength, slice);
            done += bytes;
        }
        return TsoResult.OK;
    }

    private void fillTcpChecksum(MutableDirectBuffer h, SuperSegment s, int headerLength, int l4, int bytes,
                                 FragList payload) {
        final long pseudo = HeaderTemplate.pseudoHeader(h, s, headerLength - l4 + bytes);
        h.putShort(l4 + TCP_CHECKSUM_OFFSET, (short) InternetChecksum.fold(pseudo), ByteOrder.BIG_ENDIAN);
        TxChecksum.inSoftware(cpu, h, headerLength, l4, TCP_CHECKSUM_OFFSET, payload);
    }
}
