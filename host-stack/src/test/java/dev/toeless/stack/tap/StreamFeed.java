package dev.toeless.stack.tap;

import dev.toeless.stack.realtime.RealTimeBridge;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The sending application of a run against a kernel peer, the twin of
 * {@link dev.toeless.stack.realtime.StreamDrain}: writes the data while the bridge runs the model
 * in real time, shuts the socket down after the last byte, and closes it once the peer's end of
 * stream has come (on our stack's socket, also once its send queue is empty; a TOE socket's queue
 * is on the card).
 *
 * @param done the run ended by {@code until} within the timeout
 * @param sent bytes the socket took
 */
record StreamFeed(boolean done, int sent) {
    private static final int CHUNK = 256 * 1024;

    static StreamFeed of(RealTimeBridge bridge, StreamSocket socket, byte[] data, BooleanSupplier until,
                         long timeoutMs) throws IOException {
        final int[] sent = new int[1];
        final boolean[] shut = new boolean[1];
        final boolean done = bridge.runUntil(until, () -> {
            if (sent[0] < data.length) {
                sent[0] += socket.write(data, sent[0], Math.min(data.length - sent[0], CHUNK));
            } else if (!shut[0]) {
                shut[0] = true;
                socket.shutdown();
            }
            if (shut[0] && socket.isEndOfStream() && !(socket instanceof TcpSocket t && t.sendQueuedBytes() != 0)) {
                socket.close();
            }
        }, timeoutMs);
        return new StreamFeed(done, sent[0]);
    }
}
