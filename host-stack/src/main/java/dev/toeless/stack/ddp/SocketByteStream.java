package dev.toeless.stack.ddp;

import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.FragmentConsumer;

/**
 * A {@link ByteStream} over any connected {@link StreamSocket}: the host stack's {@code TcpSocket}
 * today, a TOE card's socket once the card exists; DDP needs nothing else of it.
 */
public record SocketByteStream(StreamSocket socket) implements ByteStream {
    @Override
    public long read(FragmentConsumer consumer, long maxBytes) {
        return socket.read(consumer, maxBytes);
    }

    @Override
    public boolean send(int pfn, int offset, int lengthBytes) {
        return socket.send(pfn, offset, lengthBytes);
    }

    @Override
    public long oversizedRoomBytes() {
        return socket instanceof TcpSocket t && t.sendQueuedBytes() == 0 ? t.sendSpaceBytes() : 0;
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
