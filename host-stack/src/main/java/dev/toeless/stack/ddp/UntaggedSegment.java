package dev.toeless.stack.ddp;

import org.agrona.MutableDirectBuffer;

/**
 * An untagged DDP segment's header as a value.
 *
 * @param last            the L bit
 * @param opcode          the RDMAP opcode (SEND, TERMINATE, ...)
 * @param invalidateStag  RsvdULP: the STag to invalidate (Send with Invalidate), else 0
 * @param qn              queue number (0 SEND, 1 READ request, 2 TERMINATE)
 * @param msn             message sequence number in that queue (from 1)
 * @param mo              message offset of this segment's first payload byte
 */
public record UntaggedSegment(boolean last, RdmapOpcode opcode, int invalidateStag, int qn, int msn, int mo) {
    /** Reads an untagged header; null when it is tagged, of another version, or its opcode reserved. */
    public static UntaggedSegment parse(DdpHeader h) {
        final RdmapOpcode op = RdmapOpcode.of(h.opcode());
        if (h.tagged() || h.ddpVersion() != DdpHeader.DDP_VERSION || h.rdmapVersion() != DdpHeader.RDMAP_VERSION
            || op == null) {
            return null;
        }
        return new UntaggedSegment(h.last(), op, h.invalidateStag(), h.queueNumber(), h.messageSequenceNumber(),
            h.messageOffset());
    }

    public int emit(MutableDirectBuffer buffer, int offset) {
        return new DdpHeader().wrap(buffer, offset).putUntagged(last, opcode, invalidateStag, qn, msn, mo);
    }
}
