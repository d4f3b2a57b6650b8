package dev.toeless.stack.driver;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.wire.TransportChecksum;
import org.agrona.DirectBuffer;

/**
 * The host CPU's receive checksum for a NIC without rx-checksum: the IPv4 header and pseudo-header
 * from the header view, the payload through {@link CpuTouch}, so every payload byte summed is a
 * counted touch.
 */
final class SoftwareRxChecksum {
    private static final int UDP_CHECKSUM_OFFSET = 6;

    private final CpuTouch cpu;

    SoftwareRxChecksum(CpuTouch cpu) {
        this.cpu = cpu;
    }

    ChecksumStatus verify(RxPacket packet) {
        final PacketHeaders h = packet.headers();
        if (!h.valid()) {
            return ChecksumStatus.NONE;
        }
        final DirectBuffer header = packet.header();
        final int l3 = h.l3Offset();
        final int l4 = h.l4Offset();
        if (!h.ipv6() && !InternetChecksum.verifies(InternetChecksum.sum(header, l3, l4 - l3, 0))) {
            return ChecksumStatus.BAD;
        }
        final FragList frags = packet.fragments();
        final int l4Length = h.l4HeaderLength() + (int) frags.totalBytes();
        if (h.protocol() == PacketHeaders.PROTOCOL_UDP && header.getShort(l4 + UDP_CHECKSUM_OFFSET) == 0) {
            return h.ipv6() ? ChecksumStatus.BAD : ChecksumStatus.GOOD;
        }
        long sum = TransportChecksum.pseudoHeaderSum(header, l3, h.ipv6(), h.protocol(), l4Length);
        sum = InternetChecksum.sum(header, l4, h.l4HeaderLength(), sum);
        int at = h.l4HeaderLength();
        for (int i = 0; i < frags.count(); i++) {
            final long piece = cpu.checksum(frags.pfn(i), frags.offset(i), frags.length(i), 0);
            sum = InternetChecksum.sumAt(piece, at, sum);
            at += frags.length(i);
        }
        return InternetChecksum.verifies(sum) ? ChecksumStatus.GOOD : ChecksumStatus.BAD;
    }
}
