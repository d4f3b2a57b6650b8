package dev.toeless.nic.pcap;

/**
 * One captured frame: its timestamp in nanoseconds, the captured bytes, and the frame's length
 * on the wire (larger than {@code data.length} when the capture cut it).
 */
public record PcapRecord(long timeNs, byte[] data, int originalLength) {
    public boolean isCut() {
        return originalLength > data.length;
    }
}
