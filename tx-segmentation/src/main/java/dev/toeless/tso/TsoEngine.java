package dev.toeless.tso;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.FragList;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The NIC's TCP segmentation offload: one super-segment of up to 64 KiB (header template plus
 * page fragments in host memory) becomes MSS-sized wire frames, each with its own headers and
 * checksums, following Linux's {@code tcp_gso_segment} rules (see {@link HeaderTemplate}).
 *
 * <p>Payload comes from host memory by DMA and is summed on the device as it arrives (one
 * {@link DmaEngine#fromHostSummed} per fragment piece): no host
 * CPU touches it. A descriptor whose fragments point outside host memory, or whose headers do not
 * describe TCP, gets an error result and produces no frame.
 */
public final class TsoEngine {
    /** Payload alignment in device memory: a cache line. */
    private static final int PAYLOAD_ALIGN = 64;
    private final DmaEngine dma;
    private final ByteBuffer deviceMemory;
    private final UnsafeBuffer frame;
    private final int maxFrameBytes;
    private final SegmentHeaders headers = new SegmentHeaders();
    private long superSegments;
    private long segments;
    private long errors;

    /** @param maxFrameBytes the largest frame the device buffers (L2 header included) */
    public TsoEngine(DmaEngine dma, int maxFrameBytes) {
        this.dma = dma;
        this.maxFrameBytes = maxFrameBytes;
        // device memory is off-heap, like the NIC's SRAM: the checksum runs its vectorised loop over it
        // with room to place the frame so that its payload starts on a cache line (see alignPayload)
        this.deviceMemory = ByteBuffer.allocateDirect(maxFrameBytes + PAYLOAD_ALIGN);
        this.frame = new UnsafeBuffer(deviceMemory, 0, maxFrameBytes);
    }

    /**
     * Segments {@code s}, whose header template is {@code header[0, s.headerLength())} in device
     * memory (already fetched from the host), and hands each frame to {@code out}.
     */
    public TsoResult segment(DirectBuffer header, SuperSegment s, SegmentSink out) {
        TsoResult r = HeaderTemplate.validate(header, s.headerLength(), s);
        if (r == TsoResult.OK && s.headerLength() + Math.min(s.gsoSizeBytes(), s.payloadBytes()) > maxFrameBytes) {
            r = TsoResult.FRAME_TOO_LARGE;
        }
        if (r == TsoResult.OK) {
            r = checkFragments(s.payload());
        }
        if (r != TsoResult.OK) {
            errors++;
            return r;
        }
        final int headerLength = s.headerLength();
        final int count = s.segmentCount();
        final long total = s.payloadBytes();
        final FragList frags = s.payload();
        headers.load(header, s);
        alignPayload(headerLength);
        // the sink only reads the frame (borrowed for the call), and every field that differs from
        // segment to segment is rewritten for each, so the template is copied once
        frame.putBytes(0, header, 0, headerLength);
        int fragIndex = 0;
        int fragUsed = 0;
        long done = 0;
        for (int i = 0; i < count; i++) {
            final int bytes = (int) Math.min(s.gsoSizeBytes(), total - done);
            // payload by DMA, fragment by fragment, summed as it arrives; a piece that starts at an
            // odd payload offset has its sum byte-swapped into place (RFC 1071 section 2 (B))
            int at = headerLength;
            int want = bytes;
            long payloadSum = 0;
            while (want > 0) {
                final int take = Math.min(frags.length(fragIndex) - fragUsed, want);
                final long piece = dma.fromHostSummed(frags.address(fragIndex) + fragUsed, take, frame, at, 0);
                payloadSum = InternetChecksum.sumAt(piece, at - headerLength, payloadSum);
                at += take;
                want -= take;
                fragUsed += take;
                if (fragUsed == frags.length(fragIndex)) {
                    fragIndex++;
                    fragUsed = 0;
                }
            }
            headers.write(frame, i, count, done, bytes, payloadSum);
            out.onSegment(frame, 0, headerLength + bytes);
            done += bytes;
            segments++;
        }
        superSegments++;
        return TsoResult.OK;
    }

    /**
     * Places the frame buffer in device memory so that the payload, after {@code headerLength}
     * bytes of headers, starts on a cache line: the DMA writes and the checksum reads of the
     * payload then never split a line.
     */
    private void alignPayload(int headerLength) {
        final long base = frame.addressOffset() - ((frame.addressOffset() + headerLength) & (PAYLOAD_ALIGN - 1));
        final long lowest = BufferUtil.address(deviceMemory);
        final long address = base >= lowest ? base : base + PAYLOAD_ALIGN;
        if (address != frame.addressOffset()) {
            frame.wrap(address, maxFrameBytes);
        }
    }

    private TsoResult checkFragments(FragList frags) {
        for (int i = 0; i < frags.count(); i++) {
            if (!dma.memory().contains(frags.address(i), frags.length(i))) {
                return TsoResult.DMA_ERROR;
            }
        }
        return TsoResult.OK;
    }

    public long superSegments() {
        return superSegments;
    }

    public long segments() {
        return segments;
    }

    public long errors() {
        return errors;
    }
}
