package dev.toeless.bench.packetdrill;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.TcpConnection;
import dev.toeless.stack.tcp.TcpSegment;
import dev.toeless.stack.tcp.TcpState;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The host under test: one {@link TcpConnection} of our engine on a virtual clock, the device
 * queue of what it sent (as packetdrill reads a TUN device: in order, each with the time it left),
 * and a listener that opens the connection when a SYN arrives. The socket layer on top is
 * {@link SocketCalls}.
 */
class ScriptHost {
    /** Our initial sequence number: far from 0 so that a missing translation shows. */
    static final int LOCAL_ISS = 0x7654_3210;

    final HostMemory memory = HostMemory.ofMebibytes(64);
    final LinuxDefaults.HostKnobs knobs = new LinuxDefaults.HostKnobs();
    final TcpConfig.Builder config = LinuxDefaults.builder(knobs);
    final ArrayDeque<SentSegment> sent = new ArrayDeque<>();
    long nowNs;
    /** The connection, once a SYN arrived at the listener or the script connected. */
    TcpConnection conn;
    /** True when a listening socket exists to answer a SYN. */
    boolean listening;
    /** MSS set with TCP_MAXSEG before the connection exists, or 0. */
    int userMss;
    /** TCP_USER_TIMEOUT set before the connection exists, or 0. */
    long userTimeoutNs;
    private final TcpSegment scratch = new TcpSegment();
    Consumer<SentSegment> observer = s -> { };

    /** Our initial sequence number, to translate the script's relative sequence numbers. */
    long localIss() {
        return LOCAL_ISS;
    }

    /** Why this host cannot run a shell command of the script's set-up ({@code null}: it can). */
    String refuses(String shellLine) {
        return null;
    }

    /** Why {@code tcp_info} cannot be read on this host ({@code null}: it can, from {@link #conn}). */
    String tcpInfoRefusal() {
        return null;
    }

    /**
     * Whether a call that would block may run the host for up to the timing tolerance before it
     * must return: a host whose socket calls cross a command queue answers a few microseconds later.
     */
    boolean callsSettle() {
        return false;
    }

    /** Also hands every segment sent to {@code o} (for tracing). */
    void onSent(Consumer<SentSegment> o) {
        observer = o;
    }

    /** Creates the connection with the configuration as the script left it. */
    TcpConnection open() {
        TcpConfig c = config.build();
        if (userMss > 0) {
            c = c.withMssBytes(userMss);
        }
        conn = new TcpConnection(c, memory, s -> {
            if (knobs.qdiscDrops) {
                return; // dropped below the stack: never reaches the device
            }
            s.copyTo(scratch);
            final SentSegment seg = SentSegment.of(nowNs, scratch);
            observer.accept(seg);
            sent.add(seg);
            scratch.releaseFragments(memory);
        });
        conn.userTimeout(userTimeoutNs);
        conn.localQueueDrops(nowNs, knobs.qdiscDrops);
        return conn;
    }

    /** A qdisc that drops everything is installed ({@code true}) or the default one is back. */
    void qdiscDrops(boolean drops) {
        knobs.qdiscDrops = drops;
        if (conn != null) {
            conn.localQueueDrops(nowNs, drops);
        }
    }

    /** Moves the clock to {@code atNs}, running the connection's timers due on the way. */
    void advanceTo(long atNs, Runnable afterEachTimer) {
        while (conn != null && conn.nextDeadlineNs() <= atNs) {
            nowNs = Math.max(nowNs, conn.nextDeadlineNs());
            conn.onTimer(nowNs);
            afterEachTimer.run();
        }
        nowNs = Math.max(nowNs, atNs);
    }

    /** The next deadline of the connection, or {@code Long.MAX_VALUE}. */
    long nextDeadlineNs() {
        return conn == null ? Long.MAX_VALUE : conn.nextDeadlineNs();
    }

    /** Hands an inbound segment to the connection (opening it at the listener for a SYN). */
    void inject(TcpSegment seg) {
        if (conn == null) {
            open();
            if (listening) {
                conn.listen(LOCAL_ISS);
            }
        }
        conn.onSegment(nowNs, seg);
    }

    /** True once the connection is past its handshake (what accept() waits for). */
    boolean acceptReady() {
        return conn != null && conn.state() != TcpState.LISTEN && conn.state() != TcpState.SYN_RECEIVED
            && conn.state() != TcpState.CLOSED;
    }
}
