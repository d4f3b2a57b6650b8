package dev.toeless.stack.netdev;

import dev.toeless.nic.link.FrameSink;
import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.SendStatus;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.wire.EthernetHeader;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.tso.TxChecksum;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A plain software NIC without offloads, connecting a host to a {@link Link.Port} or any other
 * {@link FrameOutput} (a TAP device). Receive: the whole frame is written by the device's DMA
 * into one page of its RX {@link PagePool}; the host copies the headers out of that page (counted
 * as header bytes through {@link CpuTouch#copyHeader}) and the TCP payload stays in the page as
 * one fragment; checksums are left to the stack ({@link ChecksumStatus#NONE}). Transmit: the device
 * reads the header bytes and each payload fragment from host memory with its DMA into a frame
 * buffer and puts the frame on the wire (a packet without payload fragments goes out of its
 * header buffer as it is, padded to the minimum frame length); completion is immediate, so the fragments are released
 * before {@link #transmit} returns.
 *
 * <p>Every refusal is a counted drop. One owner, one thread.
 */
public final class SoftNic implements NetDevice, FrameSink {
    private static final int MAX_FRAME_BYTES = 65_535 + EthernetHeader.VLAN_HEADER_LENGTH;

    private final HostMemory memory;
    private final CpuTouch cpu;
    private final DmaEngine dma;
    private final PagePool rxPool;
    private final long mac;
    private final int mtuBytes;
    private final FrameParser parser = new FrameParser();
    private final RxPacket rx = new RxPacket();
    private final UnsafeBuffer wireView = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer txFrame = new UnsafeBuffer(new byte[MAX_FRAME_BYTES]);
    private FrameOutput output;
    private RxHandler handler;

    private long rxFrames;
    private long rxDropNoPage;
    private long rxDropTooLong;
    private long rxDropNoHandler;
    private long txFrames;
    private long txBytes;
    private long txDropTooLong;
    private long txDropWire;

    /**
     * @param rxPool pages the device receives into; each received frame takes one
     * @param output where transmitted frames go (may be set later with {@link #output(FrameOutput)})
     */
    public SoftNic(HostMemory memory, CpuTouch cpu, PagePool rxPool, long mac, int mtuBytes, FrameOutput output) {
        this.memory = memory;
        this.cpu = cpu;
        this.dma = new DmaEngine(memory);
        this.rxPool = rxPool;
        this.mac = mac;
        this.mtuBytes = mtuBytes;
        this.output = output;
    }

    /** Connects this NIC to {@code port}: frames sent go out of it, frames arriving come in. */
    public SoftNic plugInto(Link.Port port) {
        this.output = (frame, offset, length) -> port.send(frame, offset, length) == SendStatus.ACCEPTED;
        port.attach(this);
        return this;
    }

    public SoftNic output(FrameOutput newOutput) {
        this.output = newOutput;
        return this;
    }

    @Override
    public long macAddress() {
        return mac;
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
        final int pfn = rxPool.allocate();
        if (pfn == HostMemory.NO_PAGE) {
            rxDropNoPage++;
            return;
        }
        dma.toHost(frame, offset, length, HostMemory.address(pfn, 0));
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
        if (length > mtuBytes + EthernetHeader.VLAN_HEADER_LENGTH || length > MAX_FRAME_BYTES) {
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
        int at = packet.headerLength();
        final MutableDirectBuffer frame;
        if (packet.fragments().count() == 0) {
            frame = packet.header(); // nothing to gather: the header buffer is the whole frame
        } else {
            frame = txFrame;
            txFrame.putBytes(0, packet.header(), 0, at);
            for (int i = 0; i < packet.fragments().count(); i++) {
                final int n = packet.fragments().length(i);
                dma.fromHost(HostMemory.address(packet.fragments().pfn(i), packet.fragments().offset(i)), n, txFrame, at);
                at += n;
            }
            packet.releaseFragments(memory);
        }
        if (at < EthernetHeader.MIN_FRAME_LENGTH) {
            frame.setMemory(at, EthernetHeader.MIN_FRAME_LENGTH - at, (byte) 0);
            at = EthernetHeader.MIN_FRAME_LENGTH;
        }
        if (output == null || !output.send(frame, 0, at)) {
            txDropWire++;
            return TxStatus.REFUSED;
        }
        txFrames++;
        txBytes += at;
        return TxStatus.SENT;
    }

    /** The device's parser, with its per-status counts. */
    public FrameParser parser() {
        return parser;
    }

    public DmaEngine dma() {
        return dma;
    }

    public long rxFrames() {
        return rxFrames;
    }

    public long rxDropNoPage() {
        return rxDropNoPage;
    }

    public long rxDropTooLong() {
        return rxDropTooLong;
    }

    public long rxDropNoHandler() {
        return rxDropNoHandler;
    }

    public long txFrames() {
        return txFrames;
    }

    public long txBytes() {
        return txBytes;
    }

    public long txDropTooLong() {
        return txDropTooLong;
    }

    public long txDropWire() {
        return txDropWire;
    }
}
