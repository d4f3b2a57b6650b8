package dev.toeless.stack.tap;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real kernel on the other side of a TAP device: the interface is moved into a fresh network
 * namespace with address 10.213.7.1/24, a datagram sent there to 10.213.7.2 makes the kernel ask
 * for that neighbour with an ARP request, which arrives on the TAP; the ARP reply written to the
 * TAP lets the kernel send the datagram itself. Needs root and /dev/net/tun; otherwise skipped
 * with the reason printed.
 */
class TapDeviceTest {
    private static final byte[] NS_IP = {10, (byte) 213, 7, 1};
    private static final byte[] PEER_IP = {10, (byte) 213, 7, 2};
    private static final byte[] PEER_MAC = {2, 0, 0, 0, 0, (byte) 0x99};
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ARP_REQUEST = 1;
    private static final int ARP_REPLY = 2;
    private static final int UDP = 17;
    private static final int DISCARD_PORT = 9;
    private static final int POLL_MS = 100;
    private static final int MAX_POLLS = 100;

    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[TapDevice.MAX_FRAME_BYTES]);

    private static void assumeKernelAvailable() {
        final String reason = NetNamespace.unavailableReason();
        if (reason != null) {
            System.out.println("TapDeviceTest skipped: " + reason);
        }
        assumeTrue(reason == null, reason);
    }

    @Test
    void anInterfaceNameMustFitTheKernelsFifteenBytes() {
        assertThatThrownBy(() -> TapDevice.open("a-name-far-too-long")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TapDevice.open("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInterfaceLivesExactlyAsLongAsTheDevice() throws IOException {
        assumeKernelAvailable();
        final String name;
        try (TapDevice tap = TapDevice.open("toe%d")) {
            name = tap.name();
            assertThat(name).matches("toe\\d+");
            assertThat(NetNamespace.run(List.of("ip", "link", "show", name)).exitCode()).isZero();
            assertThat(tap.read(frame, 0, 0)).as("nothing to read on a down interface").isZero();
        }
        assertThat(NetNamespace.run(List.of("ip", "link", "show", name)).exitCode()).isNotZero();
    }

    @Test
    void theKernelAsksForItsNeighbourOnTheTapAndSendsOnceAnswered() throws IOException {
        assumeKernelAvailable();
        try (NetNamespace ns = NetNamespace.create(); TapDevice tap = TapDevice.open("toe%d")) {
            ns.adopt(tap.name(), "10.213.7.1/24");
            final NetNamespace.Result sent = ns.exec("bash", "-c", "echo probe > /dev/udp/10.213.7.2/" + DISCARD_PORT);
            assertThat(sent.exitCode()).as(sent.output()).isZero();

            final int requestLength = awaitFrame(tap, this::isArpRequestForPeer);
            assertThat(requestLength).as("ARP request for 10.213.7.2 seen on " + tap.name()).isPositive();
            final byte[] nsMac = new byte[6];
            frame.getBytes(6, nsMac);
            assertThat(arpSenderIp()).containsExactly(NS_IP);

            final UnsafeBuffer reply = arpReply(nsMac);
            assertThat(tap.write(reply, 0, reply.capacity())).isTrue();
            final int datagramLength = awaitFrame(tap, this::isDatagramToPeer);
            assertThat(datagramLength).as("the datagram follows the ARP reply").isPositive();
            final int ipHeaderBytes = (frame.getByte(14) & 0x0F) * 4;
            final byte[] payload = new byte[datagramLength - 14 - ipHeaderBytes - 8];
            frame.getBytes(14 + ipHeaderBytes + 8, payload);
            assertThat(new String(payload, StandardCharsets.US_ASCII)).isEqualTo("probe\n");
            assertThat(tap.framesWritten()).isEqualTo(1);
        }
    }

    /** Reads frames until one matches, up to MAX_POLLS waits; returns its length or 0. */
    private int awaitFrame(TapDevice tap, Predicate<Integer> wanted) throws IOException {
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            final int length = tap.read(frame, 0, POLL_MS);
            if (length > 0 && wanted.test(length)) {
                return length;
            }
        }
        return 0;
    }

    private int etherType() {
        return frame.getShort(12, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    private boolean isArpRequestForPeer(int length) {
        if (length < 42 || etherType() != ETHERTYPE_ARP || (frame.getShort(20, ByteOrder.BIG_ENDIAN) & 0xFFFF) != ARP_REQUEST) {
            return false;
        }
        final byte[] target = new byte[4];
        frame.getBytes(38, target);
        return java.util.Arrays.equals(target, PEER_IP);
    }

    private byte[] arpSenderIp() {
        final byte[] ip = new byte[4];
        frame.getBytes(28, ip);
        return ip;
    }

    private boolean isDatagramToPeer(int length) {
        if (length < 42 || etherType() != ETHERTYPE_IPV4 || frame.getByte(23) != UDP) {
            return false;
        }
        final byte[] dstMac = new byte[6];
        frame.getBytes(0, dstMac);
        final int ipHeaderBytes = (frame.getByte(14) & 0x0F) * 4;
        return java.util.Arrays.equals(dstMac, PEER_MAC)
            && (frame.getShort(14 + ipHeaderBytes + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF) == DISCARD_PORT;
    }

    /**
     * <pre>
     *  0                   6                   12      14
     * | dst = ns MAC      | src = PEER_MAC    | 0x0806 |
     * | htype 1 | ptype 0x0800 | hlen 6 | plen 4 | op 2 |
     * | sha = PEER_MAC | spa = PEER_IP | tha = ns MAC | tpa = NS_IP |
     * </pre>
     */
    private static UnsafeBuffer arpReply(byte[] nsMac) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[42]);
        b.putBytes(0, nsMac);
        b.putBytes(6, PEER_MAC);
        b.putShort(12, (short) ETHERTYPE_ARP, ByteOrder.BIG_ENDIAN);
        b.putShort(14, (short) 1, ByteOrder.BIG_ENDIAN);
        b.putShort(16, (short) ETHERTYPE_IPV4, ByteOrder.BIG_ENDIAN);
        b.putByte(18, (byte) 6);
        b.putByte(19, (byte) 4);
        b.putShort(20, (short) ARP_REPLY, ByteOrder.BIG_ENDIAN);
        b.putBytes(22, PEER_MAC);
        b.putBytes(28, PEER_IP);
        b.putBytes(32, nsMac);
        b.putBytes(38, NS_IP);
        return b;
    }
}
