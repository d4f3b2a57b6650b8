package dev.toeless.stack.sockmem;

/**
 * One socket's memory account inside a {@link SocketMemory}: its buffer limits (SO_RCVBUF,
 * SO_SNDBUF) and what it has charged. Created by {@link SocketMemory#open}, changed only through
 * that {@code SocketMemory}; the socket keeps the reference for its lifetime.
 */
public final class SocketAccount {
    final SocketMemory owner;
    int receiveBufferBytes;
    int sendBufferBytes;
    long receiveBytes;
    long outOfOrderBytes;
    long sendBytes;
    long refused;
    boolean closed;

    SocketAccount(SocketMemory owner, int receiveBufferBytes, int sendBufferBytes) {
        this.owner = owner;
        this.receiveBufferBytes = receiveBufferBytes;
        this.sendBufferBytes = sendBufferBytes;
    }

    /** The receive buffer limit (SO_RCVBUF) in bytes. */
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    /** The send buffer limit (SO_SNDBUF) in bytes. */
    public int sendBufferBytes() {
        return sendBufferBytes;
    }

    /** Received bytes charged: in-order plus out-of-order. */
    public long receiveBytes() {
        return receiveBytes;
    }

    /** The out-of-order part of {@link #receiveBytes()}. */
    public long outOfOrderBytes() {
        return outOfOrderBytes;
    }

    /** Send-side bytes charged. */
    public long sendBytes() {
        return sendBytes;
    }

    /** Everything this socket holds. */
    public long totalBytes() {
        return receiveBytes + sendBytes;
    }

    /** Charges refused to this socket, all kinds. */
    public long refused() {
        return refused;
    }

    public boolean isClosed() {
        return closed;
    }
}
