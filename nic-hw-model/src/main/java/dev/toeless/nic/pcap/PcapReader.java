package dev.toeless.nic.pcap;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads classic pcap files in either byte order, with micro- or nanosecond timestamps. A file
 * that is not pcap is reported as a {@link PcapFormatException}; a file cut short in the middle
 * of its last record, or a record header whose length is not plausible (negative, or above
 * 1 MiB, as a cut or overwritten file shows), ends the stream and is counted in
 * {@link #truncatedRecords()}: the records before it are still good, the ones after cannot be
 * found.
 */
public final class PcapReader implements AutoCloseable {
    private static final int MAX_RECORD = 1 << 20;

    private final DataInputStream in;
    private final ByteOrder order;
    private final boolean nanos;
    private final int linkType;
    private final int snapLength;
    private final ByteBuffer recordHeader = ByteBuffer.allocate(16);
    private long truncatedRecords;

    public PcapReader(InputStream stream) throws IOException {
        this.in = new DataInputStream(stream);
        final byte[] head = new byte[24];
        try {
            in.readFully(head);
        } catch (EOFException e) {
            throw new PcapFormatException("file is shorter than a pcap header (24 bytes)", 0);
        }
        final ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = h.getInt(0);
        switch (magic) {
            case 0xA1B2C3D4 -> { order = ByteOrder.LITTLE_ENDIAN; nanos = false; }
            case 0xA1B23C4D -> { order = ByteOrder.LITTLE_ENDIAN; nanos = true; }
            case 0xD4C3B2A1 -> { order = ByteOrder.BIG_ENDIAN; nanos = false; }
            case 0x4D3CB2A1 -> { order = ByteOrder.BIG_ENDIAN; nanos = true; }
            case 0x0A0D0D0A -> throw new PcapFormatException("pcapng is not supported; convert with "
                + "'editcap -F pcap IN OUT'", 0);
            default -> throw new PcapFormatException(String.format("not a pcap file (magic %08x)", magic), 0);
        }
        h.order(order);
        this.snapLength = h.getInt(16);
        this.linkType = h.getInt(20) & 0x0FFF_FFFF;
        recordHeader.order(order);
    }

    public static PcapReader open(Path path) throws IOException {
        return new PcapReader(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
    }

    public int linkType() {
        return linkType;
    }

    public int snapLength() {
        return snapLength;
    }

    /** Records cut short by the end of the file (a capture stopped mid-write). */
    public long truncatedRecords() {
        return truncatedRecords;
    }

    /** The next record, or null at the end of the file. */
    public PcapRecord next() throws IOException {
        final byte[] h = recordHeader.array();
        int got = in.readNBytes(h, 0, 16);
        if (got == 0) {
            return null;
        }
        if (got < 16) {
            truncatedRecords++;
            return null;
        }
        final long sec = recordHeader.getInt(0) & 0xFFFF_FFFFL;
        final long frac = recordHeader.getInt(4) & 0xFFFF_FFFFL;
        final int capLen = recordHeader.getInt(8);
        final int origLen = recordHeader.getInt(12);
        if (capLen < 0 || capLen > MAX_RECORD) {
            truncatedRecords++; // where the next record starts is unknown: the readable part ends here
            return null;
        }
        final byte[] data = new byte[capLen];
        got = in.readNBytes(data, 0, capLen);
        if (got < capLen) {
            truncatedRecords++;
            return null;
        }
        final long timeNs = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
        return new PcapRecord(timeNs, data, origLen);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
