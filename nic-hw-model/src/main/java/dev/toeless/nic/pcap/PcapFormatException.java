package dev.toeless.nic.pcap;

import java.io.IOException;

/** A file that is not readable pcap, with the byte offset where reading failed. */
public final class PcapFormatException extends IOException {
    private final long offset;

    public PcapFormatException(String message, long offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
