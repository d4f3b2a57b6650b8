package dev.toeless.tso;

import dev.toeless.nic.csum.InternetChecksum;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/** Header templates (Ethernet + IPv4 or IPv6 + TCP with options) and a frame checker for tests. */
final class Templates {
    static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    static final int ETH = 14;

    private Templates() {
    }

    /** Ethernet + IPv4 (ID {@code ipId}, DF) + TCP with {@code optionWords} 32-bit words of NOP/timestamp options. */
    static UnsafeBuffer ipv4(int seq, int flags, int ipId, int optionWords) {
        final int tcpLen = 20 + 4 * optionWords;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[ETH + 20 + tcpLen]);
        ethernet(b, 0x0800);
        b.putByte(ETH, (byte) 0x45);
        b.putShort(ETH + 2, (short) (20 + tcpLen), BE);
        b.putShort(ETH + 4, (short) ipId, BE);
        b.putShort(ETH + 6, (short) 0x4000, BE);
        b.putByte(ETH + 8, (byte) 64);
        b.putByte(ETH + 9, (byte) 6);
        b.putInt(ETH + 12, 0x0A000001, BE);
        b.putInt(ETH + 16, 0x0A000002, BE);
        tcp(b, ETH + 20, seq, flags, optionWords);
        return b;
    }

    /** Ethernet + IPv6 + TCP. */
    static UnsafeBuffer ipv6(int seq, int flags, int optionWords) {
        final int tcpLen = 20 + 4 * optionWords;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[ETH + 40 + tcpLen]);
        ethernet(b, 0x86DD);
        b.putInt(ETH, 0x6000_0000, BE);
        b.putShort(ETH + 4, (short) tcpLen, BE);
        b.putByte(ETH + 6, (byte) 6);
        b.putByte(ETH + 7, (byte) 64);
        b.putLong(ETH + 8, 0xFD00_0000_0000_0001L, BE);
        b.putLong(ETH + 16, 1L, BE);
        b.putLong(ETH + 24, 0xFD00_0000_0000_0002L, BE);
        b.putLong(ETH + 32, 2L, BE);
        tcp(b, ETH + 40, seq, flags, optionWords);
        return b;
    }

    private static void ethernet(UnsafeBuffer b, int etherType) {
        b.putLong(0, 0x0200_0000_0002_0200L, BE); // dst 02:00:00:00:00:02, src starts 02:00
        b.putInt(8, 0x0000_0001, BE);
        b.putShort(12, (short) etherType, BE);
    }

    private static void tcp(UnsafeBuffer b, int l4, int seq, int flags, int optionWords) {
        b.putShort(l4, (short) 40000, BE);
        b.putShort(l4 + 2, (short) 5001, BE);
        b.putInt(l4 + 4, seq, BE);
        b.putInt(l4 + 8, 0x1000, BE);
        b.putByte(l4 + 12, (byte) ((5 + optionWords) << 4));
        b.putByte(l4 + 13, (byte) flags);
        b.putShort(l4 + 14, (short) 512, BE);
        for (int w = 0; w < optionWords; w++) {
            if (w == 0 && optionWords >= 3) {
                b.putInt(l4 + 20, 0x0101080A, BE); // NOP NOP TS(10)
            } else if (w <= 2 && optionWords >= 3) {
                b.putInt(l4 + 20 + 4 * w, 0x1234_0000 + w, BE);
            } else {
                b.putInt(l4 + 20 + 4 * w, 0x0101_0101, BE);
            }
        }
    }

    static int headerLength(DirectBuffer template) {
        return template.capacity();
    }

    /** True when the frame's IPv4 header (if any) and TCP checksums verify. */
    static boolean checksumsVerify(DirectBuffer f, int length, boolean ipv6) {
        final int l3 = ETH;
        final int l4;
        final long pseudo;
        if (ipv6) {
            l4 = l3 + 40;
            pseudo = InternetChecksum.pseudoHeaderV6(f, l3 + 8, f, l3 + 24, 6, length - l4);
        } else {
            l4 = l3 + (f.getByte(l3) & 0x0F) * 4;
            if (!InternetChecksum.verifies(InternetChecksum.sum(f, l3, l4 - l3, 0))) {
                return false;
            }
            pseudo = InternetChecksum.pseudoHeaderV4(f.getInt(l3 + 12, BE), f.getInt(l3 + 16, BE), 6, length - l4);
        }
        return InternetChecksum.verifies(InternetChecksum.sum(f, l4, length - l4, pseudo));
    }
}
