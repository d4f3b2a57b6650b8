package dev.toeless.stack.tcp.isn;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class SipHash24Test {
    /** Key 00 01 .. 0f, as the paper's and the reference implementation's vectors use. */
    private static final long K0 = 0x0706050403020100L;
    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    private static long ofFirst(int length) {
        final byte[] message = new byte[64];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        return new SipHash24().hash(K0, K1, message, 0, length);
    }

    @Test
    void matchesTheReferenceVectors() {
        assertThat(ofFirst(0)).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(ofFirst(1)).isEqualTo(0x74f839c593dc67fdL);
        assertThat(ofFirst(2)).isEqualTo(0x0d6c8009d9a94f5aL);
        assertThat(ofFirst(3)).isEqualTo(0x85676696d7fb7e2dL);
        assertThat(ofFirst(4)).isEqualTo(0xcf2794e0277187b7L);
        assertThat(ofFirst(8)).isEqualTo(0x93f5f5799a932462L);
    }

    @Test
    void matchesThePaperAppendixExample() {
        assertThat(ofFirst(15)).isEqualTo(0xa129ca6149be45e5L);
    }

    @Property(tries = 200)
    void tupleHashesAreTheHashOfTheirDocumentedMessage(@ForAll long k0, @ForAll long k1,
                                                       @ForAll int localIp, @ForAll char localPort,
                                                       @ForAll int remoteIp, @ForAll char remotePort,
                                                       @ForAll int extra, @ForAll long a, @ForAll long b) {
        final SipHash24 sip = new SipHash24();
        final ByteBuffer v4 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        v4.putInt(localIp).putInt(remoteIp).putShort((short) localPort).putShort((short) remotePort).putInt(extra);
        assertThat(sip.tupleV4(k0, k1, localIp, localPort, remoteIp, remotePort, extra))
                .isEqualTo(sip.hash(k0, k1, v4.array(), 0, 16));

        final ByteBuffer v6 = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        v6.putLong(a).putLong(b).putLong(b).putLong(a)
                .putShort((short) localPort).putShort((short) remotePort).putInt(extra);
        assertThat(sip.tupleV6(k0, k1, a, b, localPort, b, a, remotePort, extra))
                .isEqualTo(sip.hash(k0, k1, v6.array(), 0, 40));
    }
}
