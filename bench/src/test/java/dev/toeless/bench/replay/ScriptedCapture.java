package dev.toeless.bench.replay;

import dev.toeless.nic.pcap.PcapWriter;
import dev.toeless.nic.wire.EthernetRepr;
import dev.toeless.nic.wire.Frames;
import dev.toeless.nic.wire.Ipv4Address;
import dev.toeless.nic.wire.TcpRepr;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a capture of one IPv4 four-tuple, segment by segment, as a test scripts it: the client
 * 10.9.0.1:40000 sends to the server 10.9.0.2:80 ({@code up}) and the server answers ({@code down}).
 */
final class ScriptedCapture implements AutoCloseable {
    static final int SYN = 0x02;
    static final int FIN = 0x01;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final String UP = "10.9.0.1:40000 > 10.9.0.2:80";
    static final String UP_FILE = "10.9.0.1.40000_10.9.0.2.80";

    private static final int CLIENT = Ipv4Address.parse("10.9.0.1");
    private static final int SERVER = Ipv4Address.parse("10.9.0.2");
    private final PcapWriter writer;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
    private long timeNs = 1_000_000_000L;

    ScriptedCapture(Path file) throws IOException {
        this.writer = PcapWriter.create(file);
    }

    /** A segment from the client: {@code flags}, sequence number {@code seq}, {@code payload}. */
    ScriptedCapture up(int flags, long seq, String payload) throws IOException {
        return segment(true, flags, seq, payload.getBytes(StandardCharsets.US_ASCII));
    }

    /** A segment from the server. */
    ScriptedCapture down(int flags, long seq, String payload) throws IOException {
        return segment(false, flags, seq, payload.getBytes(StandardCharsets.US_ASCII));
    }

    ScriptedCapture segment(boolean up, int flags, long seq, byte[] payload) throws IOException {
        final TcpRepr tcp = new TcpRepr(up ? 40000 : 80, up ? 80 : 40000, seq & 0xFFFF_FFFFL, 1, flags | ackIf(flags),
            65535, 0, null);
        final int length = Frames.tcpV4(frame, 0, up ? 0x02_00_00_00_00_02L : 0x02_00_00_00_00_01L,
            up ? 0x02_00_00_00_00_01L : 0x02_00_00_00_00_02L, EthernetRepr.NO_VLAN, up ? CLIENT : SERVER, up ? SERVER : CLIENT, tcp,
            payload);
        writer.write(timeNs, frame, 0, length);
        timeNs += 10_000;
        return this;
    }

    /** Every segment but a bare SYN carries an ACK, as on a real wire. */
    private static int ackIf(int flags) {
        return flags == SYN ? 0 : ACK;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
