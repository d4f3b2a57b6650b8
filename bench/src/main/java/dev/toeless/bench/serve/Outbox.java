package dev.toeless.bench.serve;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.stack.socket.TcpSocket;
import org.agrona.DirectBuffer;

/**
 * What one connection has to send and the socket has not taken yet, in order: pages of protocol
 * bytes (response heads, small generated bodies) written through {@link CpuTouch#writeHeader}, and
 * file pages by reference. {@link #flush} hands them to the socket as its send buffer allows.
 *
 * <p>Ownership: the outbox holds one reference per queued page until the socket takes it; pages
 * it could not send are released by {@link #releaseAll}.
 */
final class Outbox {
    private static final int CAPACITY = 64;

    private final CpuTouch cpu;
    private final HostMemory memory;
    private final PagePool pool;
    private final int[] pfn = new int[CAPACITY];
    private final int[] offset = new int[CAPACITY];
    private final int[] length = new int[CAPACITY];
    private int head;
    private int count;

    Outbox(CpuTouch cpu, PagePool pool) {
        this.cpu = cpu;
        this.memory = cpu.memory();
        this.pool = pool;
    }

    /** Room for at least {@code pages} more pages. */
    boolean hasRoom(int pages) {
        return CAPACITY - count >= pages;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /**
     * Copies protocol bytes into pages of the send pool and queues them; false (nothing queued)
     * when the pool or the outbox is out of room.
     */
    boolean queueProtocol(DirectBuffer src, int srcOffset, int lengthBytes) {
        final int pages = (lengthBytes + HostMemory.PAGE_SIZE - 1) / HostMemory.PAGE_SIZE;
        if (!hasRoom(pages)) {
            return false;
        }
        final int first = count;
        for (int done = 0; done < lengthBytes; done += HostMemory.PAGE_SIZE) {
            final int page = pool.allocate();
            if (page == HostMemory.NO_PAGE) {
                while (count > first) {
                    count--;
                    memory.release(pfn[(head + count) % CAPACITY]);
                }
                return false;
            }
            final int n = Math.min(HostMemory.PAGE_SIZE, lengthBytes - done);
            cpu.writeHeader(src, srcOffset + done, n, page, 0);
            queuePage(page, 0, n);
        }
        return true;
    }

    /** Queues a page fragment by reference; takes the caller's reference. Check {@link #hasRoom} first. */
    void queuePage(int page, int pageOffset, int lengthBytes) {
        final int slot = (head + count) % CAPACITY;
        pfn[slot] = page;
        offset[slot] = pageOffset;
        length[slot] = lengthBytes;
        count++;
    }

    /** Hands queued pages to the socket in order; true when everything went. */
    boolean flush(TcpSocket socket) {
        while (count > 0) {
            if (!socket.send(pfn[head], offset[head], length[head])) {
                return false;
            }
            head = (head + 1) % CAPACITY;
            count--;
        }
        return true;
    }

    void releaseAll() {
        while (count > 0) {
            memory.release(pfn[head]);
            head = (head + 1) % CAPACITY;
            count--;
        }
    }
}
