package dev.toeless.stack.ddp;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * MPA and DDP bytes built by hand in the test, independent of the firmware's writer: what a
 * hostile or simply foreign peer puts on the stream.
 */
final class RawMpa {
    private RawMpa() {
    }

    static byte[] startFrame(MpaStartFrame frame) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[frame.bufferLength()]);
        frame.emit(b, 0);
        return b.byteArray();
    }

    /** One FPDU around {@code ulpdu}: length, ULPDU, zero pad, CRC32c (big-endian) of all that. */
    static byte[] fpdu(byte[] ulpdu) {
        final int pad = MpaFraming.padBytes(ulpdu.length);
        final byte[] out = new byte[MpaFraming.fpduBytes(ulpdu.length)];
        final UnsafeBuffer b = new UnsafeBuffer(out);
        b.putShort(0, (short) ulpdu.length, ByteOrder.BIG_ENDIAN);
        b.putBytes(2, ulpdu);
        final CRC32C crc = new CRC32C();
        crc.update(out, 0, 2 + ulpdu.length + pad);
        b.putInt(out.length - 4, (int) crc.getValue(), ByteOrder.BIG_ENDIAN);
        return out;
    }

    static byte[] taggedWrite(int stag, long to, byte[] payload) {
        final byte[] ulpdu = new byte[DdpHeader.TAGGED_BYTES + payload.length];
        final UnsafeBuffer b = new UnsafeBuffer(ulpdu);
        new DdpHeader().wrap(b, 0).putTagged(true, RdmapOpcode.WRITE, stag, to);
        b.putBytes(DdpHeader.TAGGED_BYTES, payload);
        return fpdu(ulpdu);
    }

    static byte[] send(int msn, int mo, boolean last, byte[] payload) {
        final byte[] ulpdu = new byte[DdpHeader.UNTAGGED_BYTES + payload.length];
        final UnsafeBuffer b = new UnsafeBuffer(ulpdu);
        new DdpHeader().wrap(b, 0).putUntagged(last, RdmapOpcode.SEND, 0, DdpHeader.QN_SEND, msn, mo);
        b.putBytes(DdpHeader.UNTAGGED_BYTES, payload);
        return fpdu(ulpdu);
    }

    static byte[] concat(byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Reads everything the socket has, as bytes. */
    static byte[] drain(dev.toeless.stack.socket.TcpSocket socket) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] buf = new byte[65_536];
        int n;
        while ((n = socket.read(buf, 0, buf.length)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
