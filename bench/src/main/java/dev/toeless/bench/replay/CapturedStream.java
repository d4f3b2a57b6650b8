package dev.toeless.bench.replay;

import dev.toeless.vfs.sink.ByteRange;
import dev.toeless.vfs.sink.FileSink;
import dev.toeless.vfs.sink.SinkResult;

import java.util.ArrayList;
import java.util.List;

/**
 * One direction of a captured TCP connection as a passive receiver sees it: where its stream
 * starts in sequence space, how sequence numbers map to 64-bit stream offsets (so a stream longer
 * than 4 GiB keeps counting), where it ends, and the file sink its payload goes to.
 *
 * <p>A stream is known whole only from its SYN (its first byte) to its FIN (its last): without
 * either, or cut by a reset before its FIN, it is incomplete. A new SYN with another ISN after
 * the stream ended (FIN or reset) is a new connection on the same four-tuple: a new stream, its
 * {@code generation} one higher.
 */
final class CapturedStream {
    final StreamKey key;
    final int generation;
    FileSink sink;
    SinkResult result;
    /** Whether it was finished or given up (at most once). */
    boolean ended;
    /** Data beyond a hole, until the hole fills. */
    OutOfOrderQueue queue;
    /** The stream offset up to which every byte went to the sink in order. */
    long inOrder;
    /** Retransmitted bytes compared with what was captured first. */
    final RetransmitCheck check = new RetransmitCheck();
    /** The holes when the stream was given up as incomplete (a sink's own failure names its own). */
    List<ByteRange> holes = List.of();

    private boolean based;
    private boolean startCaptured;
    private int isn;
    private int anchorSeq;
    private long anchorOffset;
    private long endOffset = -1;
    private long highestOffset;
    private boolean resetBeforeFin;
    private boolean resetAfterFin;
    private boolean receiverReset;
    private long bytesAfterReceiverReset;
    private long firstOffsetAfterReceiverReset = -1;
    long segments;
    long payloadBytes;

    CapturedStream(StreamKey key, int generation) {
        this.key = key;
        this.generation = generation;
    }

    /** A SYN: the stream's first byte is {@code isn + 1}. */
    void onSyn(int synIsn) {
        if (!based) {
            based = true;
            startCaptured = true;
            isn = synIsn;
            anchorSeq = synIsn + 1;
            anchorOffset = 0;
        }
    }

    /** Whether a SYN with {@code synIsn} opens a new connection: this stream ended and it is not its own SYN again. */
    boolean isNewConnection(int synIsn) {
        final boolean ended = finSeen() || resetBeforeFin || resetAfterFin;
        return ended && !(startCaptured && synIsn == isn);
    }

    /** The file this stream is written to: the four-tuple, and the connection's number after the first. */
    String fileName() {
        final String name = key.fileName();
        return generation == 1 ? name : name.substring(0, name.length() - ".bin".length()) + "-" + generation + ".bin";
    }

    /** Whether both ends of the stream are known and nothing cut it: only then can it be complete. */
    boolean endsKnown() {
        return startCaptured && finSeen() && !resetBeforeFin;
    }

    /** Why the stream cannot be called complete, whatever bytes arrived; empty when it can. */
    List<String> unknownEnds() {
        final List<String> why = new ArrayList<>();
        if (!startCaptured) {
            why.add("its start is unknown: no SYN captured (offsets count from the first byte seen)");
        }
        if (resetBeforeFin) {
            why.add("its end is unknown: the connection was reset before this stream's FIN");
        } else if (!finSeen()) {
            why.add("its end is unknown: no FIN captured (the capture may have been cut short)");
        }
        return why;
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

    /** A reset from either end of the connection: the stream ends here unless its FIN came first. */
    void onReset(boolean fromReceiver) {
        if (finSeen()) {
            resetAfterFin = true;
        } else {
            resetBeforeFin = true;
        }
        receiverReset |= fromReceiver;
    }

    boolean receiverReset() {
        return receiverReset;
    }

    /** Data the sender sent after the receiver's reset: a closed receiver would not take it, nor do we. */
    void afterReceiverReset(long offset, int lengthBytes) {
        bytesAfterReceiverReset += lengthBytes;
        if (firstOffsetAfterReceiverReset < 0) {
            firstOffsetAfterReceiverReset = offset;
        }
    }

    /** What a reader should know about resets, empty when there were none. */
    List<String> resetNotes() {
        final List<String> notes = new ArrayList<>();
        if (resetAfterFin) {
            notes.add("the connection was reset after this stream's FIN");
        }
        if (bytesAfterReceiverReset > 0) {
            notes.add(bytesAfterReceiverReset + " bytes arrived after the receiver's reset, from stream offset "
                + firstOffsetAfterReceiverReset + "; not written (a reset receiver takes no data)");
        }
        return notes;
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
