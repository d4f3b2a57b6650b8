package dev.toeless.stack.sockmem;

import dev.toeless.nic.mem.HostMemory;

/**
 * The global socket-memory limit with per-socket accounting, after Linux's {@code tcp_mem}
 * (low / pressure / high, in pages) and per-socket {@code rmem}/{@code wmem} charging.
 *
 * <p>Every socket opens a {@link SocketAccount} and charges the bytes it queues: received data
 * (in order, or out of order) and data written but not yet acknowledged; it uncharges them when
 * they leave. A charge is allowed when
 * <ol>
 *   <li>the socket stays within its own buffer (else {@link ChargeResult#REFUSED_SOCKET_LIMIT});</li>
 *   <li>and either the socket stays within the per-socket minimum for that direction (tcp_rmem[0],
 *       tcp_wmem[0], always granted), or:
 *   <li>global usage stays at or under {@code high} (else {@link ChargeResult#REFUSED_GLOBAL_LIMIT});</li>
 *   <li>and, when the state was already {@link PressureState#PRESSURE}, the socket stays within its
 *       fair share, {@code sockets * socketBytes <= high} as in Linux's
 *       {@code __sk_mem_raise_allocated}; out-of-order data gets nothing beyond the minimum under
 *       pressure (else {@link ChargeResult#REFUSED_PRESSURE}).</li>
 * </ol>
 * Usage is kept in bytes; a threshold of n pages is {@code n * PAGE_SIZE} bytes. The state turns
 * to PRESSURE when usage passes {@code pressure} and back to NORMAL when it falls below {@code low}.
 *
 * <p>For TCP: the receive side advertises at most {@link #receiveWindowAllowance} (it never
 * shrinks a window already offered; it stops opening it), charges in-order data that arrived
 * inside that window with {@link #forceChargeReceive} (dropping a segment only when
 * {@link #globalRoomBytes} cannot hold it), or {@link #chargeReceive} when it may be refused,
 * each out-of-order segment with {@link #chargeOutOfOrder} (dropping the segment when refused)
 * and prunes {@link #outOfOrderExcess} bytes of its out-of-order queue when asked. The send side queues at most {@link #sendSpace} and blocks the writer until
 * {@link #isWritable}. A charge of exactly the allowance is always allowed.
 *
 * <p>What to charge is the caller's choice and should be what the data really holds: a socket
 * that queues page fragments charges the pages' size (Linux's truesize), not just the payload
 * bytes, so a stream of small segments each pinning a page counts as the memory it pins.
 *
 * <p>Limits can be changed at run time; {@link #setGlobalLimitEnabled(boolean) disabling} the
 * global limit leaves only the per-socket buffers, as on a TOE card that keeps its own memory.
 * One owner, one thread; no allocation per charge.
 */
public final class SocketMemory {
    private static final int PAGE_SIZE = HostMemory.PAGE_SIZE;
    private static final int REASONS = ChargeResult.values().length;

    private long lowBytes;
    private long pressureBytes;
    private long highBytes;
    private int minReceiveBytes = PAGE_SIZE;
    private int minSendBytes = PAGE_SIZE;
    private boolean globalLimit = true;
    private boolean underPressure;

    private long usedBytes;
    private long peakBytes;
    private int sockets;
    private long pressureEntries;
    private final long[] refused = new long[ChargeKind.values().length * REASONS];

    /** Limits in pages of {@link HostMemory#PAGE_SIZE} bytes, {@code low <= pressure <= high}. */
    public SocketMemory(long lowPages, long pressurePages, long highPages) {
        setLimits(lowPages, pressurePages, highPages);
    }

    /** Changes tcp_mem; the state is re-evaluated at once. */
    public void setLimits(long lowPages, long pressurePages, long highPages) {
        if (lowPages < 0 || lowPages > pressurePages || pressurePages > highPages
            || highPages > Long.MAX_VALUE / PAGE_SIZE) {
            throw new IllegalArgumentException("need 0 <= low <= pressure <= high: " + lowPages + " "
                + pressurePages + " " + highPages);
        }
        this.lowBytes = lowPages * PAGE_SIZE;
        this.pressureBytes = pressurePages * PAGE_SIZE;
        this.highBytes = highPages * PAGE_SIZE;
        updateState();
    }

    /** The per-socket minimums always granted (tcp_rmem[0], tcp_wmem[0]); a page each by default. */
    public void setMinimums(int minReceiveBytes, int minSendBytes) {
        if (minReceiveBytes < 0 || minSendBytes < 0) {
            throw new IllegalArgumentException("minimums must not be negative");
        }
        this.minReceiveBytes = minReceiveBytes;
        this.minSendBytes = minSendBytes;
    }

    /** Switches the global limit on or off; the per-socket buffers apply either way. */
    public void setGlobalLimitEnabled(boolean enabled) {
        this.globalLimit = enabled;
        updateState();
    }

    public boolean isGlobalLimitEnabled() {
        return globalLimit;
    }

    /** Opens an account with the given buffer limits. */
    public SocketAccount open(int receiveBufferBytes, int sendBufferBytes) {
        checkBuffer(receiveBufferBytes);
        checkBuffer(sendBufferBytes);
        sockets++;
        return new SocketAccount(this, receiveBufferBytes, sendBufferBytes);
    }

    /** Closes an account, uncharging whatever it still holds. */
    public void close(SocketAccount account) {
        check(account);
        usedBytes -= account.totalBytes();
        account.receiveBytes = 0;
        account.outOfOrderBytes = 0;
        account.sendBytes = 0;
        account.closed = true;
        sockets--;
        updateState();
    }

    /**
     * Changes SO_RCVBUF at run time. Bytes already charged stay; if they now exceed the buffer, no
     * new receive charge is allowed and {@link #outOfOrderExcess} asks for pruning.
     */
    public void setReceiveBuffer(SocketAccount account, int bytes) {
        check(account);
        checkBuffer(bytes);
        account.receiveBufferBytes = bytes;
    }

    /** Changes SO_SNDBUF at run time. */
    public void setSendBuffer(SocketAccount account, int bytes) {
        check(account);
        checkBuffer(bytes);
        account.sendBufferBytes = bytes;
    }

    /** Charges {@code bytes} of in-order received data. */
    public ChargeResult chargeReceive(SocketAccount account, int bytes) {
        check(account);
        final ChargeResult result = decide(account, account.receiveBytes, account.receiveBufferBytes,
            minReceiveBytes, bytes, false);
        if (result.allowed()) {
            account.receiveBytes += bytes;
            add(bytes);
        } else {
            count(account, ChargeKind.RECEIVE, result);
        }
        return result;
    }

    /**
     * Charges {@code bytes} of in-order data that arrived inside a window already offered: the
     * receiver may not shrink that window (RFC 9293), so only the global hard limit refuses it
     * (the caller checks {@link #globalRoomBytes()} first and drops, as Linux's forced charge).
     */
    public void forceChargeReceive(SocketAccount account, int bytes) {
        check(account);
        account.receiveBytes += bytes;
        add(bytes);
    }

    /** Bytes that can still be charged before the global hard limit; unbounded when it is off. */
    public long globalRoomBytes() {
        return globalLimit ? Math.max(0, highBytes - usedBytes) : Long.MAX_VALUE;
    }

    /** Charges {@code bytes} of out-of-order received data; refused beyond the minimum under pressure. */
    public ChargeResult chargeOutOfOrder(SocketAccount account, int bytes) {
        check(account);
        final ChargeResult result = decide(account, account.receiveBytes, account.receiveBufferBytes,
            minReceiveBytes, bytes, true);
        if (result.allowed()) {
            account.receiveBytes += bytes;
            account.outOfOrderBytes += bytes;
            add(bytes);
        } else {
            count(account, ChargeKind.OUT_OF_ORDER, result);
        }
        return result;
    }

    /** Out-of-order bytes that became in-order when a hole was filled; usage does not change. */
    public void promoteOutOfOrder(SocketAccount account, int bytes) {
        check(account);
        checkUncharge(bytes, account.outOfOrderBytes, "out-of-order");
        account.outOfOrderBytes -= bytes;
    }

    /** Uncharges in-order received data the reader consumed. */
    public void unchargeReceive(SocketAccount account, int bytes) {
        check(account);
        checkUncharge(bytes, account.receiveBytes - account.outOfOrderBytes, "in-order receive");
        account.receiveBytes -= bytes;
        add(-bytes);
    }

    /** Uncharges out-of-order data that was pruned or dropped. */
    public void unchargeOutOfOrder(SocketAccount account, int bytes) {
        check(account);
        checkUncharge(bytes, account.outOfOrderBytes, "out-of-order");
        account.outOfOrderBytes -= bytes;
        account.receiveBytes -= bytes;
        add(-bytes);
    }

    /** Charges {@code bytes} the application wrote; refused means the writer must wait. */
    public ChargeResult chargeSend(SocketAccount account, int bytes) {
        check(account);
        final ChargeResult result = decide(account, account.sendBytes, account.sendBufferBytes,
            minSendBytes, bytes, false);
        if (result.allowed()) {
            account.sendBytes += bytes;
            add(bytes);
        } else {
            count(account, ChargeKind.SEND, result);
        }
        return result;
    }

    /** Uncharges acknowledged (or discarded) send data. */
    public void unchargeSend(SocketAccount account, int bytes) {
        check(account);
        checkUncharge(bytes, account.sendBytes, "send");
        account.sendBytes -= bytes;
        add(-bytes);
    }

    /** The most in-order bytes a {@link #chargeReceive} would allow now: the window TCP may offer. */
    public long receiveWindowAllowance(SocketAccount account) {
        check(account);
        return allowance(account, account.receiveBytes, account.receiveBufferBytes, minReceiveBytes);
    }

    /** The most bytes a {@link #chargeSend} would allow now. */
    public long sendSpace(SocketAccount account) {
        check(account);
        return allowance(account, account.sendBytes, account.sendBufferBytes, minSendBytes);
    }

    /**
     * Whether a blocked writer should be woken: there is send space and it is at least half of what
     * is queued, the hysteresis of Linux's {@code sk_stream_is_writeable}.
     */
    public boolean isWritable(SocketAccount account) {
        final long space = sendSpace(account);
        return space > 0 && space >= account.sendBytes / 2;
    }

    /**
     * Out-of-order bytes the socket should drop now (Linux's {@code tcp_prune_ofo_queue}): what
     * exceeds its buffer, the global limit, or under pressure its fair share, up to all it holds.
     */
    public long outOfOrderExcess(SocketAccount account) {
        check(account);
        long excess = account.receiveBytes - account.receiveBufferBytes;
        if (globalLimit) {
            excess = Math.max(excess, usedBytes - highBytes);
            if (underPressure) {
                excess = Math.max(excess, account.totalBytes() - highBytes / Math.max(1, sockets));
            }
        }
        return Math.clamp(excess, 0, account.outOfOrderBytes);
    }

    private ChargeResult decide(SocketAccount a, long socketBytes, int bufferBytes, int minBytes, int bytes,
                                boolean outOfOrder) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative charge " + bytes);
        }
        if (bytes == 0) {
            return ChargeResult.ALLOWED; // asks for nothing, even from a socket over its share
        }
        if (socketBytes + bytes > bufferBytes) {
            return ChargeResult.REFUSED_SOCKET_LIMIT;
        }
        if (!globalLimit || socketBytes + bytes <= minBytes) {
            return ChargeResult.ALLOWED;
        }
        if (usedBytes + bytes > highBytes) {
            return ChargeResult.REFUSED_GLOBAL_LIMIT;
        }
        if (underPressure && (outOfOrder || (a.totalBytes() + bytes) * sockets > highBytes)) {
            return ChargeResult.REFUSED_PRESSURE;
        }
        return ChargeResult.ALLOWED;
    }

    private long allowance(SocketAccount a, long socketBytes, int bufferBytes, int minBytes) {
        final long ownRoom = Math.max(0, bufferBytes - socketBytes);
        if (!globalLimit) {
            return ownRoom;
        }
        long room = Math.min(ownRoom, Math.max(0, highBytes - usedBytes));
        if (underPressure) {
            room = Math.min(room, Math.max(0, highBytes / sockets - a.totalBytes()));
        }
        final long guaranteed = Math.min(ownRoom, Math.max(0, minBytes - socketBytes));
        return Math.max(room, guaranteed);
    }

    private void add(long bytes) {
        usedBytes += bytes;
        peakBytes = Math.max(peakBytes, usedBytes);
        updateState();
    }

    private void updateState() {
        if (!globalLimit) {
            underPressure = false;
            return;
        }
        if (!underPressure && usedBytes > pressureBytes) {
            underPressure = true;
            pressureEntries++;
        } else if (underPressure && usedBytes < lowBytes) {
            underPressure = false;
        }
    }

    private void count(SocketAccount account, ChargeKind kind, ChargeResult result) {
        refused[kind.ordinal() * REASONS + result.ordinal()]++;
        account.refused++;
    }

    private void check(SocketAccount account) {
        if (account.owner != this || account.closed) {
            throw unusable(account);
        }
    }

    /** Kept out of {@link #check} so the check is small enough to inline everywhere. */
    private static IllegalStateException unusable(SocketAccount account) {
        return new IllegalStateException(account.closed ? "account is closed" : "account of another SocketMemory");
    }

    private static void checkBuffer(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative buffer size " + bytes);
        }
    }

    private static void checkUncharge(int bytes, long charged, String what) {
        if (bytes < 0 || bytes > charged) {
            throw new IllegalStateException("uncharging " + bytes + " " + what + " bytes but " + charged
                + " are charged");
        }
    }

    /** The global state now. */
    public PressureState state() {
        if (globalLimit && usedBytes > highBytes) {
            return PressureState.OVER_LIMIT;
        }
        return underPressure ? PressureState.PRESSURE : PressureState.NORMAL;
    }

    public long usedBytes() {
        return usedBytes;
    }

    /** Usage in pages, rounded up, to compare with the thresholds as Linux reports them. */
    public long usedPages() {
        return (usedBytes + PAGE_SIZE - 1) / PAGE_SIZE;
    }

    public long peakBytes() {
        return peakBytes;
    }

    public int sockets() {
        return sockets;
    }

    /** Times the state went from NORMAL to PRESSURE. */
    public long pressureEntries() {
        return pressureEntries;
    }

    /** Refused charges of one kind for one reason. */
    public long refused(ChargeKind kind, ChargeResult reason) {
        return refused[kind.ordinal() * REASONS + reason.ordinal()];
    }

    /** Refused charges of all kinds for one reason. */
    public long refused(ChargeResult reason) {
        long sum = 0;
        for (ChargeKind kind : ChargeKind.values()) {
            sum += refused(kind, reason);
        }
        return sum;
    }
}
