package dev.toeless.stack.ddp;

import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.FragmentConsumer;

/** A {@link ByteStream} over a socket of the host's TCP stack. */
public record SocketByteStream(TcpSocket socket) implements ByteStream {
    @Override
    public long read(FragmentConsumer consumer, long maxBytes) {
        return socket.read(consumer, maxBytes);
    }

    @Override
    public boolean send(int pfn, int offset, int lengthBytes) {
        return socket.send(pfn, offset, lengthBytes);
    }

    @Override
    public boolean isEndOfStream() {
        return socket.isEndOfStream();
    }

    @Override
    public void shutdown() {
        socket.shutdown();
    }
}
