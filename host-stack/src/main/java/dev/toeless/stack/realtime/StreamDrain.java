package dev.toeless.stack.realtime;

import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The receiving application of a run against a real peer: accepts one connection on a listener and
 * reads it to its end while the bridge runs the model in real time, hashing what it reads.
 *
 * @param done           the stream reached its end within the timeout
 * @param bytes          bytes read
 * @param sha256Hex      their SHA-256
 * @param socket         the accepted socket (closed at the end of stream), or null
 * @param acceptedNanos  the bridge's wall clock when the connection was accepted, 0 if never
 * @param endedNanos     the bridge's wall clock at the end of stream, 0 if not reached
 * @param nanos          wall time of the whole call
 */
public record StreamDrain(boolean done, long bytes, String sha256Hex, StreamSocket socket, long acceptedNanos,
                          long endedNanos, long nanos) {
    private static final int BUFFER_BYTES = 64 * 1024;

    /** Accepts one connection on {@code listener} and reads it to its end, or until {@code timeoutMs} pass. */
    public static StreamDrain of(RealTimeBridge bridge, Listener listener, long timeoutMs) throws IOException {
        final MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        final byte[] buffer = new byte[BUFFER_BYTES];
        final StreamSocket[] socket = new StreamSocket[1];
        final long[] received = new long[1];
        final long[] accepted = new long[1];
        final long[] ended = new long[1];
        final long start = bridge.wallClockNs();
        final boolean done = bridge.runUntil(() -> ended[0] != 0, () -> {
            if (socket[0] == null) {
                socket[0] = listener.accept();
                if (socket[0] != null) {
                    accepted[0] = bridge.wallClockNs();
                }
                return;
            }
            int n;
            while ((n = socket[0].read(buffer, 0, buffer.length)) > 0) {
                digest.update(buffer, 0, n);
                received[0] += n;
            }
            if (n < 0) {
                ended[0] = bridge.wallClockNs();
                socket[0].close();
            }
        }, timeoutMs);
        return new StreamDrain(done, received[0], HexFormat.of().formatHex(digest.digest()), socket[0], accepted[0],
            ended[0], bridge.wallClockNs() - start);
    }
}
