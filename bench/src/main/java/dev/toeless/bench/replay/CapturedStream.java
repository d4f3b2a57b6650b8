package dev.toeless.bench.replay;

import dev.toeless.vfs.sink.FileSink;
import dev.toeless.vfs.sink.SinkResult;

/**
 * One direction of a captured TCP connection as a passive receiver sees it: where its stream
 * starts in sequence space, how sequence numbers map to 64-bit stream offsets (so a stream longer
 * than 4 GiB keeps counting), where it ends, and the file sink its payload goes to.
 */
final class CapturedStream {
    final StreamKey key;
    final long flowKey;
    FileSink sink;
    SinkResult result;

    private boolean based;
    private boolean startCaptured;
    private int anchorSeq;
    private long anchorOffset;
    private long endOffset = -1;
    private long highestOffset;
    private boolean reset;
    long segments;
    long payloadBytes;

    CapturedStream(StreamKey key, long flowKey) {
        this.key = key;
        this.flowKey = flowKey;
    }

    /** A SYN: the stream's first byte is {@code isn + 1}. */
    void onSyn(int isn) {
        if (!based) {
            based = true;
            startCaptured = true;
            anchorSeq = isn + 1;
            anchorOffset = 0;
        }
    }

    /** Data before any SYN: the capture began mid-stream, so this byte is taken as offset 0. */
    void baseOnFirstData(int seq) {
        if (!based) {
            based = true;
            startCaptured = false;
            anchorSeq = seq;
            anchorOffset = 0;
        }
    }

    boolean based() {
        return based;
    }

    /** The sequence number of stream offset 0 (for the NIC's alignment hint). */
    int firstSeq() {
        return (int) (anchorSeq - anchorOffset);
    }

    /**
     * The stream offset of {@code seq}: the nearest offset (within 2 GiB) of the last anchor, which
     * moves forward with the data, so sequence wraparound is followed.
     */
    long offsetOf(int seq) {
        return anchorOffset + (seq - anchorSeq);
    }

    /** Moves the anchor forward when data reaches further than before. */
    void advance(int seq, long offset, int lengthBytes) {
        if (offset + lengthBytes > highestOffset) {
            highestOffset = offset + lengthBytes;
            anchorSeq = seq + lengthBytes;
            anchorOffset = offset + lengthBytes;
        }
    }

    void onFin(long offset) {
        if (endOffset < 0) {
            endOffset = offset;
        }
    }

    void onReset() {
        reset = true;
    }

    boolean wasReset() {
        return reset;
    }

    boolean startCaptured() {
        return startCaptured;
    }

    boolean finSeen() {
        return endOffset >= 0;
    }

    /** Where the stream ends: at its FIN when one was captured, else after the furthest byte seen. */
    long endOffset() {
        return endOffset >= 0 ? endOffset : highestOffset;
    }
}
