package dev.toeless.stack.toe;

import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.MacAddress;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The card's first look at every frame from the wire: a segment of a connection the card owns,
 * or a SYN for a listener on the card that finds a slot, goes to the card's TCP; a SYN the card
 * has no room for goes where the {@link CardFullPolicy} says; everything else goes up the card's
 * plain NIC path to the host stack. Neighbour answers addressed to the host's MAC (unicast ARP,
 * IPv6 neighbour advertisements) go to both, since both resolve peers on the same address;
 * broadcast and multicast go to the host only, which answers for the address.
 */
final class CardIngress implements FrameSink {
    private static final int ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;

    private final ToeFirmware card;
    private final FrameParser parser = new FrameParser();
    private final ParsedFrame parsed = new ParsedFrame();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private FrameSink hostPath = (nowNs, frame, offset, length) -> { };

    CardIngress(ToeFirmware card) {
        this.card = card;
    }

    void hostPath(FrameSink sink) {
        this.hostPath = sink;
    }

    @Override
    public void onFrame(long nowNs, DirectBuffer frame, int offset, int length) {
        view.wrap(frame, offset, length);
        if (parser.parse(view, 0, length, parsed) != ParseStatus.OK) {
            hostPath.onFrame(nowNs, frame, offset, length); // the host path counts the drop
            return;
        }
        if (!parsed.isTcp()) {
            final boolean unicast = !MacAddress.isMulticast(parsed.dstMac());
            final boolean neighbourAnswer = parsed.l3() == ParsedFrame.L3.ARP
                || parsed.l4() == ParsedFrame.L4.ICMPV6 && parsed.icmpType() == ICMPV6_NEIGHBOR_ADVERTISEMENT;
            if (unicast && neighbourAnswer) {
                card.wirePort().onFrame(nowNs, frame, offset, length);
            }
            hostPath.onFrame(nowNs, frame, offset, length);
            return;
        }
        if (card.uploadsInFlight() && card.inUpload(parsed.isIpv6(), parsed.srcHigh(),
            parsed.isIpv6() ? parsed.srcLow() : parsed.srcV4() & 0xFFFF_FFFFL, parsed.srcPort(), parsed.dstPort())) {
            card.counters().uploadFramesDropped++; // on its way to the host stack, which must not reset it
            return;
        }
        if (owned() != null) {
            card.counters().framesToCard++;
            card.wirePort().onFrame(nowNs, frame, offset, length);
            return;
        }
        final TcpListener listener = listener();
        final int flags = parsed.tcpFlags() & (TcpHeader.SYN | TcpHeader.ACK | TcpHeader.RST);
        if (listener != null && flags == TcpHeader.SYN) {
            open(nowNs, listener, frame, offset, length);
            return;
        }
        if (listener != null && flags == TcpHeader.ACK && card.config().synCookies()) {
            card.wirePort().onFrame(nowNs, frame, offset, length); // may complete a SYN-cookie handshake
            return;
        }
        card.counters().framesToHost++;
        hostPath.onFrame(nowNs, frame, offset, length);
    }

    /** A SYN for a card listener: on the card if it has room, else as the policy says. */
    private void open(long nowNs, TcpListener listener, DirectBuffer frame, int offset, int length) {
        final boolean v6 = parsed.isIpv6();
        final boolean queueFull = listener.halfOpen() >= listener.backlog() && !card.config().synCookies();
        if (!queueFull && !card.hasRoom(v6) && card.config().policy() == CardFullPolicy.UPLOAD) {
            card.makeRoom(v6);
        }
        if (card.hasRoom(v6) && !queueFull) {
            card.counters().framesToCard++;
            card.wirePort().onFrame(nowNs, frame, offset, length);
            final TcpSocket s = owned();
            if (s != null && card.connection(s) == null && card.admit(s, v6) == null) {
                s.abort(); // cannot happen after hasRoom; never keep a connection without a slot
            }
            return;
        }
        switch (card.config().policy()) {
            case FALLBACK, UPLOAD -> {
                card.counters().synsFellBack++;
                card.counters().framesToHost++;
                hostPath.onFrame(nowNs, frame, offset, length);
            }
            case REFUSE -> {
                card.counters().synsRefused++;
                card.ip().resetFor(nowNs, parsed, parsed.payloadLength());
            }
        }
    }

    private TcpSocket owned() {
        return parsed.isIpv6()
            ? card.tcp().findV6(parsed.dstHigh(), parsed.dstLow(), parsed.dstPort(), parsed.srcHigh(), parsed.srcLow(),
                parsed.srcPort())
            : card.tcp().findV4(parsed.dstV4(), parsed.dstPort(), parsed.srcV4(), parsed.srcPort());
    }

    private TcpListener listener() {
        final boolean v6 = parsed.isIpv6();
        for (ToeFirmware.CardListener l : card.listeners()) {
            if (l.ipv6() == v6 && l.port() == parsed.dstPort()) {
                return l.listener();
            }
        }
        return null;
    }
}
