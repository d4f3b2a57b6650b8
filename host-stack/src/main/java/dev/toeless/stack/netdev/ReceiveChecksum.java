package dev.toeless.stack.netdev;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TransportChecksum;

/**
 * The host CPU's one receive checksum: verifies a received packet's transport checksum when the
 * device did not ({@link ChecksumStatus#NONE}), the pseudo-header and transport header from the
 * packet's header bytes and the payload through {@link CpuTouch}, so every payload byte summed is
 * a counted touch. A device verdict ({@link ChecksumStatus#GOOD}, {@link ChecksumStatus#BAD}) is
 * taken as it is. The IPv4 header checksum is the parser's to verify.
 */
public final class ReceiveChecksum {
    private final CpuTouch cpu;

    public ReceiveChecksum(CpuTouch cpu) {
        this.cpu = cpu;
    }

    /** True when the packet's transport checksum is right, or the device said so, or it has none. */
    public boolean ok(RxPacket rx) {
        if (rx.checksum() != ChecksumStatus.NONE) {
            return rx.checksum() == ChecksumStatus.GOOD;
        }
        final ParsedFrame f = rx.parsed();
        if (TransportChecksum.checksumFieldOffset(f.ipProtocol()) < 0) {
            return true;
        }
        final int inHeader = f.isTcp() && rx.fragments().count() > 0 ? f.l4HeaderLength() : f.l4Length();
        if (f.l4Offset() + inHeader > rx.headerLength()) {
            return false;
        }
        long sum = TransportChecksum.pseudoHeaderSum(rx.header(), f.l3Offset(), f.isIpv6(), f.ipProtocol(), f.l4Length());
        sum = InternetChecksum.sum(rx.header(), f.l4Offset(), inHeader, sum);
        int streamOffset = inHeader;
        for (int i = 0; i < rx.fragments().count(); i++) {
            final long piece = cpu.checksum(rx.fragments().pfn(i), rx.fragments().offset(i), rx.fragments().length(i), 0);
            sum = InternetChecksum.sumAt(piece, streamOffset, sum);
            streamOffset += rx.fragments().length(i);
        }
        return InternetChecksum.verifies(sum);
    }
}
