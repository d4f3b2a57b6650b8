package dev.toeless.nic.pcap;

import org.agrona.DirectBuffer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes classic pcap (nanosecond-resolution magic {@code a1b23c4d}, little-endian,
 * LINKTYPE_ETHERNET), which tcpdump, tshark and Wireshark read. Timestamps are virtual time.
 */
public final class PcapWriter implements AutoCloseable {
    public static final int MAGIC_NANOS = 0xA1B23C4D;
    public static final int LINKTYPE_ETHERNET = 1;

    private final OutputStream out;
    private final int snapLength;
    private final ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] frameBytes;
    private long frames;

    public PcapWriter(OutputStream out, int snapLength) throws IOException {
        this.out = out;
        this.snapLength = snapLength;
        this.frameBytes = new byte[snapLength];
        final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC_NANOS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
            .putInt(snapLength).putInt(LINKTYPE_ETHERNET);
        out.write(header.array());
    }

    /** Creates (or replaces) a pcap file. */
    public static PcapWriter create(Path path) throws IOException {
        return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), 262_144);
    }

    /** Appends one frame seen at virtual time {@code timeNs}; frames longer than the snap length are cut. */
    public void write(long timeNs, DirectBuffer frame, int offset, int length) throws IOException {
        final int captured = Math.min(length, snapLength);
        record.clear();
        record.putInt((int) (timeNs / 1_000_000_000L)).putInt((int) (timeNs % 1_000_000_000L))
            .putInt(captured).putInt(length);
        out.write(record.array(), 0, 16);
        frame.getBytes(offset, frameBytes, 0, captured);
        out.write(frameBytes, 0, captured);
        frames++;
    }

    public void write(long timeNs, byte[] frame) throws IOException {
        write(timeNs, new org.agrona.concurrent.UnsafeBuffer(frame), 0, frame.length);
    }

    public long frames() {
        return frames;
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
