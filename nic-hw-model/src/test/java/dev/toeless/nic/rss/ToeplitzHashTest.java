package dev.toeless.nic.rss;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Microsoft's "Verifying the RSS Hash Calculation" suite, with its key
 * (6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa). The tables
 * there list the destination first; the hash input is source, destination, source port,
 * destination port.
 */
class ToeplitzHashTest {
    private final ToeplitzHash toeplitz = ToeplitzHash.microsoftKey();

    @ParameterizedTest(name = "{2}:{3} -> {0}:{1}")
    @CsvSource({
        // destination, dst port, source, src port, IPv4 only, with TCP ports
        "161.142.100.80, 1766, 66.9.149.187, 2794, 323e8fc2, 51ccc178",
        "65.69.140.83, 4739, 199.92.111.2, 14230, d718262a, c626b0ea",
        "12.22.207.184, 38024, 24.19.198.95, 12898, d2d0a5de, 5c2b394a",
        "209.142.163.6, 2217, 38.27.205.30, 48228, 82989176, afc7327f",
        "202.188.127.2, 1303, 153.39.163.191, 44251, 5d1809c5, 10e828a2",
    })
    void ipv4VerificationSuite(String dst, int dstPort, String src, int srcPort, String ipOnly, String withPorts)
        throws UnknownHostException {
        final int s = ByteBuffer.wrap(InetAddress.getByName(src).getAddress()).getInt();
        final int d = ByteBuffer.wrap(InetAddress.getByName(dst).getAddress()).getInt();
        assertThat(toeplitz.hashV4(s, d)).isEqualTo(Integer.parseUnsignedInt(ipOnly, 16));
        assertThat(toeplitz.hashV4(s, d, srcPort, dstPort)).isEqualTo(Integer.parseUnsignedInt(withPorts, 16));
    }

    @ParameterizedTest(name = "[{2}]:{3} -> [{0}]:{1}")
    @CsvSource({
        "3ffe:2501:200:3::1, 1766, 3ffe:2501:200:1fff::7, 2794, 2cc18cd5, 40207d3d",
        "ff02::1, 4739, 3ffe:501:8::260:97ff:fe40:efab, 14230, 0f0c461c, dde51bbf",
        "fe80::200:f8ff:fe21:67cf, 38024, 3ffe:1900:4545:3:200:f8ff:fe21:67cf, 44251, 4b61e985, 02d1feef",
    })
    void ipv6VerificationSuite(String dst, int dstPort, String src, int srcPort, String ipOnly, String withPorts)
        throws UnknownHostException {
        final ByteBuffer s = ByteBuffer.wrap(InetAddress.getByName(src).getAddress());
        final ByteBuffer d = ByteBuffer.wrap(InetAddress.getByName(dst).getAddress());
        final long sHi = s.getLong(0);
        final long sLo = s.getLong(8);
        final long dHi = d.getLong(0);
        final long dLo = d.getLong(8);
        assertThat(toeplitz.hashV6(sHi, sLo, dHi, dLo)).isEqualTo(Integer.parseUnsignedInt(ipOnly, 16));
        assertThat(toeplitz.hashV6(sHi, sLo, dHi, dLo, srcPort, dstPort))
            .isEqualTo(Integer.parseUnsignedInt(withPorts, 16));

        final UnsafeBuffer input = new UnsafeBuffer(new byte[36]);
        input.putBytes(0, s.array());
        input.putBytes(16, d.array());
        input.putShort(32, (short) srcPort, java.nio.ByteOrder.BIG_ENDIAN);
        input.putShort(34, (short) dstPort, java.nio.ByteOrder.BIG_ENDIAN);
        assertThat(toeplitz.hash(input, 0, 36)).isEqualTo(Integer.parseUnsignedInt(withPorts, 16));
        assertThat(toeplitz.hash(input.byteArray(), 0, 32)).isEqualTo(Integer.parseUnsignedInt(ipOnly, 16));
    }

    @Test
    void theIndirectionTableSpreadsHashesOverQueues() {
        final RssIndirectionTable reta = new RssIndirectionTable(4);
        assertThat(reta.queueFor(0x51ccc178)).isEqualTo((0x78 & 127) % 4);
        reta.set(0x78, 3);
        assertThat(reta.queueFor(0x51ccc178)).isEqualTo(3);
        assertThat(reta.queueFor(0x51ccc1f8)).isEqualTo(3); // only the low 7 bits index the table
        int[] perQueue = new int[4];
        for (int i = 0; i < RssIndirectionTable.ENTRIES; i++) {
            perQueue[new RssIndirectionTable(4).entry(i)]++;
        }
        assertThat(perQueue).containsExactly(32, 32, 32, 32);
    }
}
