package dev.toeless.tso;

import dev.toeless.nic.device.TxOffloadEngine;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.ring.TxCompletionDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The NIC's transmit offloads built from this module: {@link TsoEngine} for TSO descriptors and
 * {@link TxChecksum} for CHECKSUM_PARTIAL frames, behind the device's {@link TxOffloadEngine}
 * interface. The super-segment is re-pointed per descriptor; fragments are borrowed.
 */
public final class TsoOffload implements TxOffloadEngine {
    private final TsoEngine engine;
    private final SuperSegment superSegment = new SuperSegment();
    private final SegmentSink sink = this::forward;
    private FrameOut out;

    public TsoOffload(DmaEngine dma, int maxFrameBytes) {
        this.engine = new TsoEngine(dma, maxFrameBytes);
    }

    /** A factory for {@code NicConfig.withTxOffload}. */
    public static Factory factory() {
        return TsoOffload::new;
    }

    public TsoEngine engine() {
        return engine;
    }

    @Override
    public int segment(DirectBuffer header, int headerLength, int l3Offset, int l4Offset, boolean ipv6, int gsoSizeBytes,
                       boolean fixedIpId, FragList payload, FrameOut frameOut) {
        superSegment.set(l3Offset, l4Offset, headerLength, ipv6, gsoSizeBytes).fixedIpId(fixedIpId);
        final FragList frags = superSegment.payload();
        for (int i = 0; i < payload.count(); i++) {
            frags.add(payload.pfn(i), payload.offset(i), payload.length(i));
        }
        this.out = frameOut;
        final TsoResult result = engine.segment(header, superSegment, sink);
        this.out = null;
        frags.clear();
        return switch (result) {
            case OK -> TxCompletionDescriptor.STATUS_OK;
            case DMA_ERROR -> TxCompletionDescriptor.STATUS_DMA_ERROR;
            case TOO_LARGE, FRAME_TOO_LARGE -> TxCompletionDescriptor.STATUS_TOO_BIG;
            case BAD_HEADER, NOT_TCP, BAD_GSO_SIZE -> TxCompletionDescriptor.STATUS_MALFORMED;
        };
    }

    private void forward(DirectBuffer frame, int offset, int length) {
        out.send(frame, offset, length);
    }

    @Override
    public boolean checksum(MutableDirectBuffer frame, int frameLength, int csumStart, int csumOffset) {
        return TxChecksum.apply(frame, frameLength, csumStart, csumOffset);
    }
}
