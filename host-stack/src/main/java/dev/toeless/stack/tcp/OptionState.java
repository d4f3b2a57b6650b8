package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;

/**
 * What the SYN exchange settled about options (RFC 7323 window scaling and timestamps, RFC 2018
 * SACK), and the timestamp state that lives on: TS.Recent with its age for PAWS, and the
 * connection's timestamp clock (1 ms ticks from a per-connection offset).
 */
final class OptionState {
    /** One timestamp-clock tick (RFC 7323 TSval), 1 ms. */
    static final long TS_TICK_NS = 1_000_000L;
    /** RFC 7323 5.5: TS.Recent older than 24 days is no longer trusted for PAWS. */
    static final long PAWS_IDLE_NS = 24L * 24 * 3600 * 1_000_000_000L;
    static final int MAX_WINDOW_SCALE = 14;

    boolean tsOn;
    boolean sackOn;
    boolean wsOn;
    int tsRecent;
    long tsRecentNs;
    int tsOffset;

    /** Takes the options of the peer's SYN or SYN-ACK; returns the peer's window scale (0 if off). */
    int fromSyn(TcpConfig config, long nowNs, TcpSegment seg) {
        wsOn = config.windowScaling() && seg.windowScaleOption() != TcpSegment.NONE;
        sackOn = config.sack() && seg.sackPermitted();
        tsOn = config.timestamps() && seg.hasTimestamps();
        if (tsOn) {
            tsRecent = seg.tsVal();
            tsRecentNs = nowNs;
        }
        return wsOn ? Math.min(MAX_WINDOW_SCALE, seg.windowScaleOption()) : 0;
    }

    /** RFC 7323 5.3 PAWS: a non-RST segment whose TSval is older than TS.Recent is a stale duplicate. */
    boolean pawsRejects(long nowNs, TcpSegment seg) {
        return tsOn && seg.hasTimestamps() && !seg.has(TcpFlags.RST) && SeqNum.lt(seg.tsVal(), tsRecent)
            && nowNs - tsRecentNs <= PAWS_IDLE_NS;
    }

    /** RFC 7323 4.3: TS.Recent follows segments that cover Last.ACK.sent. */
    void updateTsRecent(long nowNs, TcpSegment seg, int lastAckSent) {
        if (tsOn && seg.hasTimestamps() && SeqNum.ge(seg.tsVal(), tsRecent) && SeqNum.le(seg.seq(), lastAckSent)) {
            tsRecent = seg.tsVal();
            tsRecentNs = nowNs;
        }
    }

    int tsClock(long nowNs) {
        return (int) (nowNs / TS_TICK_NS) + tsOffset;
    }

    /** Writes the options of our SYN ({@code withAck} false: all we offer) or SYN-ACK (what was offered). */
    void writeSynOptions(TcpConfig config, TcpSegment out, boolean withAck, long nowNs, int rcvWscale) {
        out.mssOption(config.mssBytes());
        if (withAck ? wsOn : config.windowScaling()) {
            out.windowScaleOption(rcvWscale);
        }
        if (withAck ? sackOn : config.sack()) {
            out.sackPermitted(true);
        }
        if (withAck ? tsOn : config.timestamps()) {
            out.timestamps(tsClock(nowNs), withAck ? tsRecent : 0);
        }
    }

    /** The receive window scale a connection with {@code config} announces. */
    static int windowScaleFor(TcpConfig config) {
        int scale = 0;
        while (scale < MAX_WINDOW_SCALE && (config.receiveBufferBytes() >> scale) > 0xFFFF) {
            scale++;
        }
        return config.windowScaling() ? scale : 0;
    }
}
