package dev.toeless.bench.debate;

import dev.toeless.bench.demo.DemoMode;
import dev.toeless.bench.testbed.Testbed;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.ToeCard;
import dev.toeless.stack.socket.Listener;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.toe.CardConnectionView;
import dev.toeless.stack.toe.ToeFirmware;

import java.util.Arrays;

/**
 * C7's run for {@code toe}: host B has a TOE card (T6-class defaults), host A a stateless NIC, and
 * one bulk connection between them runs on B's card. A control is applied to host B's own stack
 * (its filter, its qdisc, its socket-memory limits, its call to switch a socket's congestion
 * control) once a quarter of the body has arrived, on the side the control belongs to: B receives
 * for the filter rule and the memory cap, B sends for the rate limit and the congestion-control
 * switch. What the connection then does is measured at the other end (goodput) and read from the
 * card ({@link ToeFirmware#connectionViews()}: its congestion control, advertised window and the
 * bytes it buffers), never assumed.
 */
final class ToeControlRun {
    static final int PORT = StreamRun.PORT;
    private static final long SECOND = 1_000_000_000L;

    /** The four controls, each applied to host B. */
    enum Kind {
        FILTER(false), QDISC(true), CC_SWITCH(true), SOCKET_MEMORY(false);

        /** B (the card's host) sends; otherwise it receives. */
        final boolean toeSends;

        Kind(boolean toeSends) {
            this.toeSends = toeSends;
        }
    }

    record Spec(Kind kind, long bodyBytes, long seed, long linkBitsPerSecond, long afterControlNs) {
    }

    private final Spec spec;

    ToeControlRun(Spec spec) {
        this.spec = spec;
    }

    StreamRun.Result run() {
        final Testbed bed = Testbed.builder(spec.seed())
            .link(LinkConfig.ethernet(spec.linkBitsPerSecond()).withPropagationDelayNs(10_000))
            .a(c -> c.withNic(DriverMode.STATELESS)).b(DemoMode.TOE::apply).build();
        final EventScheduler scheduler = bed.scheduler();
        final Host a = bed.a();
        final Host b = bed.b();
        final ToeFirmware card = ((ToeCard) b.attachment()).driver().card();
        final StreamSocket sender;
        final Listener listener;
        if (spec.kind().toeSends) {
            final TcpListener l = a.tcp().listenV4(PORT, 8);
            listener = l;
            sender = b.connectV4(Testbed.IP_A, PORT);
        } else {
            listener = b.listenV4(PORT, 8);
            sender = a.tcp().connectV4(Testbed.IP_B, PORT);
        }
        final byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'd');
        final byte[] scratch = new byte[64 * 1024];
        StreamSocket receiver = null;
        long written = 0;
        long delivered = 0;
        boolean shut = false;
        long controlAt = -1;
        long deliveredAtControl = 0;
        long settledAt = -1;
        long deliveredAtSettle = 0;
        long peakMemory = 0;
        long peakWindow = 0;
        String did = null;
        String ccBefore = cc(card);
        final long limitNs = 600 * SECOND;
        while (delivered < spec.bodyBytes() && !scheduler.isIdle() && scheduler.nowNs() <= limitNs) {
            if (receiver == null) {
                receiver = listener.accept();
            }
            if (sender.isEstablished() && !shut) {
                while (written < spec.bodyBytes()) {
                    final int n = sender.write(chunk, 0, (int) Math.min(chunk.length, spec.bodyBytes() - written));
                    if (n <= 0) {
                        break;
                    }
                    written += n;
                }
                if (written == spec.bodyBytes()) {
                    sender.shutdown();
                    shut = true;
                }
            }
            if (receiver != null) {
                int n;
                while ((n = receiver.read(scratch, 0, scratch.length)) > 0) {
                    delivered += n;
                }
            }
            if (controlAt < 0 && delivered >= spec.bodyBytes() / 4) {
                controlAt = scheduler.nowNs();
                deliveredAtControl = delivered;
                ccBefore = cc(card);
                did = apply(b, scheduler.nowNs());
            }
            if (controlAt >= 0 && spec.afterControlNs() > 0 && scheduler.nowNs() - controlAt > spec.afterControlNs()) {
                break;
            }
            scheduler.runNext();
            if (controlAt >= 0 && scheduler.nowNs() - controlAt >= spec.afterControlNs() / 2) { // once settled
                if (settledAt < 0) {
                    settledAt = scheduler.nowNs();
                    deliveredAtSettle = delivered;
                }
                final CardConnectionView v = view(card);
                peakMemory = Math.max(peakMemory, b.tcp().socketMemory().usedBytes()
                    + (v == null ? 0 : v.cardBufferedBytes()));
                peakWindow = Math.max(peakWindow, v == null ? 0 : v.receiveWindowBytes());
            }
        }
        final long end = scheduler.nowNs();
        final String ccAfter = cc(card);
        final StreamRun.Result r = new StreamRun.Result(spec.bodyBytes(), delivered, delivered == spec.bodyBytes(), 0, 0,
            0, end, controlAt, did,
            controlAt < 0 ? delivered * 8.0 * SECOND / Math.max(1, end) : deliveredAtControl * 8.0 * SECOND / Math.max(1, controlAt),
            controlAt < 0 ? 0 : (delivered - deliveredAtControl) * 8.0 * SECOND / Math.max(1, end - controlAt),
            settledAt < 0 ? 0 : (delivered - deliveredAtSettle) * 8.0 * SECOND / Math.max(1, end - settledAt),
            peakMemory, peakWindow, ccAfter, ccBefore);
        sender.abort();
        if (receiver != null) {
            receiver.abort();
        }
        listener.close();
        scheduler.runAll(50_000_000);
        a.close();
        b.close();
        a.memory().assertNoLeaks();
        b.memory().assertNoLeaks();
        return r;
    }

    /** The control, done to host B the way the host does it; returns what it did, in words. */
    private String apply(Host b, long nowNs) {
        return switch (spec.kind()) {
            case FILTER -> {
                b.filter().execute("-A INPUT -p tcp --dport " + PORT + " -j DROP");
                yield "-A INPUT -p tcp --dport " + PORT + " -j DROP on the card's host";
            }
            case QDISC -> {
                b.qdisc().setRate(nowNs, ControlsExperiment.RATE_LIMIT_BYTES_PER_S, 64 * 1024);
                yield "the card's host's qdisc shaped to 1 Gbit/s";
            }
            case CC_SWITCH -> "no host TCP connection to switch: the socket is the card's";
            case SOCKET_MEMORY -> {
                b.tcp().socketMemory().setGlobalLimitEnabled(true);
                b.tcp().socketMemory().setLimits(ControlsExperiment.MEMORY_CAP_PAGES / 2,
                    ControlsExperiment.MEMORY_CAP_PAGES * 3 / 4, ControlsExperiment.MEMORY_CAP_PAGES);
                yield "the card's host's tcp_mem high = " + ControlsExperiment.MEMORY_CAP_PAGES + " pages";
            }
        };
    }

    /** The card's view of the bulk connection, or null before the card has it. */
    private static CardConnectionView view(ToeFirmware card) {
        for (CardConnectionView v : card.connectionViews()) {
            if (v.localPort() == PORT || v.remotePort() == PORT) {
                return v;
            }
        }
        return null;
    }

    private static String cc(ToeFirmware card) {
        final CardConnectionView v = view(card);
        return v == null ? "none" : v.congestionControl();
    }
}
