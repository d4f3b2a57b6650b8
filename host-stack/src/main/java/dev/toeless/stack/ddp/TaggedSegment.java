package dev.toeless.stack.ddp;

import org.agrona.MutableDirectBuffer;

/**
 * A tagged DDP segment's header as a value (for control paths and tests; the data path uses
 * {@link DdpHeader}).
 *
 * @param last     the L bit: the last segment of its message
 * @param opcode   the RDMAP opcode (WRITE or READ_RESPONSE for a tagged segment)
 * @param stag     the steering tag of the data sink
 * @param to       the tagged offset, an unsigned 64-bit number
 */
public record TaggedSegment(boolean last, RdmapOpcode opcode, int stag, long to) {
    /** Reads a tagged header; null when it is untagged, of another version, or its opcode reserved. */
    public static TaggedSegment parse(DdpHeader h) {
        final RdmapOpcode op = RdmapOpcode.of(h.opcode());
        if (!h.tagged() || h.ddpVersion() != DdpHeader.DDP_VERSION || h.rdmapVersion() != DdpHeader.RDMAP_VERSION
            || op == null) {
            return null;
        }
        return new TaggedSegment(h.last(), op, h.stag(), h.taggedOffset());
    }

    public int emit(MutableDirectBuffer buffer, int offset) {
        return new DdpHeader().wrap(buffer, offset).putTagged(last, opcode, stag, to);
    }
}
