package dev.toeless.stack.driver;

import dev.toeless.nic.device.Nic;
import dev.toeless.nic.feature.OffloadFeatures;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.ring.ChecksumStatus;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.stack.netdev.DeviceFeatures;
import dev.toeless.stack.netdev.NetDevice;
import dev.toeless.stack.netdev.RxChecksum;
import dev.toeless.stack.netdev.RxHandler;
import dev.toeless.stack.netdev.RxPacket;
import dev.toeless.stack.netdev.TxPacket;
import dev.toeless.stack.netdev.TxStatus;
import dev.toeless.tso.SuperSegment;

/**
 * The modeled offload NIC, through its {@link NicDriver}, as the IP layer's {@link NetDevice}.
 *
 * <p>Receive: a TCP packet keeps its payload where the NIC put it: the fragments' page references
 * move on to the IP layer, and the headers the NIC split off are parsed alone
 * ({@link FrameParser#parseSplit}). Any other frame (ARP, ICMP, neighbour discovery) is small
 * control traffic: its bytes are gathered into the packet's header buffer through
 * {@link CpuTouch#copyHeader} (counted as header bytes) so the control plane can read it whole.
 *
 * <p>Transmit: a TCP packet goes to {@link DriverTx#sendSuperSegment}, which uses TSO, checksum
 * offload or software segmentation as the NIC's current offloads allow; anything else is sent as a
 * complete frame. {@link #transmit} takes the packet's page references in every outcome.
 */
public final class NicNetDevice implements NetDevice, PacketReceiver {
    private static final int QUEUE = 0;
    /** Room left for headers in a 64 KiB super-segment. */
    private static final int MAX_HEADER_BYTES = NicDriver.HEADER_BUFFER_BYTES;

    private final long mac;
    private final int mtuBytes;
    private final HostMemory memory;
    private final CpuTouch cpu;
    private final FrameParser parser = new FrameParser(); // verifies the IPv4 header checksum in every mode
    private final RxPacket rx = new RxPacket();
    private final PacketHeaders txHeaders = new PacketHeaders();
    private NicDriver driver;
    private RxHandler handler;
    private long rxMalformed;
    private long rxTooLong;
    private long txBusy;
    private long txMalformed;

    public NicNetDevice(long mac, int mtuBytes, CpuTouch cpu) {
        this.mac = mac;
        this.mtuBytes = mtuBytes;
        this.cpu = cpu;
        this.memory = cpu.memory();
    }

    /** Binds the driver (built with this device as its packet receiver). */
    public NicNetDevice bind(NicDriver nicDriver) {
        this.driver = nicDriver;
        return this;
    }

    public NicDriver driver() {
        return driver;
    }

    public Nic nic() {
        return driver.nic();
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
        final OffloadFeatures f = driver.nic().features();
        return new DeviceFeatures(f.txChecksum(), f.rxChecksum(), f.tso(), f.tso() ? SuperSegment.MAX_BYTES - MAX_HEADER_BYTES : 0);
    }

    @Override
    public void attach(RxHandler rxHandler) {
        this.handler = rxHandler;
    }

    // ---------------------------------------------------------------- receive

    @Override
    public void onPacket(dev.toeless.stack.driver.RxPacket p, long nowNs) {
        if (handler == null) {
            return; // the driver releases what nobody took
        }
        rx.clear();
        final int headerLength = p.headerLength();
        final PacketHeaders h = p.headers();
        final ParseStatus status;
        if (h.valid() && h.isTcp() && headerLength <= RxPacket.HEADER_CAPACITY) {
            rx.header().putBytes(0, p.header(), 0, headerLength);
            rx.headerLength(headerLength);
            if (p.fragments().count() > RxPacket.MAX_FRAGMENTS) {
                rxTooLong++;
                return; // the driver releases them
            }
            p.takeFragments(rx.fragments()); // the references move on, untouched
            if (p.segments() > 1) {
                rx.gsoSizeBytes((int) ((rx.payloadBytes() + p.segments() - 1) / p.segments()));
            }
            status = parser.parseSplit(rx.header(), 0, headerLength, (int) rx.payloadBytes(), rx.parsed());
        } else {
            final long total = headerLength + p.payloadLength();
            if (total > RxPacket.HEADER_CAPACITY) {
                rxTooLong++;
                return;
            }
            rx.header().putBytes(0, p.header(), 0, headerLength);
            int at = headerLength;
            final FragList in = p.fragments();
            for (int i = 0; i < in.count(); i++) {
                cpu.copyHeader(in.pfn(i), in.offset(i), in.length(i), rx.header(), at);
                at += in.length(i);
            }
            rx.headerLength(at);
            status = parser.parse(rx.header(), 0, at, rx.parsed());
        }
        if (status != ParseStatus.OK) {
            rxMalformed++; // the IP layer drops it and counts the reason
        }
        rx.checksum(checksum(p.checksum()));
        handler.receive(nowNs, rx);
    }

    private static RxChecksum checksum(ChecksumStatus status) {
        return switch (status) {
            case GOOD -> RxChecksum.GOOD;
            case BAD -> RxChecksum.BAD;
            case NONE -> RxChecksum.NONE;
        };
    }

    // ---------------------------------------------------------------- transmit

    @Override
    public TxStatus transmit(long nowNs, TxPacket packet) {
        final int headerLength = packet.headerLength();
        final DriverTx.Status status;
        if (txHeaders.parse(packet.header(), headerLength) && txHeaders.isTcp()) {
            final long payload = packet.payloadBytes();
            final int mss = packet.gsoSizeBytes() > 0 ? packet.gsoSizeBytes() : (int) Math.max(1, payload);
            status = driver.tx().sendSuperSegment(QUEUE, packet.header(), headerLength, txHeaders.l3Offset(),
                txHeaders.l4Offset(), txHeaders.ipv6(), mss, packet.fragments(), nowNs);
            if (status == DriverTx.Status.QUEUED) {
                packet.forgetFragments(); // the driver took the references
            }
        } else if (packet.fragmentCount() == 0) {
            status = driver.tx().sendFrame(QUEUE, packet.header(), headerLength, nowNs);
        } else {
            status = DriverTx.Status.MALFORMED;
        }
        if (status == DriverTx.Status.QUEUED) {
            return TxStatus.SENT;
        }
        if (status == DriverTx.Status.BUSY) {
            txBusy++;
        } else {
            txMalformed++;
        }
        packet.releaseFragments(memory);
        return TxStatus.DROPPED;
    }

    public long rxMalformed() {
        return rxMalformed;
    }

    public long rxTooLong() {
        return rxTooLong;
    }

    public long txBusy() {
        return txBusy;
    }

    public long txMalformed() {
        return txMalformed;
    }
}
