package dev.toeless.bench.packetdrill;

import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.ArpPacket;
import dev.toeless.nic.wire.ArpRepr;
import dev.toeless.nic.wire.EthernetHeader;
import dev.toeless.nic.wire.EthernetRepr;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.Parsed;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TcpOptions;
import dev.toeless.nic.wire.TcpOptionsView;
import dev.toeless.nic.wire.TcpRepr;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.tcp.TcpFlags;
import dev.toeless.stack.tcp.TcpSegment;
import dev.toeless.stack.toe.ToeConfig;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The host under test in {@code --mode toe}: a {@link Host} whose attachment is a TOE card
 * ({@link HostConfig#withToe}, {@link ToeConfig#defaults()}), built when the script first opens a
 * socket or sends a packet, with the {@code linux} profile as its TCP configuration (the card's
 * firmware runs it, with the vendor's congestion control). The script's peer is the far port of a
 * link from the card's wire port: inbound packets are Ethernet/IPv4/TCP frames sent into that
 * port (cut at the MSS, as they would cross a wire), outbound packets are the frames the card puts
 * on the wire, read back into {@link SentSegment}s; the peer answers the card's ARP requests. The
 * card picks its own initial sequence number and port: both are learned from the first segment it
 * sends, as packetdrill learns them from a kernel. Everything runs on one {@link EventScheduler}.
 */
final class ToeScriptHost extends ScriptHost {
    static final long LOCAL_MAC = 0x02_00_00_00_00_02L;
    static final long REMOTE_MAC = 0x02_00_00_00_00_01L;
    static final int LOCAL_IP = 0xC0A8_0001; // 192.168.0.1, packetdrill's local address
    static final int REMOTE_IP = 0xC0A8_0002; // packetdrill's remote address on the same /24
    static final int SCRIPT_PORT = 8080; // packetdrill's port: where it listens, and where it connects
    static final int PEER_PORT = 40_000; // the remote port of a connection the script's peer opens
    /** The wire: 100 Gbit/s, no propagation delay, so a frame's time is the time the card sent it (within ns). */
    private static final int MTU = 1500;
    private static final long WIRE_BPS = 100_000_000_000L;

    private final EventScheduler scheduler = new EventScheduler();
    private final FrameParser parser = new FrameParser();
    private final ParsedFrame parsed = new ParsedFrame();
    private Host machine;
    private Link link;
    private long iss;
    private boolean issKnown;
    private int localPort;
    private int remotePort;

    /** The host with its card, built on first use with the configuration the script's set-up left. */
    Host machine() {
        if (machine == null) {
            if (userMss > 0) {
                config.mssBytes(userMss);
            }
            // the socket's send buffer is the driver's credit toward the card: Linux's default (tcp_wmem)
            config.sendBufferBytes(LinuxDefaults.DEFAULT_SNDBUF);
            // the card's TCP hands its wire port MSS-sized segments: the card's MAC drops a longer
            // frame (it segments nothing the firmware gives it), so no super-segments on the card
            config.tsoMaxBytes(0);
            final HostConfig hc = HostConfig.of("toe", LOCAL_MAC, LOCAL_IP, null).withTcp(config.build())
                .withToe(ToeConfig.defaults());
            machine = new Host(hc, scheduler, new SimRandom(1));
            link = new Link("tun0", scheduler, new SimRandom(2), LinkConfig.ethernet(WIRE_BPS));
            machine.plugInto(link.a());
            link.b().attach(this::onWire);
        }
        return machine;
    }

    /** The card's listener on the script's port. */
    Listener listen(int backlog) {
        localPort = SCRIPT_PORT;
        remotePort = PEER_PORT;
        return machine().listenV4(SCRIPT_PORT, backlog);
    }

    /** A connection the card opens to the script's peer. */
    StreamSocket connect() {
        remotePort = SCRIPT_PORT;
        return machine().connectV4(REMOTE_IP, SCRIPT_PORT);
    }

    @Override
    long localIss() {
        return iss;
    }

    @Override
    String refuses(String line) {
        if (line.endsWith("defaults.sh") || line.startsWith("/tmp/sysctl_restore_")
            || line.startsWith("ip tcp_metrics flush") || line.startsWith("/bin/rm -f ") || line.startsWith("dd ")) {
            return null;
        }
        if (line.contains("tcp_congestion_control") || line.contains("hystart")) {
            return "the card's congestion control is the vendor's fixed " + ToeConfig.VENDOR_CC
                + "; the host's choice does not reach it";
        }
        if (line.startsWith("tc ")) {
            return "the card's frames bypass the host's qdisc: " + line;
        }
        if (line.startsWith("ethtool")) {
            return "the card segments its own sends; the host's device settings do not reach it: " + line;
        }
        if (machine != null && (line.startsWith("sysctl ") || line.contains("set_sysctls.py"))) {
            return "the card took its TCP configuration when the connection's host was built: " + line;
        }
        return null;
    }

    @Override
    String tcpInfoRefusal() {
        return "tcp_info: the card exports no TCP state over its command queue (listen, connect, accept, "
            + "send, post receive, close, abort, unlisten)";
    }

    @Override
    boolean callsSettle() {
        return true;
    }

    @Override
    void qdiscDrops(boolean drops) {
        throw ScriptStop.unsupported("the card's frames bypass the host's qdisc");
    }

    @Override
    long nextDeadlineNs() {
        return scheduler.nextDeadlineNs();
    }

    @Override
    void advanceTo(long atNs, Runnable afterEachEvent) {
        while (scheduler.nextDeadlineNs() <= atNs) {
            scheduler.runNext();
            nowNs = Math.max(nowNs, scheduler.nowNs());
            afterEachEvent.run();
        }
        scheduler.runUntil(atNs);
        nowNs = Math.max(nowNs, atNs);
    }

    @Override
    boolean acceptReady() {
        throw new IllegalStateException("the TOE socket layer asks the card's listener");
    }

    /** Sends the script's inbound segment into the card's wire port (cut at the MSS), then frees its pages. */
    @Override
    void inject(TcpSegment seg) {
        machine();
        final int total = (int) seg.payloadBytes();
        final int piece = seg.gsoSizeBytes() > 0 ? seg.gsoSizeBytes() : LinuxDefaults.MSS;
        final List<TcpOptions.SackBlock> sacks = new ArrayList<>();
        for (int i = 0; i < seg.sackBlockCount(); i++) {
            sacks.add(new TcpOptions.SackBlock(seg.sackLeft(i) & 0xFFFF_FFFFL, seg.sackRight(i) & 0xFFFF_FFFFL));
        }
        final TcpOptions options = new TcpOptions(seg.mssOption() == TcpSegment.NONE ? TcpOptionsView.NONE
            : seg.mssOption(), seg.windowScaleOption() == TcpSegment.NONE ? TcpOptionsView.NONE : seg.windowScaleOption(),
            seg.sackPermitted(), seg.hasTimestamps(), seg.hasTimestamps() ? seg.tsVal() & 0xFFFF_FFFFL : 0,
            seg.hasTimestamps() ? seg.tsEcr() & 0xFFFF_FFFFL : 0, sacks);
        if (seg.gsoSizeBytes() == 0 && 40 + options.bufferLength() + total > MTU) {
            seg.releaseFragments(memory);
            throw ScriptStop.unsupported("an inbound segment of " + total + " bytes does not fit the card's " + MTU
                + "-byte wire MTU in one frame (Linux's TUN device takes it as one packet)");
        }
        int sent = 0;
        do {
            final int n = Math.min(piece, total - sent);
            final boolean last = sent + n >= total;
            final int flags = last ? seg.flags() : seg.flags() & ~(TcpFlags.FIN | TcpFlags.PSH);
            final TcpRepr tcp = new TcpRepr(remotePort, localPort, (seg.seq() & 0xFFFF_FFFFL) + sent,
                seg.ack() & 0xFFFF_FFFFL, flags, seg.windowField() & 0xFFFF, 0, options);
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[n + 128]);
            final int length = Frames.tcpV4(frame, 0, LOCAL_MAC, REMOTE_MAC, EthernetRepr.NO_VLAN, REMOTE_IP, LOCAL_IP,
                tcp, new byte[n]);
            link.b().send(frame, 0, length);
            sent += n;
        } while (sent < total);
        seg.releaseFragments(memory);
    }

    /** A frame the card put on the wire: an ARP request is answered, a TCP segment is what the script reads. */
    private void onWire(long atNs, DirectBuffer frame, int offset, int length) {
        if (parser.parse(frame, offset, length, parsed) != ParseStatus.OK) {
            return;
        }
        if (parsed.l3() == ParsedFrame.L3.ARP) {
            answerArp(frame, parsed.l3Offset(), length - (parsed.l3Offset() - offset));
            return;
        }
        if (!parsed.isTcp()) {
            return;
        }
        final int flags = parsed.tcpFlags();
        if (!issKnown && (flags & TcpFlags.SYN) != 0) {
            iss = parsed.tcpSeq();
            issKnown = true;
            localPort = parsed.srcPort();
        }
        final SentSegment seg = SentSegment.of(atNs, flags, parsed.tcpSeq(), parsed.tcpAck(), parsed.tcpWindow(),
            parsed.payloadLength(), parsed.tcpOptions());
        observer.accept(seg);
        sent.add(seg);
    }

    private void answerArp(DirectBuffer frame, int at, int length) {
        final Parsed<ArpRepr> p = ArpRepr.parse(frame, at, length);
        if (!p.isOk() || p.value().operation() != ArpPacket.OP_REQUEST || p.value().targetIp() != REMOTE_IP) {
            return;
        }
        final ArpRepr reply = ArpRepr.reply(REMOTE_MAC, REMOTE_IP, p.value().senderMac(), p.value().senderIp());
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        int n = new EthernetRepr(p.value().senderMac(), REMOTE_MAC, EthernetRepr.NO_VLAN, EthernetHeader.TYPE_ARP)
            .emit(out, 0);
        n += reply.emit(out, n);
        link.b().send(out, 0, Math.max(n, 60));
    }
}
