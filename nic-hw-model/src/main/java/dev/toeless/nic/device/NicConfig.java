package dev.toeless.nic.device;

import dev.toeless.nic.feature.OffloadFeatures;

/**
 * How a {@link Nic} is built.
 *
 * @param queuePairs        RX/TX queue pairs
 * @param rxRingEntries     entries of each RX header, page and completion ring (power of two)
 * @param txRingEntries     entries of each TX and TX completion ring (power of two)
 * @param maxFrameBytes     largest frame the device buffers on transmit (L2 header included)
 * @param rxUsecs           interrupt coalescing time ({@code ethtool -C rx-usecs})
 * @param rxFrames          interrupt coalescing count ({@code ethtool -C rx-frames})
 * @param features          offloads switched on at start
 * @param packedPlacement   payload placement without page accumulation
 * @param accumPlacement    payload placement with page accumulation, or null (then the feature
 *                          falls back to packed placement)
 * @param txOffload         TSO and TX checksum engine, or null (a NIC without TX offloads)
 */
public record NicConfig(int queuePairs, int rxRingEntries, int txRingEntries, int maxFrameBytes, int rxUsecs,
                        int rxFrames, OffloadFeatures features, PayloadPlacement.Factory packedPlacement,
                        PayloadPlacement.Factory accumPlacement, TxOffloadEngine.Factory txOffload) {
    /** Headers of a split frame larger than this go unsplit. */
    public static final int MAX_HEADER_BYTES = 256;

    public NicConfig {
        if (queuePairs <= 0 || queuePairs > 64) {
            throw new IllegalArgumentException("queue pairs must be 1..64: " + queuePairs);
        }
        if (maxFrameBytes < 64 || maxFrameBytes > 65_535 + 18) {
            throw new IllegalArgumentException("bad maxFrameBytes " + maxFrameBytes);
        }
        if (packedPlacement == null) {
            packedPlacement = PackedPlacement.factory();
        }
    }

    /** One queue pair, 256-entry rings, MTU 1500 frames, an interrupt per 8 frames or 20 us, all offloads. */
    public static NicConfig defaults() {
        return new NicConfig(1, 256, 256, 1518, 20, 8, OffloadFeatures.all(), PackedPlacement.factory(), null, null);
    }

    public NicConfig withQueuePairs(int pairs) {
        return new NicConfig(pairs, rxRingEntries, txRingEntries, maxFrameBytes, rxUsecs, rxFrames, features,
            packedPlacement, accumPlacement, txOffload);
    }

    public NicConfig withRings(int rxEntries, int txEntries) {
        return new NicConfig(queuePairs, rxEntries, txEntries, maxFrameBytes, rxUsecs, rxFrames, features,
            packedPlacement, accumPlacement, txOffload);
    }

    public NicConfig withCoalescing(int usecs, int frames) {
        return new NicConfig(queuePairs, rxRingEntries, txRingEntries, maxFrameBytes, usecs, frames, features,
            packedPlacement, accumPlacement, txOffload);
    }

    public NicConfig withFeatures(OffloadFeatures f) {
        return new NicConfig(queuePairs, rxRingEntries, txRingEntries, maxFrameBytes, rxUsecs, rxFrames, f,
            packedPlacement, accumPlacement, txOffload);
    }

    public NicConfig withAccumPlacement(PayloadPlacement.Factory factory) {
        return new NicConfig(queuePairs, rxRingEntries, txRingEntries, maxFrameBytes, rxUsecs, rxFrames, features,
            packedPlacement, factory, txOffload);
    }

    public NicConfig withTxOffload(TxOffloadEngine.Factory factory) {
        return new NicConfig(queuePairs, rxRingEntries, txRingEntries, maxFrameBytes, rxUsecs, rxFrames, features,
            packedPlacement, accumPlacement, factory);
    }

    public NicConfig withMaxFrameBytes(int bytes) {
        return new NicConfig(queuePairs, rxRingEntries, txRingEntries, bytes, rxUsecs, rxFrames, features,
            packedPlacement, accumPlacement, txOffload);
    }
}
