package dev.toeless.vfs.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;

/**
 * A disk the model only reads from ({@link GeneratedChannel}, {@link DigestingChannel}): every way of
 * writing is refused, and a scattering read is the single reads one buffer after another. What is
 * left to each disk is how it reads, seeks, maps and locks.
 */
abstract class DiskReadChannel extends FileChannel {

    @Override
    public final long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            final int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    public final int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public final long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public final int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public final FileChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public final long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public final void force(boolean metaData) {
        // nothing is ever written, so there is nothing to make durable
    }
}
