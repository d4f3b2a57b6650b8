package dev.toeless.bench.peers;

import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.link.LinkFaults;
import dev.toeless.nic.pcap.PcapWriter;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.realtime.RealTimeBridge;
import dev.toeless.stack.realtime.StreamDrain;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tap.NetNamespace;
import dev.toeless.stack.tap.TapDevice;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.TcpCounters;
import dev.toeless.stack.tcp.cc.CongestionControls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One timed bulk transfer between our stack and the Linux kernel's TCP, measured in wall time: the
 * kernel runs {@code nc} in a fresh network namespace behind a TAP device, our stack (mode none: the modeled NIC with every offload off,
 * CUBIC unless told otherwise, RACK-TLP) runs on the other side of a modeled 10 Gbit/s link driven in real time by
 * {@link RealTimeBridge}. The link drops each frame with the given probability in both directions,
 * so a data segment and an ACK are lost alike whichever side sends them, and each loss is a real
 * loss to the TCP that sent the frame (unlike an {@code iptables} drop in the kernel's OUTPUT
 * chain, which its TCP sees as a local error and retries).
 *
 * <p>Timing: we send from the established connection until every byte and our FIN are acknowledged; the
 * kernel sends from the moment our listener accepts its connection until we read its end of
 * stream. The reference, {@link Direction#KERNEL_TO_KERNEL}: the kernel in one namespace sends to the
 * kernel in another, each behind its own TAP, through the same modeled link and losses
 * ({@link RealTimeBridge#betweenTaps}); timed at the bridge from the sender's handshake ACK until the
 * receiver's ACK of the sender's FIN (the receiver has everything). The bytes are checked by SHA-256 at
 * the receiver every way.
 */
public final class KernelTiming {
    static final String KERNEL_V4 = "10.213.17.1";
    static final String OURS_V4 = "10.213.17.2";
    static final String KERNEL_V6 = "fd00:213:17::1";
    static final String OURS_V6 = "fd00:213:17::2";
    private static final String KERNEL_V4_NET = "10.213.17.0/24";
    private static final String KERNEL_V6_NET = "fd00:213:17::/64";
    private static final int PORT = 5017;
    private static final long LINK_BITS_PER_SECOND = 10_000_000_000L;
    private static final int WRITE_CHUNK = 256 * 1024;

    private KernelTiming() {
    }

    /** Who sends. */
    public enum Direction {
        STACK_TO_KERNEL("stack > kernel"), KERNEL_TO_STACK("kernel > stack"),
        /** The reference: the kernel sends to a kernel through the same link, so only the receiver changes. */
        KERNEL_TO_KERNEL("kernel > kernel");

        private final String label;

        Direction(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One run's outcome; {@code seconds} is wall time, {@code counters} our end's TCP counters,
     * {@code kernelCc} the kernel's congestion control in the namespace ({@code net.ipv4.tcp_congestion_control}).
     */
    public record Run(Direction direction, boolean ipv6, long bytes, long delivered, boolean finished, double seconds,
                      String sentSha256, String receivedSha256, long linkFramesLost, long ourRetransmits,
                      long ourRtoTimeouts, long ourLossProbes, String counters, String kernelCc) {
        public boolean intact() {
            return finished && delivered == bytes && sentSha256.equals(receivedSha256);
        }

        public String family() {
            return ipv6 ? "IPv6" : "IPv4";
        }
    }

    /** Why a run cannot happen here (no root, no TAP, no ip or nc), or null. */
    public static String unavailableReason() {
        final String reason = NetNamespace.unavailableReason();
        if (reason != null) {
            return reason;
        }
        for (String tool : List.of("nc", "ss")) {
            if (!onPath(tool)) {
                return "no " + tool + " command";
            }
        }
        return null;
    }

    private static boolean onPath(String tool) {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/bin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves {@code data} once in {@code direction}.
     *
     * @param loss      probability that the link loses a frame, each direction
     * @param seed      the link's loss draws
     * @param timeoutMs wall time after which the run counts as not finished
     * @param pcap      where to record the link's frames (at the sender of each), or null
     * @param cc        our congestion control
     * @param kernelCc  the kernel's, set on its routes in the namespace (null: the kernel's default, which a
     *                  new namespace takes from the host: often {@code cubic}, {@code bbr} on some)
     * @param ourTcp    what our TCP is told beyond its defaults, MSS 1460 and {@code cc} (the probe options of
     *                  {@code peers timing}: {@link TcpConfig#probeResends()}, {@link TcpConfig#linuxProbeTimeout()},
     *                  {@link TcpConfig#probeDsackExcluded()}, {@link TcpConfig#adaptiveProbes()},
     *                  {@link TcpConfig#probeBackoff()})
     */
    public static Run run(Direction direction, boolean v6, byte[] data, double loss, long seed, long timeoutMs,
                          Path workDir, Path pcap, String cc, String kernelCc,
                          UnaryOperator<TcpConfig.Builder> ourTcp) throws IOException {
        final String sent = sha256Hex(data, data.length);
        if (direction == Direction.KERNEL_TO_KERNEL) {
            return kernelToKernel(v6, data, sent, loss, seed, timeoutMs, workDir, pcap, kernelCc);
        }
        try (NetNamespace ns = NetNamespace.create(); TapDevice tap = TapDevice.open("toe%d");
             PcapWriter writer = pcap == null ? null : PcapWriter.create(pcap)) {
            ns.adopt(tap.name(), KERNEL_V4 + "/24");
            ns.ip("addr", "add", KERNEL_V6 + "/64", "dev", tap.name(), "nodad");
            final String kernelCcUsed = kernelCongestionControl(ns, tap.name(), kernelCc);
            final EventScheduler scheduler = new EventScheduler();
            final HostConfig config = HostConfig.of("stack", 0x02_00_00_00_17_99L, Prefix.parseV4(OURS_V4),
                Ipv6Address.parse(OURS_V6)).withMemory(32_768, 8_192, 8_192)
                .withTcp(ourTcp.apply(TcpConfig.builder().mssBytes(1460)
                    .congestionControl(() -> CongestionControls.create(cc))).build());
            final SimRandom random = new SimRandom(seed);
            final Host host = new Host(config, scheduler, random.fork("host"));
            final RealTimeBridge bridge = RealTimeBridge.throughLink(tap, host, LinkConfig.ethernet(LINK_BITS_PER_SECOND),
                random.fork("link"), System::nanoTime);
            if (loss > 0) {
                bridge.link().faults(LinkFaults.builder().loss(loss).build());
            }
            if (writer != null) {
                bridge.link().tap(writer);
            }
            final Run run = direction == Direction.STACK_TO_KERNEL
                ? stackSends(ns, bridge, host, v6, data, sent, timeoutMs, workDir, kernelCcUsed)
                : kernelSends(ns, bridge, host, v6, data, sent, timeoutMs, workDir, kernelCcUsed);
            return run;
        }
    }

    private static Run stackSends(NetNamespace ns, RealTimeBridge bridge, Host host, boolean v6, byte[] data,
                                  String sent, long timeoutMs, Path workDir, String kernelCc) throws IOException {
        final Path out = Files.createTempFile(workDir, "kernel-received", ".bin");
        final Process nc = ns.start(null, out, ProcessBuilder.Redirect.DISCARD, "nc", "-l", "-d", "-N", v6 ? KERNEL_V6 : KERNEL_V4, String.valueOf(PORT));
        try {
            bridge.runUntilListening(ns, PORT);
            final long connectNanos = System.nanoTime();
            final TcpSocket socket = v6
                ? host.tcp().connectV6(Ipv6Address.parse(KERNEL_V6).high(), Ipv6Address.parse(KERNEL_V6).low(), PORT)
                : host.tcp().connectV4(Prefix.parseV4(KERNEL_V4), PORT);
            final int[] written = new int[1];
            final boolean[] shut = new boolean[1];
            // the clock starts once the connection is established, as the other direction's starts at our
            // accept: neither side's time holds the neighbour resolution and the handshake
            final long[] startNanos = new long[1];
            final long[] endNanos = new long[1];
            final boolean acked = bridge.runUntil(() -> endNanos[0] != 0, () -> {
                if (startNanos[0] == 0 && socket.isEstablished()) {
                    startNanos[0] = System.nanoTime();
                }
                if (written[0] < data.length) {
                    written[0] += socket.write(data, written[0], Math.min(data.length - written[0], WRITE_CHUNK));
                } else if (!shut[0]) {
                    shut[0] = true;
                    socket.shutdown();
                }
                if (shut[0] && socket.sendQueuedBytes() == 0 && endNanos[0] == 0) {
                    endNanos[0] = System.nanoTime();
                }
            }, timeoutMs);
            // nc exits once it has our FIN and has written everything; keep the bridge running for its FIN
            final boolean exited = acked && bridge.runUntil(() -> !nc.isAlive(), () -> {
                if (socket.isEndOfStream()) {
                    socket.close();
                }
            }, 10_000);
            final long got = Files.size(out);

            final String received = sha256Hex(out);
            final TcpCounters c = socket.connection().counters();
            final double seconds = ((acked ? endNanos[0] : System.nanoTime())
                - (startNanos[0] != 0 ? startNanos[0] : connectNanos)) / 1e9;
            return new Run(Direction.STACK_TO_KERNEL, v6, data.length, got, acked && exited, seconds, sent, received,
                linkLost(bridge), c.retransmittedSegments(), c.rtoTimeouts(), c.lossProbes(), c + bridgeCounters(bridge), kernelCc);
        } finally {
            nc.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    private static Run kernelSends(NetNamespace ns, RealTimeBridge bridge, Host host, boolean v6, byte[] data,
                                   String sent, long timeoutMs, Path workDir, String kernelCc) throws IOException {
        final Path in = Files.createTempFile(workDir, "kernel-sends", ".bin");
        Files.write(in, data);
        final TcpListener listener = v6 ? host.tcp().listenV6(PORT, 16) : host.tcp().listenV4(PORT, 16);
        final Process nc = ns.start(in, null, ProcessBuilder.Redirect.DISCARD, "nc", "-N", v6 ? OURS_V6 : OURS_V4, String.valueOf(PORT));
        try {
            final StreamDrain r = StreamDrain.of(bridge, listener, timeoutMs);
            final boolean done = r.done();
            // nc exits once our FIN is acknowledged: keep the bridge running so a lost FIN is sent again
            final boolean exited = done && bridge.runUntil(() -> !nc.isAlive(), () -> { }, 10_000);
            listener.close();
            final TcpCounters c = r.socket() instanceof TcpSocket s ? s.connection().counters() : null;
            final double seconds = r.acceptedNanos() == 0 ? 0
                : ((done ? r.endedNanos() : System.nanoTime()) - r.acceptedNanos()) / 1e9;
            return new Run(Direction.KERNEL_TO_STACK, v6, data.length, r.bytes(), done && exited, seconds, sent,
                r.sha256Hex(), linkLost(bridge),
                c == null ? 0 : c.retransmittedSegments(), c == null ? 0 : c.rtoTimeouts(),
                c == null ? 0 : c.lossProbes(), (c == null ? "" : c.toString()) + bridgeCounters(bridge), kernelCc);
        } finally {
            nc.destroyForcibly();
            Files.deleteIfExists(in);
        }
    }

    /**
     * The kernel sends {@code data} to the kernel: the sender in one namespace at our peer's usual address,
     * the receiver in another at our stack's usual address, each behind a TAP, the two TAPs joined by the
     * same modeled link with the same losses as a run against our stack.
     */
    private static Run kernelToKernel(boolean v6, byte[] data, String sent, double loss, long seed, long timeoutMs,
                                      Path workDir, Path pcap, String kernelCc) throws IOException {
        final Path in = Files.createTempFile(workDir, "kernel-sends", ".bin");
        final Path out = Files.createTempFile(workDir, "kernel-received", ".bin");
        Files.write(in, data);
        try (NetNamespace sender = NetNamespace.create(); NetNamespace receiver = NetNamespace.create();
             TapDevice tapS = TapDevice.open("toe%d"); TapDevice tapR = TapDevice.open("toe%d");
             PcapWriter writer = pcap == null ? null : PcapWriter.create(pcap)) {
            sender.adopt(tapS.name(), KERNEL_V4 + "/24");
            sender.ip("addr", "add", KERNEL_V6 + "/64", "dev", tapS.name(), "nodad");
            receiver.adopt(tapR.name(), OURS_V4 + "/24");
            receiver.ip("addr", "add", OURS_V6 + "/64", "dev", tapR.name(), "nodad");
            final String kernelCcUsed = kernelCongestionControl(sender, tapS.name(), kernelCc);
            final HandshakeToFin clock = new HandshakeToFin(PORT);
            final RealTimeBridge bridge = RealTimeBridge.betweenTaps(tapS, tapR, new EventScheduler(),
                LinkConfig.ethernet(LINK_BITS_PER_SECOND), new SimRandom(seed).fork("link"), System::nanoTime, clock);
            if (loss > 0) {
                bridge.link().faults(LinkFaults.builder().loss(loss).build());
            }
            if (writer != null) {
                bridge.link().tap(writer);
            }
            final Process nr = receiver.start(null, out, ProcessBuilder.Redirect.DISCARD, "nc", "-l", "-d", "-N",
                v6 ? OURS_V6 : OURS_V4, String.valueOf(PORT));
            Process ns = null;
            try {
                bridge.runUntilListening(receiver, PORT);
                final long startNanos = System.nanoTime();
                ns = sender.start(in, null, ProcessBuilder.Redirect.DISCARD, "nc", "-N", v6 ? OURS_V6 : OURS_V4,
                    String.valueOf(PORT));
                final Process senderNc = ns;
                final boolean ended = bridge.runUntil(() -> clock.endNanos != 0, () -> { }, timeoutMs);
                // both nc exit once the connection is closed: keep the bridge running for the last FIN and ACK
                final boolean exited = ended && bridge.runUntil(() -> !nr.isAlive() && !senderNc.isAlive(), () -> { },
                    10_000);
                final long got = Files.size(out);
                final double seconds = ((ended ? clock.endNanos : System.nanoTime())
                    - (clock.startNanos != 0 ? clock.startNanos : startNanos)) / 1e9;
                return new Run(Direction.KERNEL_TO_KERNEL, v6, data.length, got, ended && exited, seconds, sent,
                    sha256Hex(out), linkLost(bridge), 0, 0, 0, "sender's data frames " + clock.dataFrames
                    + ", the link's tap write failures " + bridge.tapWriteFailures(), kernelCcUsed);
            } finally {
                nr.destroyForcibly();
                if (ns != null) {
                    ns.destroyForcibly();
                }
            }
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }

    /**
     * The clock of a kernel-to-kernel run, read off the frames at the bridge: it starts at the sender's
     * ACK completing the handshake (the sender's connection is established) and stops at the first
     * receiver's ACK of the sender's FIN (the receiver holds every byte and the end of stream).
     */
    static final class HandshakeToFin implements RealTimeBridge.FrameWatch {
        private static final int SYN = 0x02;
        private static final int FIN = 0x01;
        private static final int ACK = 0x10;
        private final int port;
        long startNanos;
        long endNanos;
        long dataFrames;
        private boolean finSeen;
        private int finAck;

        HandshakeToFin(int port) {
            this.port = port;
        }

        @Override
        public void onFrame(boolean fromSender, long wallNs, org.agrona.DirectBuffer frame, int offset, int length) {
            if (length < 14) {
                return;
            }
            final int type = frame.getShort(offset + 12, java.nio.ByteOrder.BIG_ENDIAN) & 0xffff;
            final int ip = offset + 14;
            final int tcp;
            final int ipPayload;
            if (type == 0x0800 && length >= 34 && (frame.getByte(ip + 9) & 0xff) == 6) {
                final int ihl = (frame.getByte(ip) & 0x0f) * 4;
                tcp = ip + ihl;
                ipPayload = (frame.getShort(ip + 2, java.nio.ByteOrder.BIG_ENDIAN) & 0xffff) - ihl;
            } else if (type == 0x86dd && length >= 54 && (frame.getByte(ip + 6) & 0xff) == 6) {
                tcp = ip + 40;
                ipPayload = frame.getShort(ip + 4, java.nio.ByteOrder.BIG_ENDIAN) & 0xffff;
            } else {
                return;
            }
            if (tcp + 20 > offset + length) {
                return;
            }
            final int srcPort = frame.getShort(tcp, java.nio.ByteOrder.BIG_ENDIAN) & 0xffff;
            final int dstPort = frame.getShort(tcp + 2, java.nio.ByteOrder.BIG_ENDIAN) & 0xffff;
            final int seq = frame.getInt(tcp + 4, java.nio.ByteOrder.BIG_ENDIAN);
            final int ack = frame.getInt(tcp + 8, java.nio.ByteOrder.BIG_ENDIAN);
            final int header = ((frame.getByte(tcp + 12) & 0xff) >> 4) * 4;
            final int flags = frame.getByte(tcp + 13) & 0xff;
            final int payload = ipPayload - header;
            if (fromSender && dstPort == port) {
                if (startNanos == 0 && (flags & ACK) != 0 && (flags & SYN) == 0) {
                    startNanos = wallNs;
                }
                if (payload > 0) {
                    dataFrames++;
                }
                if ((flags & FIN) != 0) {
                    finSeen = true;
                    finAck = seq + payload + 1;
                }
            } else if (!fromSender && srcPort == port && finSeen && endNanos == 0 && (flags & ACK) != 0
                && ack == finAck) {
                endNanos = wallNs;
            }
        }
    }

    /**
     * Gives the kernel's connections to our addresses the congestion control {@code wanted} (unless
     * null) through the routes' {@code congctl} attribute (a namespace other than the first may not
     * set {@code net.ipv4.tcp_congestion_control} to an algorithm outside
     * {@code tcp_allowed_congestion_control}; a route may name any the kernel has); returns the
     * algorithm in use: {@code wanted}, or the namespace's default.
     */
    private static String kernelCongestionControl(NetNamespace ns, String tap, String wanted) throws IOException {
        if (wanted != null) {
            ns.ip("route", "replace", KERNEL_V4_NET, "dev", tap, "proto", "kernel", "scope", "link",
                "src", KERNEL_V4, "congctl", "lock", wanted);
            // the kernel's own IPv6 prefix route has metric 256: without it, "replace" adds a second route at
            // metric 1024 that no connection takes (IPv6 runs then kept the namespace's default, bbr here)
            ns.ip("-6", "route", "replace", KERNEL_V6_NET, "dev", tap, "proto", "kernel", "metric", "256",
                "congctl", "lock", wanted);
            // the route a connection to us takes, asked of the kernel, must name it
            for (String[] get : new String[][] {{"ip", "route", "get", OURS_V4}, {"ip", "-6", "route", "get", OURS_V6}}) {
                final NetNamespace.Result r = ns.exec(get);
                if (r.exitCode() != 0 || !r.output().contains("congctl lock " + wanted)) {
                    throw new IOException("the kernel's route to us does not name " + wanted + ": " + r.output().trim());
                }
            }
            return wanted;
        }
        final NetNamespace.Result r = ns.exec("sysctl", "-n", "net.ipv4.tcp_congestion_control");
        return r.exitCode() == 0 ? r.output().trim() : "unknown";
    }

    /** The bridge's own counts, for --verbose: frames read before the timers that fell due while they waited. */
    private static String bridgeCounters(RealTimeBridge bridge) {
        return " bridge{framesAheadOfTimers=" + bridge.framesAheadOfTimers() + " idleWaits=" + bridge.idleWaits() + "}";
    }

    private static long linkLost(RealTimeBridge bridge) {
        return bridge.link().aToB().counters().droppedLoss() + bridge.link().bToA().counters().droppedLoss();
    }

    static String sha256Hex(byte[] data, int length) {
        final MessageDigest d = sha256();
        d.update(data, 0, length);
        return HexFormat.of().formatHex(d.digest());
    }

    private static String sha256Hex(Path file) throws IOException {
        final MessageDigest d = sha256();
        try (var in = Files.newInputStream(file)) {
            final byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                d.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
