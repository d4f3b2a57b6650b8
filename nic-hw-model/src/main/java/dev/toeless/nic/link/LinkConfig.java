package dev.toeless.nic.link;

/**
 * The fixed properties of one direction of a {@link Link}: speed, length, MTU and transmit queue.
 *
 * <h2>Serialization delay</h2>
 * A frame handed to the link is the Ethernet frame as software sees it: destination MAC through
 * the end of the payload, without the FCS. On the wire it occupies
 * <pre>
 *   wireBytes = max(lengthBytes, minFrameBytes) + overheadBytes
 * </pre>
 * byte times. For {@link #ethernet(long)} {@code minFrameBytes} is 60 (short frames are padded)
 * and {@code overheadBytes} is 24: FCS 4 + preamble 7 + start-of-frame delimiter 1 + inter-frame
 * gap 12. A 1514-byte frame therefore takes 1538 byte times, 12,304 ns at 1 Gb/s; a 60-byte frame
 * 84 byte times (the familiar 14.88 Mpps at 10 Gb/s). Serialization takes
 * {@code wireBytes * 8 * 1e9 / bitsPerSecond} ns; the fraction of a nanosecond left over is carried
 * to the next back-to-back frame, so a saturated link runs at exactly its rate.
 * {@link #UNLIMITED_RATE} makes serialization free (only propagation delay remains).
 *
 * <h2>MTU</h2>
 * {@code mtuBytes} is the largest L3 packet. A frame is accepted up to {@code mtuBytes + 14}
 * bytes, or {@code mtuBytes + 18} when it carries an 802.1Q tag (as Linux counts MTU).
 *
 * <h2>Transmit queue</h2>
 * Frames wait behind the one being serialized in a FIFO bounded by {@code queueLimitFrames} and
 * {@code queueLimitBytes} (frame lengths); a frame that would exceed either is tail-dropped.
 *
 * @param bitsPerSecond      line rate, or {@link #UNLIMITED_RATE}
 * @param propagationDelayNs time from the last bit leaving the sender to it reaching the receiver
 * @param mtuBytes           largest L3 packet
 * @param queueLimitFrames   frames that may wait behind the one on the wire
 * @param queueLimitBytes    bytes that may wait behind the one on the wire
 * @param minFrameBytes      frames shorter than this are padded on the wire
 * @param overheadBytes      per-frame byte times beyond the frame (FCS, preamble, gap)
 */
public record LinkConfig(long bitsPerSecond, long propagationDelayNs, int mtuBytes,
                         int queueLimitFrames, long queueLimitBytes, int minFrameBytes, int overheadBytes) {
    public static final long UNLIMITED_RATE = 0;
    public static final int ETHERNET_HEADER_BYTES = 14;
    public static final int VLAN_TAG_BYTES = 4;
    public static final int ETHERNET_MIN_FRAME_BYTES = 60;
    /** FCS 4 + preamble 7 + SFD 1 + inter-frame gap 12. */
    public static final int ETHERNET_OVERHEAD_BYTES = 24;
    public static final int DEFAULT_MTU_BYTES = 1500;
    public static final int DEFAULT_QUEUE_LIMIT_FRAMES = 1000;
    /** The largest frame the link can carry at all, whatever the MTU (64 KiB MTU of a PCI link plus a tagged header). */
    public static final int MAX_MTU_BYTES = 65_535;

    public LinkConfig {
        if (bitsPerSecond < 0) {
            throw new IllegalArgumentException("bitsPerSecond must be >= 0: " + bitsPerSecond);
        }
        if (propagationDelayNs < 0) {
            throw new IllegalArgumentException("propagationDelayNs must be >= 0: " + propagationDelayNs);
        }
        if (mtuBytes < 68 || mtuBytes > MAX_MTU_BYTES) {
            throw new IllegalArgumentException("mtuBytes must be 68.." + MAX_MTU_BYTES + ": " + mtuBytes);
        }
        if (queueLimitFrames < 0 || queueLimitBytes < 0) {
            throw new IllegalArgumentException("queue limits must be >= 0");
        }
        if (minFrameBytes < 0 || overheadBytes < 0) {
            throw new IllegalArgumentException("minFrameBytes and overheadBytes must be >= 0");
        }
    }

    /** An Ethernet link at {@code bitsPerSecond}, no propagation delay, MTU 1500, a 1000-frame queue. */
    public static LinkConfig ethernet(long bitsPerSecond) {
        return new LinkConfig(bitsPerSecond, 0, DEFAULT_MTU_BYTES, DEFAULT_QUEUE_LIMIT_FRAMES, Long.MAX_VALUE,
            ETHERNET_MIN_FRAME_BYTES, ETHERNET_OVERHEAD_BYTES);
    }

    public LinkConfig withPropagationDelayNs(long delayNs) {
        return new LinkConfig(bitsPerSecond, delayNs, mtuBytes, queueLimitFrames, queueLimitBytes,
            minFrameBytes, overheadBytes);
    }

    public LinkConfig withMtuBytes(int mtu) {
        return new LinkConfig(bitsPerSecond, propagationDelayNs, mtu, queueLimitFrames, queueLimitBytes,
            minFrameBytes, overheadBytes);
    }

    public LinkConfig withQueueLimit(int frames, long bytes) {
        return new LinkConfig(bitsPerSecond, propagationDelayNs, mtuBytes, frames, bytes, minFrameBytes,
            overheadBytes);
    }

    /** Framing other than Ethernet, e.g. a PCI link with no padding or preamble. */
    public LinkConfig withFraming(int minFrame, int overhead) {
        return new LinkConfig(bitsPerSecond, propagationDelayNs, mtuBytes, queueLimitFrames, queueLimitBytes,
            minFrame, overhead);
    }

    /** Byte times the frame occupies on the wire. */
    public long wireBytes(int lengthBytes) {
        return (long) Math.max(lengthBytes, minFrameBytes) + overheadBytes;
    }

    /** Largest untagged frame accepted; a tagged one may be {@link #VLAN_TAG_BYTES} longer. */
    public int maxFrameBytes() {
        return mtuBytes + ETHERNET_HEADER_BYTES;
    }
}
