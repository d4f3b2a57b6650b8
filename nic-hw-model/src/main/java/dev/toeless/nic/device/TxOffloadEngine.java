package dev.toeless.nic.device;

import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The NIC's transmit offload engine: TCP segmentation of a super-segment and CHECKSUM_PARTIAL
 * completion of a single frame. Implemented in {@code tx-segmentation} (TSO engine and TX
 * checksum); the NIC's TX pipeline calls it with a descriptor already validated and its header
 * already fetched into device memory.
 */
public interface TxOffloadEngine {
    /**
     * Segments a super-segment and hands each finished frame to {@code out}.
     *
     * @param header  the header template in device memory
     * @param payload page fragments in host memory, borrowed for the call
     * @return a {@code TxCompletionDescriptor.STATUS_*} code
     */
    int segment(DirectBuffer header, int headerLength, int l3Offset, int l4Offset, boolean ipv6, int gsoSizeBytes,
                boolean fixedIpId, FragList payload, FrameOut out);

    /** Completes a CHECKSUM_PARTIAL frame in device memory; false for offsets outside it. */
    boolean checksum(MutableDirectBuffer frame, int frameLength, int csumStart, int csumOffset);

    /** Receives a finished wire frame (borrowed for the call). */
    @FunctionalInterface
    interface FrameOut {
        void send(DirectBuffer frame, int offset, int length);
    }

    /** Builds the engine for one NIC. */
    @FunctionalInterface
    interface Factory {
        TxOffloadEngine create(DmaEngine dma, int maxFrameBytes);
    }
}
