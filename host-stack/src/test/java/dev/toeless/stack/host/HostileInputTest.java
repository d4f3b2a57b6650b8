package dev.toeless.stack.host;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.EthernetRepr;
import dev.toeless.nic.wire.FrameParser;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.ParseStatus;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.nic.wire.TransportChecksum;
import dev.toeless.nic.wire.TcpHeader;
import dev.toeless.nic.wire.TcpOptions;
import dev.toeless.nic.wire.TcpRepr;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random mutations of valid frames (TCP to a listener and to an open connection, ARP, ping,
 * IPv6) fed to a host's NIC during a live transfer: nothing throws, the transfer's bytes stay
 * exact, and every page comes home.
 */
class HostileInputTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int PORT = 5001;

    @Test
    void mutatedFramesAreDroppedOrAnsweredNeverAnException() {
        final long seed = 77;
        System.out.println("HostileInputTest seed " + seed + " (replay: change seed here)");
        final SimRandom random = new SimRandom(seed);
        final TwoHosts net = new TwoHosts(seed);
        final TcpListener listener = net.b.tcp().listenV4(PORT, 16);
        final TcpSocket client = net.a.tcp().connectV4(TwoHosts.IP_B, PORT);
        final TcpSocket server = net.accept(listener::accept, SECOND);
        final List<byte[]> templates = templates(net, client.localPort());
        final byte[] data = new byte[4 << 20];
        random.nextBytes(data);
        final StreamCheck up = new StreamCheck(data).between(client, server);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
        final FrameParser parser = new FrameParser();
        final ParsedFrame parsed = new ParsedFrame();
        final int[] injected = new int[1];
        assertThat(net.runUntil(up::done, () -> {
            up.step();
            if (injected[0] < 20_000) {
                final byte[] t = templates.get(random.nextInt(templates.size()));
                frame.putBytes(0, t);
                final int mutations = 1 + random.nextInt(4);
                for (int m = 0; m < mutations; m++) {
                    final int at = 14 + random.nextInt(t.length - 14);
                    frame.putByte(at, (byte) random.nextInt(256));
                }
                final int length = random.chance(0.1) ? 14 + random.nextInt(t.length - 14) : t.length;
                if (random.chance(0.5) && parser.parse(frame, 0, length, parsed) == ParseStatus.OK
                    && TransportChecksum.checksumFieldOffset(parsed.ipProtocol()) >= 0) {
                    // a checksum that matches the damage, so the mutation reaches TCP itself
                    TransportChecksum.fill(frame, parsed.l3Offset(), parsed.isIpv6(), parsed.ipProtocol(),
                        parsed.l4Offset(), parsed.l4Length());
                }
                net.b.frameIn().onFrame(net.scheduler.nowNs(), frame, 0, length);
                injected[0]++;
            }
        }, 60 * SECOND)).isTrue();
        assertThat(up.mismatch()).isNull();
        System.out.println("HostileInputTest injected " + injected[0] + "; b: " + net.b.ip().counters());
        net.closeAndCheckNoLeaks(client::close, server::close, listener::close);
    }

    private static List<byte[]> templates(TwoHosts net, int clientPort) {
        final List<byte[]> out = new ArrayList<>();
        final long macA = net.a.config().mac();
        final long macB = net.b.config().mac();
        final UnsafeBuffer b = new UnsafeBuffer(new byte[2048]);
        final TcpOptions synOptions = new TcpOptions(1460, 7, true, true, 1, 0, List.of());
        int n = Frames.tcpV4(b, 0, macB, macA, EthernetRepr.NO_VLAN, TwoHosts.IP_A, TwoHosts.IP_B,
            new TcpRepr(40_000, PORT, 1000, 0, TcpHeader.SYN, 65535, 0, synOptions), new byte[0]);
        out.add(copy(b, n));
        n = Frames.tcpV4(b, 0, macB, macA, EthernetRepr.NO_VLAN, TwoHosts.IP_A, TwoHosts.IP_B,
            new TcpRepr(clientPort, PORT, 5, 5, TcpHeader.ACK | TcpHeader.PSH, 1000, 0,
                new TcpOptions(-1, -1, false, true, 5, 5, List.of(new TcpOptions.SackBlock(10, 20)))), new byte[700]);
        out.add(copy(b, n));
        n = Frames.tcpV6(b, 0, macB, macA, EthernetRepr.NO_VLAN, TwoHosts.IP6_A, TwoHosts.IP6_B,
            new TcpRepr(40_001, PORT, 1000, 0, TcpHeader.SYN, 65535, 0, synOptions), new byte[0]);
        out.add(copy(b, n));
        n = Frames.udpV4(b, 0, macB, macA, TwoHosts.IP_A, TwoHosts.IP_B, 1, 2, new byte[40]);
        out.add(copy(b, n));
        return out;
    }

    private static byte[] copy(UnsafeBuffer b, int n) {
        final byte[] bytes = new byte[n];
        b.getBytes(0, bytes);
        return bytes;
    }
}
