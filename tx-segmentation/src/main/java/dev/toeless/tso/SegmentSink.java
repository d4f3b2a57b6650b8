package dev.toeless.tso;

import org.agrona.DirectBuffer;

/** Where a segmenter puts each finished wire frame; the buffer is borrowed for the call. */
@FunctionalInterface
public interface SegmentSink {
    void onSegment(DirectBuffer frame, int offset, int length);
}
