package dev.toeless.bench.peers;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clock of a kernel-to-kernel run, read off the frames the bridge carries: it starts at the
 * sender's handshake ACK and stops at the receiver's ACK of the sender's FIN, not before (an ACK of
 * data below the FIN, a FIN from the other port, a SYN-ACK do not count).
 */
class HandshakeToFinTest {
    private static final int PORT = 5017;
    private static final int SYN = 0x02;
    private static final int FIN = 0x01;
    private static final int ACK = 0x10;

    @Test
    void runsFromTheSendersHandshakeAckToTheReceiversAckOfItsFin() {
        final KernelTiming.HandshakeToFin clock = new KernelTiming.HandshakeToFin(PORT);
        // sender 40000 -> receiver PORT; the sender's ISN 1000, so data starts at 1001
        sender(clock, 1, SYN, 1000, 0, 0, false);
        receiver(clock, 2, SYN | ACK, 7000, 1001, false);
        assertThat(clock.startNanos).as("a SYN does not start it").isZero();
        sender(clock, 3, ACK, 1001, 7001, 0, false);
        assertThat(clock.startNanos).isEqualTo(3);
        sender(clock, 4, ACK, 1001, 7001, 1460, false);
        sender(clock, 5, ACK | FIN, 2461, 7001, 1460, false);
        receiver(clock, 6, ACK, 7001, 2461, false);
        assertThat(clock.endNanos).as("an ACK of the data below the FIN").isZero();
        receiver(clock, 7, ACK, 7001, 3922, true);
        assertThat(clock.endNanos).as("over IPv6 too, once the FIN (seq 2461 + 1460 + 1) is acknowledged")
            .isEqualTo(7);
        receiver(clock, 8, ACK | FIN, 7001, 3922, false);
        assertThat(clock.endNanos).as("the first such ACK").isEqualTo(7);
        assertThat(clock.dataFrames).isEqualTo(2);
    }

    private static void sender(KernelTiming.HandshakeToFin clock, long at, int flags, int seq, int ack, int payload,
                               boolean v6) {
        final UnsafeBuffer f = frame(40000, PORT, flags, seq, ack, payload, v6);
        clock.onFrame(true, at, f, 0, f.capacity());
    }

    private static void receiver(KernelTiming.HandshakeToFin clock, long at, int flags, int seq, int ack, boolean v6) {
        final UnsafeBuffer f = frame(PORT, 40000, flags, seq, ack, 0, v6);
        clock.onFrame(false, at, f, 0, f.capacity());
    }

    /** An Ethernet frame with an IPv4 (20-byte header) or IPv6 header and a 20-byte TCP header. */
    private static UnsafeBuffer frame(int src, int dst, int flags, int seq, int ack, int payload, boolean v6) {
        final int ipHeader = v6 ? 40 : 20;
        final UnsafeBuffer f = new UnsafeBuffer(new byte[14 + ipHeader + 20 + payload]);
        f.putShort(12, (short) (v6 ? 0x86dd : 0x0800), ByteOrder.BIG_ENDIAN);
        if (v6) {
            f.putByte(14, (byte) 0x60);
            f.putShort(14 + 4, (short) (20 + payload), ByteOrder.BIG_ENDIAN);
            f.putByte(14 + 6, (byte) 6);
        } else {
            f.putByte(14, (byte) 0x45);
            f.putShort(14 + 2, (short) (20 + 20 + payload), ByteOrder.BIG_ENDIAN);
            f.putByte(14 + 9, (byte) 6);
        }
        final int tcp = 14 + ipHeader;
        f.putShort(tcp, (short) src, ByteOrder.BIG_ENDIAN);
        f.putShort(tcp + 2, (short) dst, ByteOrder.BIG_ENDIAN);
        f.putInt(tcp + 4, seq, ByteOrder.BIG_ENDIAN);
        f.putInt(tcp + 8, ack, ByteOrder.BIG_ENDIAN);
        f.putByte(tcp + 12, (byte) (5 << 4));
        f.putByte(tcp + 13, (byte) flags);
        return f;
    }
}
