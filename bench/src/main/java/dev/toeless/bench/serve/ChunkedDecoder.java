package dev.toeless.bench.serve;

import dev.toeless.bench.serve.http.ChunkSizeLine;
import dev.toeless.bench.serve.http.RequestHead;
import dev.toeless.stack.socket.TcpSocket;

/**
 * The framing of a chunked request body (RFC 9112 section 7.1), read from the socket between the
 * chunks' data: the size line before each chunk, the CRLF after it, and the trailer section after
 * the last (read and ignored). The data itself stays in the socket for the file sink; the caller
 * takes {@link #chunkBytes()} of it after a {@link Event#DATA}, then calls {@link #dataDone()}.
 */
final class ChunkedDecoder {
    /** What the framing read so far says. */
    enum Event { NEED_MORE, DATA, END, MALFORMED }

    private enum Phase { SIZE_LINE, DATA_END, TRAILERS }

    private Phase phase = Phase.SIZE_LINE;
    private long chunkBytes;
    private long trailerBytes;

    void reset() {
        phase = Phase.SIZE_LINE;
        chunkBytes = 0;
        trailerBytes = 0;
    }

    /** The size of the chunk whose data comes next (after {@link Event#DATA}). */
    long chunkBytes() {
        return chunkBytes;
    }

    /** The caller took the chunk's data: its CRLF comes next. */
    void dataDone() {
        phase = Phase.DATA_END;
    }

    /** Reads framing until the next chunk's data, the body's end, or no more bytes. */
    Event next(TcpSocket socket, ProtocolReader reader) {
        while (true) {
            final int max = phase == Phase.DATA_END ? 2 : ChunkSizeLine.MAX_LINE_BYTES;
            final ProtocolReader.Outcome outcome = reader.readUntil(socket, ProtocolReader.LINE_END, max);
            if (outcome == ProtocolReader.Outcome.NEED_MORE) {
                return Event.NEED_MORE;
            }
            final int length = reader.length();
            final boolean found = outcome == ProtocolReader.Outcome.FOUND;
            final long size = found && phase == Phase.SIZE_LINE ? ChunkSizeLine.parse(reader.buffer(), 0, length) : -1;
            reader.clear();
            if (!found) {
                return Event.MALFORMED;
            }
            switch (phase) {
                case SIZE_LINE -> {
                    if (size < 0) {
                        return Event.MALFORMED;
                    }
                    if (size > 0) {
                        chunkBytes = size;
                        return Event.DATA;
                    }
                    phase = Phase.TRAILERS;
                }
                case DATA_END -> {
                    if (length != 2) {
                        return Event.MALFORMED;
                    }
                    phase = Phase.SIZE_LINE;
                }
                case TRAILERS -> {
                    trailerBytes += length;
                    if (trailerBytes > RequestHead.MAX_HEAD_BYTES) {
                        return Event.MALFORMED;
                    }
                    if (length == 2) {
                        return Event.END;
                    }
                }
            }
        }
    }
}
