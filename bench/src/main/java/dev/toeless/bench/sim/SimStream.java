package dev.toeless.bench.sim;

import dev.toeless.stack.socket.StreamSocket;

import java.util.Arrays;

/**
 * One direction of one simulated connection: writes its known data into the sending socket as
 * space allows (copying writes) and shuts it down after the last byte; reads the receiving
 * socket within the reader's budget and checks every delivered byte against the data: the
 * stream read is always a prefix of what was sent, and once the connection is reset nothing
 * beyond what had arrived before the RST is delivered. The first broken rule is kept as
 * {@link #violation()}.
 */
final class SimStream {
    private final String name;
    private final byte[] data;
    private final byte[] buffer;
    private final DeliveryHook hook;
    private StreamSocket sender;
    private StreamSocket receiver;
    private int sent;
    private int received;
    private boolean shutdown;
    private boolean endOfStream;
    private boolean resetSeen;
    private boolean aborted;
    /** Carried by another road (a {@code toe+ddp} connection's DDP transfer): never attached to a socket. */
    private boolean detached;
    /** Once reset: the stream may not grow beyond what had arrived before the RST. */
    private long limitAfterReset;
    private String violation;

    SimStream(String name, byte[] data, int bufferBytes, DeliveryHook hook) {
        this.name = name;
        this.data = data;
        this.buffer = new byte[bufferBytes];
        this.hook = hook;
    }

    void sender(StreamSocket socket) {
        sender = socket;
    }

    void receiver(StreamSocket socket) {
        receiver = socket;
    }

    /**
     * Writes what the socket takes once it is established (as an application does after connect
     * returns: a shutdown in SYN_SENT would drop the connection, RFC 793 section 3.9); shuts down
     * after the last byte.
     */
    void write() {
        if (sender == null || shutdown || !sender.isEstablished()) {
            return;
        }
        if (sent < data.length) {
            sent += sender.write(data, sent, data.length - sent);
        }
        if (sent == data.length) {
            shutdown = true;
            sender.shutdown();
        }
    }

    /** The direction is carried by DDP ({@link ToeDdpTraffic}), not by this stream: it is done from the start. */
    void detach() {
        detached = true;
    }

    /** The connection was aborted on purpose: the stream need not finish, but every rule still holds. */
    void abort() {
        aborted = true;
    }

    /** Reads up to {@code budgetBytes}; returns what was read. */
    long read(long budgetBytes) {
        if (receiver == null || violation != null) {
            return 0;
        }
        if (!resetSeen && SimRun.wasReset(receiver)) {
            resetSeen = true;
            limitAfterReset = received + receiver.readableBytes();
        }
        long total = 0;
        int n = 0;
        while (total < budgetBytes) {
            n = receiver.read(buffer, 0, (int) Math.min(buffer.length, budgetBytes - total));
            if (n <= 0) {
                break;
            }
            hook.onDelivered(name, received, buffer, n);
            if (resetSeen && received + n > limitAfterReset) {
                fail("delivered bytes up to " + (received + n) + " after the connection was reset with only "
                    + limitAfterReset + " received");
                return total;
            }
            if (endOfStream) {
                fail("delivered " + n + " bytes after end of stream");
                return total;
            }
            if (received + n > data.length) {
                fail("delivered " + (received + n) + " bytes, only " + data.length + " were sent");
                return total;
            }
            final int diff = Arrays.mismatch(buffer, 0, n, data, received, received + n);
            if (diff >= 0) {
                fail("byte " + (received + diff) + " differs from what was sent: got " + (buffer[diff] & 0xFF)
                    + ", sent " + (data[received + diff] & 0xFF));
                return total;
            }
            received += n;
            total += n;
        }
        if (n < 0) {
            if (received != data.length && !aborted) {
                fail("end of stream after " + received + " of " + data.length + " bytes");
            }
            endOfStream = true;
        }
        return total;
    }

    void fail(String what) {
        if (violation == null) {
            violation = name + ": " + what;
        }
    }

    boolean done() {
        return detached || aborted || (endOfStream && received == data.length);
    }

    String violation() {
        return violation;
    }

    int received() {
        return received;
    }

    byte[] data() {
        return data;
    }

    int length() {
        return data.length;
    }

    String progress() {
        if (detached) {
            return name + " carried by DDP";
        }
        return name + " sent " + sent + "/" + data.length + " received " + received + (endOfStream ? " eof" : "")
            + (shutdown ? " (shut down)" : "") + (aborted ? " (aborted)" : "") + (resetSeen ? " (reset seen)" : "");
    }
}
