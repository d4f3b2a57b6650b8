package dev.toeless.stack.toe;

import dev.toeless.nic.card.CardMac;
import dev.toeless.nic.link.FrameOutput;
import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.wire.EthernetHeader;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.stack.netdev.DeviceFeatures;
import dev.toeless.stack.netdev.NetDevice;
import dev.toeless.stack.netdev.RxHandler;
import dev.toeless.stack.netdev.RxPacket;
import dev.toeless.stack.netdev.TxPacket;
import dev.toeless.stack.netdev.TxStatus;
import dev.toeless.tso.TxChecksum;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The card firmware's wire port, the card's IP layer's device: the firmware half over the card's
 * {@link CardMac}, in card memory. Receive: the MAC writes the whole frame into one card page; the
 * firmware copies the headers out of it (counted as header bytes on the card's CPU through
 * {@link CpuTouch#copyHeader}) and the TCP payload stays in the page as one fragment; checksums are
 * left to the card's stack ({@link ChecksumStatus#NONE}). Transmit: a checksum the stack left
 * partial is completed in software on the card's CPU, then the MAC gathers header and fragments
 * onto the wire; completion is immediate, so the fragments are released before {@link #transmit}
 * returns.
 *
 * <p>Every refusal is a counted drop. One owner, one thread.
 */
final class CardWirePort implements NetDevice, FrameSink {
    private final HostMemory memory;
    private final CpuTouch cpu;
    private final CardMac mac;
    private final long macAddress;
    private final int mtuBytes;
    private final FrameParser parser = new FrameParser();
    private final RxPacket rx = new RxPacket();
    private final UnsafeBuffer wireView = new UnsafeBuffer(new byte[0]);
    private RxHandler handler;

    private long rxFrames;
    private long rxDropNoPage;
    private long rxDropTooLong;
    private long rxDropNoHandler;
    private long txFrames;
    private long txDropTooLong;
    private long txDropWire;

    /** @param rxPool card pages the port receives into; each received frame takes one */
    CardWirePort(HostMemory cardMemory, CpuTouch cpu, PagePool rxPool, long macAddress, int mtuBytes) {
        this.memory = cardMemory;
        this.cpu = cpu;
        this.mac = new CardMac(cardMemory, rxPool);
        this.macAddress = macAddress;
        this.mtuBytes = mtuBytes;
    }

    /** Where transmitted frames go. */
    void output(FrameOutput output) {
        mac.output(output);
    }

    @Override
    public long macAddress() {
        return macAddress;
    }

    @Override
    public int mtuBytes() {
        return mtuBytes;
    }

    @Override
    public DeviceFeatures features() {
        return DeviceFeatures.NONE;
    }

    @Override
    public void attach(RxHandler rxHandler) {
        this.handler = rxHandler;
    }

    /** A frame from the wire, lent for the call. */
    @Override
    public void onFrame(long nowNs, DirectBuffer frame, int offset, int length) {
        rxFrames++;
        if (handler == null) {
            rxDropNoHandler++;
            return;
        }
        if (length > HostMemory.PAGE_SIZE || length < EthernetHeader.HEADER_LENGTH) {
            rxDropTooLong++;
            return;
        }
        final int pfn = mac.receive(frame, offset, length);
        if (pfn == HostMemory.NO_PAGE) {
            rxDropNoPage++;
            return;
        }
        wireView.wrap(frame, offset, length);
        final ParsedFrame parsed = rx.clear().parsed();
        final ParseStatus status = parser.parse(wireView, 0, length, parsed);
        final boolean tcpPayload = status == ParseStatus.OK && parsed.isTcp() && parsed.payloadLength() > 0;
        final int headerLength = tcpPayload ? parsed.payloadOffset() : Math.min(length, RxPacket.HEADER_CAPACITY);
        cpu.copyHeader(pfn, 0, headerLength, rx.header(), 0);
        rx.headerLength(headerLength);
        if (tcpPayload) {
            rx.addFragment(pfn, parsed.payloadOffset(), parsed.payloadLength());
        } else {
            memory.release(pfn);
        }
        handler.receive(nowNs, rx);
    }

    @Override
    public TxStatus transmit(long nowNs, TxPacket packet) {
        final int length = packet.lengthBytes();
        if (length > mtuBytes + EthernetHeader.VLAN_HEADER_LENGTH || length > CardMac.MAX_FRAME_BYTES) {
            txDropTooLong++;
            packet.releaseFragments(memory);
            return TxStatus.MALFORMED;
        }
        if (packet.checksumStart() >= 0 && !TxChecksum.inSoftware(cpu, packet.header(), packet.headerLength(),
            packet.checksumStart(), packet.checksumOffset(), packet.fragments())) {
            txDropTooLong++;
            packet.releaseFragments(memory);
            return TxStatus.MALFORMED;
        }
        final boolean sent = mac.send(packet.header(), packet.headerLength(), packet.fragments());
        packet.releaseFragments(memory);
        if (!sent) {
            txDropWire++;
            return TxStatus.REFUSED;
        }
        txFrames++;
        return TxStatus.SENT;
    }

    /** The port's parser, with its per-status counts. */
    FrameParser parser() {
        return parser;
    }

    long rxFrames() {
        return rxFrames;
    }

    long rxDropNoPage() {
        return rxDropNoPage;
    }

    long rxDropTooLong() {
        return rxDropTooLong;
    }

    long rxDropNoHandler() {
        return rxDropNoHandler;
    }

    long txFrames() {
        return txFrames;
    }

    long txDropTooLong() {
        return txDropTooLong;
    }

    long txDropWire() {
        return txDropWire;
    }
}
