package dev.toeless.stack.toe;

import dev.toeless.nic.card.ToeCommandDescriptor;
import dev.toeless.nic.card.ToeCompletionDescriptor;
import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.socket.Wakeup;
import dev.toeless.stack.tcp.CloseReason;
import dev.toeless.stack.tcp.TcpConnection;
import dev.toeless.stack.tcp.FragmentConsumer;
import org.agrona.collections.IntArrayList;

/**
 * A connection offloaded to a TOE card, as its application sees it: the same {@link StreamSocket}
 * as the host stack's, with every call a command to the card and every change a completion from
 * it. The TCP state is on the card; the host keeps the payload the card placed in its posted pages
 * (in arrival order), its send credit (the card's send buffer less the bytes not yet acknowledged)
 * and what the card said of the connection's state.
 *
 * <p>Ownership: {@link #read(FragmentConsumer, long)} passes each placed page to the consumer;
 * {@link #send(int, int, int)} lends the caller's reference to the card, and the driver releases it
 * when the card says the bytes are in its memory (or gives the connection up).
 */
public final class ToeSocket implements StreamSocket {
    private static final int INITIAL_RECEIVE_PAGES = 4;

    private final ToeDriver driver;
    private final long cookie;
    private final int sendBufferBytes;
    private final boolean ipv6;
    private final IntArrayList received = new IntArrayList();
    private int tid = -1;
    private long readable;
    private long sentBytes;
    private long ackedBytes;
    private boolean established;
    private boolean peerClosed;
    private boolean shutdown;
    private boolean closedByApp;
    private boolean closed;
    private int error = ToeCompletionDescriptor.STATUS_OK;
    private final Wakeup<Readiness, StreamSocket> wakeup;
    /** The host stack's socket that continues this connection after the card uploaded it, else null. */
    private StreamSocket host;
    int postedPages;
    int remotePort;
    boolean starved;
    int receiveTarget = INITIAL_RECEIVE_PAGES;
    boolean holdsSlot;

    ToeSocket(ToeDriver driver, long cookie, int sendBufferBytes, boolean ipv6) {
        this.driver = driver;
        this.ipv6 = ipv6;
        this.cookie = cookie;
        this.sendBufferBytes = sendBufferBytes;
        this.wakeup = new Wakeup<>(driver.scheduler(), this, Readiness::ready);
    }

    /** IPv6: the connection takes two card slots. */
    public boolean isIpv6() {
        return ipv6;
    }

    long cookie() {
        return cookie;
    }

    int tid() {
        return closed || host != null ? -1 : tid;
    }

    /** The card slot, even after the connection closed (-1 before the card named one). */
    int cardTid() {
        return tid;
    }

    boolean closedByApp() {
        return closedByApp;
    }

    int queuedFragments() {
        return received.size() / 3;
    }

    void opened(int cardTid) {
        this.tid = cardTid;
        this.established = true;
    }

    // ---------------------------------------------------------------- the application's calls

    @Override
    public long read(FragmentConsumer consumer, long maxBytes) {
        driver.cpu().cost().charge(CostOp.SYSCALL);
        long done = 0;
        final HostMemory memory = driver.memory();
        while (!received.isEmpty() && done < maxBytes) {
            final int pfn = received.getInt(0);
            final int offset = received.getInt(1);
            final int length = received.getInt(2);
            final long want = maxBytes - done;
            if (length <= want) {
                consumer.accept(pfn, offset, length);
                CardConnection.popFirst(received);
                done += length;
            } else {
                memory.retain(pfn);
                consumer.accept(pfn, offset, (int) want);
                received.setInt(1, offset + (int) want);
                received.setInt(2, length - (int) want);
                done += want;
            }
        }
        readable -= done;
        if (host != null) {
            return done < maxBytes ? done + host.read(consumer, maxBytes - done) : done;
        }
        driver.replenish(this);
        driver.replenishStarved();
        return done;
    }

    @Override
    public int read(byte[] dst, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        final int[] at = {offset};
        final long n = read((pfn, pageOffset, len) -> {
            driver.cpu().copyOut(pfn, pageOffset, len, dst, at[0]);
            at[0] += len;
            driver.memory().release(pfn);
        }, length);
        if (n == 0 && isEndOfStream()) {
            return -1;
        }
        return (int) n;
    }

    @Override
    public boolean send(int pfn, int offset, int lengthBytes) {
        if (host != null) {
            return host.send(pfn, offset, lengthBytes);
        }
        if (lengthBytes <= 0 || lengthBytes > HostMemory.PAGE_SIZE || sendSpaceBytes() < lengthBytes) {
            return false;
        }
        driver.cpu().cost().charge(CostOp.SYSCALL);
        if (!driver.post(ToeCommandDescriptor.SEND, 0, false, tid, cookie, pfn, offset, lengthBytes, 0, 0, 0, 0, 0)) {
            return false;
        }
        sentBytes += lengthBytes;
        return true;
    }

    @Override
    public int write(byte[] src, int offset, int length) {
        if (host != null) {
            return host.write(src, offset, length);
        }
        int done = 0;
        while (done < length) {
            final int chunk = (int) Math.min(Math.min(length - done, HostMemory.PAGE_SIZE), sendSpaceBytes());
            if (chunk <= 0) {
                break;
            }
            final int pfn = driver.sendPool().allocate();
            if (pfn == HostMemory.NO_PAGE) {
                break;
            }
            driver.cpu().copyIn(src, offset + done, chunk, pfn, 0);
            if (!send(pfn, 0, chunk)) {
                driver.memory().release(pfn);
                break;
            }
            done += chunk;
        }
        return done;
    }

    @Override
    public void shutdown() {
        if (host != null) {
            host.shutdown();
            return;
        }
        if (closed || shutdown || tid < 0) {
            return;
        }
        shutdown = true;
        driver.post(ToeCommandDescriptor.CLOSE, 0, false, tid, cookie, HostMemory.NO_PAGE, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void close() {
        end(false);
    }

    @Override
    public void abort() {
        end(true);
    }

    /**
     * Close (a FIN after what is queued) or abort (a RST): what the card placed and the application
     * has not read is freed either way. Nothing is posted for a connection the card already ended,
     * nor a second time for one the application already closed (an abort after a close still goes
     * out, as Linux's close then SO_LINGER 0 would).
     */
    private void end(boolean abort) {
        releaseReceived();
        if (host != null) {
            if (abort) {
                host.abort();
            } else {
                host.close();
            }
            return;
        }
        final boolean nothingToPost = closed || closedByApp && (!abort || tid < 0);
        closedByApp = true;
        if (nothingToPost) {
            return;
        }
        shutdown = true;
        if (tid >= 0) {
            driver.post(abort ? ToeCommandDescriptor.ABORT : ToeCommandDescriptor.CLOSE,
                abort ? 0 : ToeDriver.FLAG_FULL_CLOSE, false, tid, cookie, HostMemory.NO_PAGE, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    private void releaseReceived() {
        for (int i = 0; i < received.size(); i += 3) {
            driver.memory().release(received.getInt(i));
        }
        received.clear();
        readable = 0;
    }

    @Override
    public boolean isEstablished() {
        return host != null ? host.isEstablished() : established && !closed;
    }

    @Override
    public boolean isEndOfStream() {
        return received.isEmpty() && (host != null ? host.isEndOfStream() : peerClosed);
    }

    @Override
    public long readableBytes() {
        return readable + (host != null ? host.readableBytes() : 0);
    }

    @Override
    public long sendSpaceBytes() {
        if (host != null) {
            return host.sendSpaceBytes();
        }
        if (!established || closed || shutdown || !driver.commandRoom()) {
            return 0;
        }
        return Math.max(0, sendBufferBytes - (sentBytes - ackedBytes));
    }

    @Override
    public void onReady(Readiness newReadiness) {
        wakeup.set(newReadiness);
        if (host != null) {
            host.onReady(newReadiness == null ? null : x -> noteNews());
        }
    }

    /** Whether the card reported the connection reset, refused, timed out or lost (a card reset). */
    public boolean isFailed() {
        return error != ToeCompletionDescriptor.STATUS_OK;
    }

    /** What the card said went wrong ({@code ok} when nothing did): {@code reset}, {@code card_reset}, ... */
    public String error() {
        return ToeCompletionDescriptor.statusName(error);
    }

    /** The peer's port. */
    public int remotePort() {
        return remotePort;
    }

    /**
     * The TCP engine running this connection now, for checkers that watch sequence numbers: the
     * card's (read straight from card memory, not over the command queue), the host stack's after
     * an upload, or null once the connection is gone.
     */
    public TcpConnection engine() {
        if (host instanceof TcpSocket t) {
            return t.connection();
        }
        return closed || tid < 0 ? null : driver.card().engine(tid, cookie);
    }

    /** Whether the connection ended in a reset: the peer's, a card reset, or the host stack's after an upload. */
    public boolean wasReset() {
        if (host instanceof TcpSocket t) {
            return t.closeReason() == CloseReason.RESET;
        }
        return error == ToeCompletionDescriptor.STATUS_RESET || error == ToeCompletionDescriptor.STATUS_CARD_RESET;
    }

    /** Whether the card uploaded this connection and the host stack runs it now. */
    public boolean isUploaded() {
        return host != null;
    }

    /** The card uploaded the connection: the host stack's {@code socket} continues it. */
    void continueOn(StreamSocket socket) {
        this.host = socket;
        if (wakeup.isSet()) {
            socket.onReady(x -> noteNews());
        }
        if (closedByApp) {
            socket.close();
        }
        noteNews();
    }

    /** Bytes the peer has acknowledged, as the card reported them. */
    public long ackedBytes() {
        return ackedBytes;
    }

    // ---------------------------------------------------------------- completions

    void onCompletion(ToeCompletionDescriptor c, boolean returnsPage) {
        switch (c.type()) {
            case ToeCompletionDescriptor.DATA_ARRIVED -> arrived(c.pfn(), c.pageOffset(), c.lengthBytes());
            case ToeCompletionDescriptor.SEND_DONE -> {
                if (returnsPage) {
                    driver.memory().release(c.pfn());
                }
                ackedBytes = Math.max(ackedBytes, c.value());
            }
            case ToeCompletionDescriptor.RECEIVE_RETURNED -> {
                postedPages--;
                driver.memory().release(c.pfn());
            }
            case ToeCompletionDescriptor.STATE_CHANGE -> stateChange(c);
            case ToeCompletionDescriptor.ERROR -> {
                if (returnsPage) {
                    driver.memory().release(c.pfn());
                }
                if (tid < 0) {
                    fail(c.status()); // the card could not open the connection
                    driver.forget(this);
                }
            }
            default -> {
                if (returnsPage) {
                    driver.memory().release(c.pfn());
                }
            }
        }
        noteNews();
    }

    private void arrived(int pfn, int offset, int length) {
        postedPages--;
        if (closedByApp || closed) {
            driver.memory().release(pfn);
            return;
        }
        if (readable == 0) {
            driver.cpu().cost().charge(CostOp.WAKEUP);
        }
        received.addInt(pfn);
        received.addInt(offset);
        received.addInt(length);
        readable += length;
        receiveTarget = Math.min(driver.config().receiveBuffersPerSocket(), receiveTarget + 1);
        driver.replenish(this);
    }

    private void stateChange(ToeCompletionDescriptor c) {
        switch (c.state()) {
            case ToeCompletionDescriptor.STATE_ESTABLISHED -> {
                tid = c.tid();
                established = true;
                driver.established(this, tid);
                if (closedByApp) {
                    // closed while its SYN was out (the card had not named it yet): Linux drops such a
                    // connection and resets what answers it; the card, which completed the handshake,
                    // is told to reset it now, so it holds no slot for an application that is gone
                    driver.post(ToeCommandDescriptor.ABORT, 0, false, tid, cookie, HostMemory.NO_PAGE,
                        0, 0, 0, 0, 0, 0, 0);
                    return;
                }
                driver.replenish(this);
            }
            case ToeCompletionDescriptor.STATE_PEER_CLOSED -> peerClosed = true;
            case ToeCompletionDescriptor.STATE_CLOSED -> {
                if (c.status() == ToeCompletionDescriptor.STATUS_UPLOADED) {
                    driver.takeUpload(this);
                    return;
                }
                if (c.status() != ToeCompletionDescriptor.STATUS_OK && !closedByApp) {
                    error = c.status();
                }
                closed = true;
                driver.forget(this);
            }
            default -> { }
        }
    }

    /** The connection is gone for {@code status}: what was placed stays readable, nothing more comes. */
    void fail(int status) {
        error = status;
        closed = true;
        established = false;
        noteNews();
    }

    private void noteNews() {
        wakeup.wake();
    }

    @Override
    public String toString() {
        return "ToeSocket[tid " + tid + (closed ? " closed " + error() : established ? " established" : " opening") + "]";
    }
}
