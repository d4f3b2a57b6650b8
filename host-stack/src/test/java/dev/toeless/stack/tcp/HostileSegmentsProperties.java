package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.SimRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input: random segments (any flags, sequence and acknowledgment numbers near and far
 * from the window, lying windows, odd options, payloads) thrown at a live connection between
 * ordinary traffic. Nothing may throw, the receive point never moves back, the send point never
 * passes what was sent, and every page comes back. A failure names its seed.
 */
class HostileSegmentsProperties {
    static final long MS = 1_000_000L;

    @Property(tries = 300)
    void randomSegmentsNeverBreakTheConnection(@ForAll long seed) {
        final HostMemory memory = new HostMemory(2048);
        final SimRandom rnd = new SimRandom(seed);
        final boolean options = rnd.chance(0.5);
        final TcpScript t = new TcpScript(memory, TcpScript.plain().windowScaling(options).timestamps(options)
            .sack(options).receiveBufferBytes(16_384).build());
        try {
            if (rnd.chance(0.5)) {
                t.establishActive();
            } else {
                t.establishPassive();
            }
            int rcvNxt = t.conn.rcvNxt();
            for (int step = 0; step < 200 && t.conn.state() != TcpState.CLOSED; step++) {
                switch (rnd.nextInt(6)) {
                    case 0 -> t.recv(randomSegment(rnd, t));
                    case 1 -> t.recv(plausibleSegment(rnd, t));
                    case 2 -> {
                        if (t.conn.sendSpaceBytes() > 3000 && t.conn.state() == TcpState.ESTABLISHED) {
                            t.appSend(1 + rnd.nextInt(3000));
                        }
                    }
                    case 3 -> t.appRead(rnd.nextInt(5000));
                    case 4 -> t.advanceTo(t.nowNs + rnd.nextLong(2000 * MS));
                    default -> t.recv(plausibleSegment(rnd, t));
                }
                t.drain();
                if (t.conn.state() != TcpState.CLOSED) {
                    assertThat(SeqNum.ge(t.conn.rcvNxt(), rcvNxt)).as("rcvNxt moved back, seed " + seed).isTrue();
                    rcvNxt = t.conn.rcvNxt();
                    assertThat(SeqNum.le(t.conn.sndUna(), t.conn.sndNxt())).as("una > nxt, seed " + seed).isTrue();
                    assertThat(t.conn.readableBytes()).as("seed " + seed).isLessThanOrEqualTo(16_384 + 1024);
                }
            }
        } finally {
            t.finish();
        }
        assertThat(memory.pagesInUse()).as("pages leaked, seed " + seed).isZero();
    }

    private static Seg randomSegment(SimRandom rnd, TcpScript t) {
        final Seg s = Seg.seg(rnd.nextInt(256)).seq((int) rnd.nextLong()).ack((int) rnd.nextLong())
            .win(rnd.nextInt(65536));
        decorate(rnd, s);
        return s;
    }

    /** Near the window: what an attacker in the path or a confused peer would send. */
    private static Seg plausibleSegment(SimRandom rnd, TcpScript t) {
        final int flags = TcpFlags.ACK | (rnd.chance(0.1) ? TcpFlags.FIN : 0) | (rnd.chance(0.05) ? TcpFlags.SYN : 0)
            | (rnd.chance(0.05) ? TcpFlags.RST : 0) | (rnd.chance(0.3) ? TcpFlags.PSH : 0);
        final Seg s = Seg.seg(rnd.chance(0.05) ? flags & ~TcpFlags.ACK : flags)
            .seq(t.conn.rcvNxt() + rnd.nextInt(-3000, 20_000))
            .ack(t.conn.sndUna() + rnd.nextInt(-2000, 6000))
            .win(rnd.chance(0.1) ? 0 : rnd.nextInt(65536));
        decorate(rnd, s);
        return s;
    }

    private static void decorate(SimRandom rnd, Seg s) {
        if (rnd.chance(0.5)) {
            s.len(rnd.nextInt(1, 3000));
        }
        if (rnd.chance(0.5)) {
            s.ts((int) rnd.nextLong(), (int) rnd.nextLong());
        }
        if (rnd.chance(0.3)) {
            for (int i = rnd.nextInt(5); i > 0; i--) {
                final int left = s.ack + rnd.nextInt(-5000, 20_000);
                s.sack(left, left + rnd.nextInt(-100, 5000));
            }
        }
        if (rnd.chance(0.05)) {
            s.mss(rnd.nextInt(65536)).ws(rnd.nextInt(256));
        }
    }
}
