package dev.toeless.tso;

import dev.toeless.nic.csum.InternetChecksum;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * TX checksum offload with Linux's CHECKSUM_PARTIAL semantics: the stack leaves the folded
 * pseudo-header sum in the checksum field and tells the device {@code csum_start} (where summing
 * starts, from the frame's first byte) and {@code csum_offset} (where the field is, from
 * {@code csum_start}). The device sums {@code [csum_start, end)} and writes the complement.
 */
public final class TxChecksum {
    private TxChecksum() {
    }

    /** Completes the checksum of a frame in device memory. Returns false for offsets outside it. */
    public static boolean apply(MutableDirectBuffer frame, int frameLength, int csumStart, int csumOffset) {
        if (csumStart < 0 || csumOffset < 0 || csumStart + csumOffset + 2 > frameLength
            || frameLength > frame.capacity()) {
            return false;
        }
        final long sum = InternetChecksum.sum(frame, csumStart, frameLength - csumStart, 0);
        frame.putShort(csumStart + csumOffset, (short) InternetChecksum.finish(sum), ByteOrder.BIG_ENDIAN);
        return true;
    }
}
