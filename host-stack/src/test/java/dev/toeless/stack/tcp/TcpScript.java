package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A scripted conversation with one connection, in the style of smoltcp's socket tests: the test
 * plays the peer with {@link #recv}, checks what the connection sent with {@link #expect}, and
 * moves a hand-held clock with {@link #advanceTo} (which runs the connection's timers; checks run
 * the ones due now first).
 */
final class TcpScript {
    static final int LOCAL_ISS = 10_000;
    static final int REMOTE_ISS = 50_000;

    final HostMemory memory;
    final TcpConnection conn;
    final ArrayDeque<TcpSegment> sent = new ArrayDeque<>();
    long nowNs;

    TcpScript(HostMemory memory, TcpConfig config) {
        this.memory = memory;
        this.conn = new TcpConnection(config, memory, s -> {
            final TcpSegment copy = new TcpSegment();
            s.copyTo(copy);
            sent.add(copy);
        });
    }

    /** A plain config: no options beyond MSS, a fixed 64 KiB congestion window. */
    static TcpConfig.Builder plain() {
        return TcpConfig.builder().windowScaling(false).timestamps(false).sack(false)
            .receiveBufferBytes(8192).sendBufferBytes(65536).mssBytes(1000)
            .congestionControl(() -> new FixedWindow(64 * 1024));
    }

    /** The peer sends {@code t}; payload pages are fresh (one page per 4 KiB). */
    TcpScript recv(Seg t) {
        final TcpSegment s = build(t);
        conn.onSegment(nowNs, s);
        return this;
    }

    TcpSegment build(Seg t) {
        final TcpSegment s = new TcpSegment();
        s.header(t.seq == null ? 0 : t.seq, t.ack == null ? 0 : t.ack, t.flags, t.win == null ? 8192 : t.win);
        if (t.mss != null) {
            s.mssOption(t.mss);
        }
        if (t.ws != null) {
            s.windowScaleOption(t.ws);
        }
        if (t.sackOk != null) {
            s.sackPermitted(t.sackOk);
        }
        if (t.tsVal != null) {
            s.timestamps(t.tsVal, t.tsEcr == null ? 0 : t.tsEcr);
        }
        if (t.sack != null) {
            for (int[] b : t.sack) {
                s.addSackBlock(b[0], b[1]);
            }
        }
        int left = t.len;
        while (left > 0) {
            final int pfn = memory.allocate();
            final int n = Math.min(left, HostMemory.PAGE_SIZE);
            s.addFragment(pfn, 0, n);
            left -= n;
        }
        return s;
    }

    /**
     * The next emitted segment must fit {@code t}; returns it (fragments already released). Timers
     * due now run first, as the host runs them when its current batch of work ends.
     */
    TcpSegment expect(Seg t) {
        advanceTo(nowNs);
        final TcpSegment s = sent.poll();
        if (s == null) {
            fail("expected " + t + " at " + nowNs + " ns, nothing was sent");
        }
        final String mismatch = t.mismatch(s);
        s.releaseFragments(memory);
        if (mismatch != null) {
            fail("expected " + t + " got " + s + ":" + mismatch);
        }
        return s;
    }

    /** Nothing was sent so far, timers due now included. */
    TcpScript expectNothing() {
        advanceTo(nowNs);
        if (!sent.isEmpty()) {
            final TcpSegment s = sent.peek();
            fail("expected nothing at " + nowNs + " ns, got " + s);
        }
        return this;
    }

    /** Moves the clock to {@code atNs}, running timers; nothing may be sent meanwhile. */
    TcpScript expectNothing(long atNs) {
        advanceTo(atNs);
        return expectNothing();
    }

    /** Moves the clock to {@code atNs}, running every timer due on the way. */
    TcpScript advanceTo(long atNs) {
        while (conn.nextDeadlineNs() <= atNs) {
            nowNs = Math.max(nowNs, conn.nextDeadlineNs());
            conn.onTimer(nowNs);
        }
        nowNs = Math.max(nowNs, atNs);
        return this;
    }

    /** Drops and releases everything sent and not yet checked. */
    List<TcpSegment> drain() {
        final List<TcpSegment> out = new ArrayList<>();
        while (!sent.isEmpty()) {
            final TcpSegment s = sent.poll();
            s.releaseFragments(memory);
            out.add(s);
        }
        return out;
    }

    /** Sends {@code bytes} of application data (in fresh pages, split at page size). */
    void appSend(int bytes) {
        int left = bytes;
        while (left > 0) {
            final int n = Math.min(left, HostMemory.PAGE_SIZE);
            final int pfn = memory.allocate();
            final boolean ok = conn.send(nowNs, pfn, 0, n);
            assertThat(ok).as("send accepted").isTrue();
            left -= n;
        }
    }

    /** Reads and releases up to {@code max} bytes; returns the count. */
    long appRead(long max) {
        return conn.read(nowNs, (pfn, off, len) -> memory.release(pfn), max);
    }

    /** Active open to ESTABLISHED with a plain peer (MSS option 1000, window 8192). */
    TcpScript establishActive() {
        conn.connect(nowNs, LOCAL_ISS);
        expect(Seg.syn().seq(LOCAL_ISS));
        recv(Seg.synAck().seq(REMOTE_ISS).ack(LOCAL_ISS + 1).mss(1000).win(8192));
        expect(Seg.ack().seq(LOCAL_ISS + 1).ack(REMOTE_ISS + 1));
        assertThat(conn.state()).isEqualTo(TcpState.ESTABLISHED);
        return this;
    }

    /**
     * Active open with a SACK-permitting peer: our SYN now, the peer's SYN-ACK at {@code synAckAtNs}
     * (the first round-trip sample; MSS 1000, window {@code window}), our ACK.
     */
    TcpScript establishWithSack(long synAckAtNs, int window) {
        conn.connect(nowNs, LOCAL_ISS);
        expect(Seg.syn().sackOk());
        advanceTo(synAckAtNs);
        recv(Seg.synAck().seq(REMOTE_ISS).ack(LOCAL_ISS + 1).mss(1000).sackOk().win(window));
        expect(Seg.ack().ack(REMOTE_ISS + 1));
        assertThat(conn.sackEnabled()).isTrue();
        return this;
    }

    /** Passive open to ESTABLISHED with a plain peer. */
    TcpScript establishPassive() {
        conn.listen(LOCAL_ISS);
        recv(Seg.syn().seq(REMOTE_ISS).mss(1000).win(8192));
        expect(Seg.synAck().seq(LOCAL_ISS).ack(REMOTE_ISS + 1));
        recv(Seg.ack().seq(REMOTE_ISS + 1).ack(LOCAL_ISS + 1).win(8192));
        assertThat(conn.state()).isEqualTo(TcpState.ESTABLISHED);
        return this;
    }

    /** Closes whatever is left so the pages come back. */
    void finish() {
        if (conn.state() != TcpState.CLOSED) {
            conn.abort(nowNs);
        } else {
            conn.close(nowNs);
        }
        drain();
    }
}
