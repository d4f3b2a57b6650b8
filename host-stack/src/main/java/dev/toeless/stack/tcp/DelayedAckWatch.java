package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.seq.SeqNum;

/**
 * Whether the peer delays its ACK of a lone in-order segment, learned from how tail loss probes are
 * acknowledged ({@link TcpConfig#adaptiveProbes()}). A probe of new data sent when the peer already
 * holds everything is such a segment: a peer that acknowledges every segment at once answers within
 * a round trip, one that runs a delayed-ACK timer answers when it fires (Linux: at least
 * {@code TCP_DELACK_MIN}, 40 ms; RFC 1122 allows 500 ms). Once that is seen, the connection's probes
 * send the highest segment again instead, which any receiver acknowledges at once (a duplicate,
 * RFC 9293 3.10.7.4; or a filled hole, RFC 5681 4.2).
 *
 * <p>A probe is judged only by the first ACK after it, and only when that ACK covers all of it and
 * arrives before the RTO the probe armed: an ACK that SACKs the probe, or acknowledges less, or comes
 * after a retransmission, says nothing of how the peer answers a lone segment. Two resent probes in a
 * row whose ACK also came late turn the learning back (the copies did not buy a prompt ACK, and new
 * data at least moves the transfer on).
 */
final class DelayedAckWatch {
    /**
     * How much later than one SRTT the ACK of a probe must come to count as delayed, when 2 SRTT is
     * less: half Linux's shortest delayed-ACK timer ({@code TCP_DELACK_MIN}, 40 ms), so that a kernel's
     * delayed ACK counts even when its timer was already running when the probe arrived (captures of
     * the kernel's ACKs of our probes: 30 to 60 ms), while a prompt ACK that the path, a loaded host's
     * scheduler or a queue holds for less than 20 ms does not. With 2 SRTT, a path's own variation of
     * up to a round trip does not count either (at 100 ms RTT a 40 ms delayed ACK is not learned: it
     * costs less there than a round trip).
     */
    static final long LATE_ACK_MARGIN_NS = 20_000_000L;
    /** Resent probes in a row whose ACK came late too before probes send new data again. */
    static final int LATE_RESENT_PROBES_TO_UNLEARN = 2;

    /** The peer was seen to delay the ACK of a lone new-data probe: probes resend. */
    private boolean delays;
    /** A probe awaits its first ACK. */
    private boolean watching;
    /** The probe being watched was a copy (sent because {@link #delays}). */
    private boolean watchingCopy;
    private int watchEnd;
    private long watchSentNs;
    /** An ACK at or after this is late. */
    private long lateAtNs;
    /** The RTO the probe armed: an ACK at or after it may answer a retransmission. */
    private long rtoAtNs;
    private int lateCopies;

    /** Whether probes resend the highest segment: the peer delays its ACK of a lone segment. */
    boolean resend() {
        return delays;
    }

    /** A probe ending at {@code end} went at {@code nowNs}; {@code copy} when it resent a segment. */
    void onProbe(long nowNs, int end, boolean copy, long srttNs, long rtoNs) {
        watching = true;
        watchingCopy = copy;
        watchEnd = end;
        watchSentNs = nowNs;
        lateAtNs = nowNs + Math.max(2 * srttNs, srttNs + LATE_ACK_MARGIN_NS);
        rtoAtNs = nowNs + rtoNs;
    }

    /** The ACK that moved SND.UNA to {@code ack} arrived at {@code nowNs}. */
    void onUnaAdvance(long nowNs, int ack) {
        if (!watching) {
            return;
        }
        watching = false;
        if (SeqNum.lt(ack, watchEnd) || nowNs - rtoAtNs >= 0 || nowNs - watchSentNs < 0) {
            return;
        }
        final boolean late = nowNs - lateAtNs > 0;
        if (!watchingCopy) {
            if (late) {
                delays = true;
                lateCopies = 0;
            }
        } else if (!late) {
            lateCopies = 0;
        } else if (++lateCopies >= LATE_RESENT_PROBES_TO_UNLEARN) {
            delays = false;
            lateCopies = 0;
        }
    }

    /** Any other ACK, or a probe nothing is learned from: the probe being watched is not judged. */
    void forget() {
        watching = false;
    }
}
