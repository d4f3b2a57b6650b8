package dev.toeless.tso;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * TX checksum completion with Linux's CHECKSUM_PARTIAL semantics: the stack leaves the folded
 * pseudo-header sum in the checksum field and tells the device {@code csum_start} (where summing
 * starts, from the frame's first byte) and {@code csum_offset} (where the field is, from
 * {@code csum_start}). The device sums {@code [csum_start, end)} and writes the complement
 * ({@link #apply}, in device memory); a device that cannot has the host CPU do it
 * ({@link #inSoftware}, Linux's {@code skb_checksum_help}): the one place where the host computes
 * a transmit checksum over payload.
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

    /**
     * Completes the checksum of a packet held as header bytes plus payload fragments, on the host
     * CPU: the header from {@code csumStart} (seed included) directly, the payload through
     * {@code cpu}, so every payload byte summed is a counted touch. Returns false for offsets
     * outside the header.
     *
     * @param payload the packet's payload fragments, borrowed for the call
     */
    public static boolean inSoftware(CpuTouch cpu, MutableDirectBuffer header, int headerLength, int csumStart,
                                     int csumOffset, FragList payload) {
        if (csumStart < 0 || csumOffset < 0 || csumStart + csumOffset + 2 > headerLength
            || headerLength > header.capacity()) {
            return false;
        }
        long sum = InternetChecksum.sum(header, csumStart, headerLength - csumStart, 0);
        int at = headerLength - csumStart;
        for (int f = 0; f < payload.count(); f++) {
            final long piece = cpu.checksum(payload.pfn(f), payload.offset(f), payload.length(f), 0);
            sum = InternetChecksum.sumAt(piece, at, sum);
            at += payload.length(f);
        }
        header.putShort(csumStart + csumOffset, (short) InternetChecksum.finish(sum), ByteOrder.BIG_ENDIAN);
        return true;
    }
}
