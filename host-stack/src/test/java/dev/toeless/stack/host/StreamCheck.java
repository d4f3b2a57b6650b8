package dev.toeless.stack.host;

import dev.toeless.stack.socket.StreamSocket;

import java.util.Arrays;

/**
 * One direction of a test transfer, driven by polling: writes {@code data} into the sending
 * socket as space allows (copying writes), then shuts it down; reads the receiving socket with
 * copying reads and checks every byte against {@code data} as it arrives.
 */
final class StreamCheck {
    private final byte[] data;
    private final byte[] buffer = new byte[64 * 1024];
    private StreamSocket sender;
    private StreamSocket receiver;
    private int sent;
    private int received;
    private boolean shutdown;
    private boolean endOfStream;
    private String mismatch;

    StreamCheck(byte[] data) {
        this.data = data;
    }

    StreamCheck between(StreamSocket from, StreamSocket to) {
        this.sender = from;
        this.receiver = to;
        return this;
    }

    void step() {
        if (sender != null && sent < data.length) {
            sent += sender.write(data, sent, Math.min(data.length - sent, buffer.length));
        }
        if (sender != null && sent == data.length && !shutdown) {
            shutdown = true;
            sender.shutdown();
        }
        if (receiver == null) {
            return;
        }
        int n;
        while ((n = receiver.read(buffer, 0, buffer.length)) > 0) {
            if (received + n > data.length
                || !Arrays.equals(buffer, 0, n, data, received, received + n)) {
                mismatch = "stream differs in [" + received + ", " + (received + n) + ")";
            }
            received += n;
        }
        if (n < 0) {
            endOfStream = true;
        }
    }

    boolean done() {
        return endOfStream && received == data.length;
    }

    int received() {
        return received;
    }

    String mismatch() {
        return mismatch;
    }
}
