package dev.toeless.stack.ddp;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The Terminate Control field that opens a TERMINATE message's payload (RFC 5040 section 4.8):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Layer | EType |  Error Code   |M|D|R|         Reserved          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * D says the offending segment's DDP header follows (we send it for every error found in a
 * parsed segment); M and R (the MPA length and a READ request header) we never send.
 *
 * @param layer       0 RDMAP, 1 DDP, 2 LLP
 * @param errorType   the error type within the layer
 * @param errorCode   the error code within the type
 * @param ddpHeader   the D bit
 */
public record TerminateControl(int layer, int errorType, int errorCode, boolean ddpHeader) {
    public static final int BYTES = 4;
    private static final int FLAG_D = 0x40;

    public static TerminateControl of(TerminateCause cause, boolean withHeader) {
        return new TerminateControl(cause.layer().code(), cause.errorType(), cause.errorCode(), withHeader);
    }

    /** The cause these fields name, or null when this firmware does not know it. */
    public TerminateCause cause() {
        return TerminateCause.of(layer, errorType, errorCode);
    }

    public int emit(MutableDirectBuffer buffer, int offset) {
        buffer.putByte(offset, (byte) ((layer << 4) | (errorType & 0xF)));
        buffer.putByte(offset + 1, (byte) errorCode);
        buffer.putByte(offset + 2, (byte) (ddpHeader ? FLAG_D : 0));
        buffer.putByte(offset + 3, (byte) 0);
        return BYTES;
    }

    public static TerminateControl parse(DirectBuffer buffer, int offset) {
        final int b0 = buffer.getByte(offset) & 0xFF;
        return new TerminateControl(b0 >> 4, b0 & 0xF, buffer.getByte(offset + 1) & 0xFF,
            (buffer.getByte(offset + 2) & FLAG_D) != 0);
    }
}
