package dev.toeless.bench.packetdrill;

import dev.toeless.nic.wire.TcpOptionsView;
import dev.toeless.stack.tcp.TcpFlags;
import dev.toeless.stack.tcp.TcpSegment;

import java.util.ArrayList;
import java.util.List;

/**
 * A segment our stack sent, as the script's {@code >} lines see it: header fields, payload length,
 * and the options in the order and alignment our wire codec ({@code TcpWire}) writes them, which
 * is Linux's. Sequence numbers are still live (our ISS, the peer's ISN).
 */
record SentSegment(long timeNs, int flags, long seq, long ack, int window, int length, List<TcpOptionSpec> options,
                   boolean hasTs, long tsVal, long tsEcr) {

    static SentSegment of(long timeNs, TcpSegment s) {
        final List<TcpOptionSpec> opts = new ArrayList<>();
        if (s.mssOption() != TcpSegment.NONE) {
            opts.add(TcpOptionSpec.of(TcpOptionSpec.MSS, s.mssOption()));
        }
        if (s.hasTimestamps()) {
            if (s.sackPermitted()) {
                opts.add(TcpOptionSpec.of(TcpOptionSpec.SACK_OK));
            } else {
                opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
                opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            }
            opts.add(new TcpOptionSpec(TcpOptionSpec.TS, s.tsVal() & 0xFFFF_FFFFL, s.tsEcr() & 0xFFFF_FFFFL, List.of()));
        } else if (s.sackPermitted()) {
            opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            opts.add(TcpOptionSpec.of(TcpOptionSpec.SACK_OK));
        }
        if (s.windowScaleOption() != TcpSegment.NONE) {
            opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            opts.add(TcpOptionSpec.of(TcpOptionSpec.WSCALE, s.windowScaleOption()));
        }
        if (s.sackBlockCount() > 0) {
            opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            final List<long[]> blocks = new ArrayList<>();
            for (int i = 0; i < s.sackBlockCount(); i++) {
                blocks.add(new long[] {s.sackLeft(i) & 0xFFFF_FFFFL, s.sackRight(i) & 0xFFFF_FFFFL});
            }
            opts.add(new TcpOptionSpec(TcpOptionSpec.SACK, 0, 0, blocks));
        }
        return new SentSegment(timeNs, s.flags(), s.seq() & 0xFFFF_FFFFL, s.ack() & 0xFFFF_FFFFL, s.windowField(),
            (int) s.payloadBytes(), opts, s.hasTimestamps(), s.tsVal() & 0xFFFF_FFFFL, s.tsEcr() & 0xFFFF_FFFFL);
    }

    /** A segment read off the wire: its header fields and its options as the frame parser decoded them. */
    static SentSegment of(long timeNs, int flags, long seq, long ack, int window, int length, TcpOptionsView o) {
        final List<TcpOptionSpec> opts = new ArrayList<>();
        if (o.mss() != TcpOptionsView.NONE) {
            opts.add(TcpOptionSpec.of(TcpOptionSpec.MSS, o.mss()));
        }
        if (o.hasTimestamps()) {
            if (o.sackPermitted()) {
                opts.add(TcpOptionSpec.of(TcpOptionSpec.SACK_OK));
            } else {
                opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
                opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            }
            opts.add(new TcpOptionSpec(TcpOptionSpec.TS, o.tsVal() & 0xFFFF_FFFFL, o.tsEcr() & 0xFFFF_FFFFL, List.of()));
        } else if (o.sackPermitted()) {
            opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            opts.add(TcpOptionSpec.of(TcpOptionSpec.SACK_OK));
        }
        if (o.windowScale() != TcpOptionsView.NONE) {
            opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            opts.add(TcpOptionSpec.of(TcpOptionSpec.WSCALE, o.windowScale()));
        }
        if (o.sackCount() > 0) {
            opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            opts.add(TcpOptionSpec.of(TcpOptionSpec.NOP));
            final List<long[]> blocks = new ArrayList<>();
            for (int i = 0; i < o.sackCount(); i++) {
                blocks.add(new long[] {o.sackLeft(i) & 0xFFFF_FFFFL, o.sackRight(i) & 0xFFFF_FFFFL});
            }
            opts.add(new TcpOptionSpec(TcpOptionSpec.SACK, 0, 0, blocks));
        }
        return new SentSegment(timeNs, flags, seq & 0xFFFF_FFFFL, ack & 0xFFFF_FFFFL, window, length, opts,
            o.hasTimestamps(), o.tsVal() & 0xFFFF_FFFFL, o.tsEcr() & 0xFFFF_FFFFL);
    }

    /** This segment with the next one's payload appended (packetdrill's aggregation of TSO pieces). */
    SentSegment append(SentSegment next) {
        final int tail = next.flags & (TcpFlags.PSH | TcpFlags.FIN);
        return new SentSegment(timeNs, flags | tail, seq, ack, window, length + next.length, options, hasTs, tsVal,
            tsEcr);
    }

    static String flagString(int flags) {
        final StringBuilder sb = new StringBuilder();
        if ((flags & TcpFlags.SYN) != 0) {
            sb.append('S');
        }
        if ((flags & TcpFlags.FIN) != 0) {
            sb.append('F');
        }
        if ((flags & TcpFlags.RST) != 0) {
            sb.append('R');
        }
        if ((flags & TcpFlags.PSH) != 0) {
            sb.append('P');
        }
        if ((flags & TcpFlags.URG) != 0) {
            sb.append('U');
        }
        if ((flags & TcpFlags.ECE) != 0) {
            sb.append('E');
        }
        if ((flags & TcpFlags.CWR) != 0) {
            sb.append('W');
        }
        if ((flags & TcpFlags.ACK) != 0) {
            sb.append('.');
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
