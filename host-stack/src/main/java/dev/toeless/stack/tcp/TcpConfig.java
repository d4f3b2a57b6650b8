package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.cc.CongestionControl;
import dev.toeless.stack.tcp.cc.NewReno;

import java.util.function.Supplier;

/**
 * The settings of one connection, fixed when it opens. Build with {@link #builder()}; every field
 * has a Linux-like default. Times in virtual nanoseconds, sizes in bytes.
 *
 * @param mssBytes               the largest MSS we announce; a host's connection announces the smaller of
 *                               this and what fits the MTU toward its peer (interface or path MTU, less
 *                               40 bytes of IPv4 and TCP headers, 60 for IPv6)
 * @param sendBufferBytes        the most unacknowledged plus unsent bytes the send queue holds
 * @param receiveBufferBytes     the receive buffer: what we advertise as window when it is empty
 * @param windowScaling          offer RFC 7323 window scaling
 * @param timestamps             offer RFC 7323 timestamps
 * @param sack                   offer RFC 2018 SACK
 * @param nagle                  hold back small segments while data is in flight (RFC 896)
 * @param delayedAckNs           longest delay of an ACK for in-order data
 * @param initialRtoNs           RTO before the first RTT sample (RFC 6298: 1 s)
 * @param minRtoNs               floor of the RTO
 * @param maxRtoNs               ceiling of the RTO after backoff
 * @param maxSynRetries          SYN / SYN-ACK retransmissions before giving up
 * @param maxRetries             data retransmissions of one segment before giving up
 * @param mslNs                  maximum segment lifetime; TIME_WAIT lasts twice this
 * @param finWait2TimeoutNs      how long a connection the application closed waits in FIN_WAIT_2
 * @param keepalive              send keepalive probes on an idle connection
 * @param keepaliveIdleNs        idle time before the first probe
 * @param keepaliveIntervalNs    time between unanswered probes
 * @param keepaliveProbes        unanswered probes before the connection is dropped
 * @param challengeAcksPerSecond RFC 5961 challenge ACKs allowed per second
 * @param tsoMaxBytes            largest super-segment handed to the NIC for TCP segmentation
 *                               offload (0: off, every segment at most one MSS)
 * @param congestionControl      makes this connection's congestion control (NewReno by default)
 * @param quickAcks              ACKs sent at once, without delay, once the first data arrives, as Linux's
 *                               quickack mode ({@code TCP_MAX_QUICKACKS} 16; Linux also re-enters it after
 *                               an idle RTO, this does not); 0: every ACK follows the delayed-ACK rule
 * @param cwndLimitedGrowth      grow the congestion window only while it limits the sender (in slow start:
 *                               while it is below twice the most sent in the last round trip), as Linux's
 *                               {@code tcp_is_cwnd_limited} (RFC 7661's concern)
 * @param rtoFloorOnVariance     RTO = SRTT + max(4 RTTVAR, minimum RTO), as Linux, instead of RFC 6298's
 *                               max(SRTT + 4 RTTVAR, minimum RTO)
 * @param lossDetection          how a SACK sender detects loss and paces recovery (RACK-TLP with PRR by
 *                               default; RFC 6675 for comparison)
 * @param deliveredGrowth        an ACK that moves SND.UNA grows the window by what it newly delivers (Linux's
 *                               {@code acked_sacked}): data SACKed, or counted by a duplicate ACK, before it
 *                               is not counted again when the cumulative ACK covers it; off: by all that
 *                               SND.UNA moved
 * @param dropAckOfUnsentData    drop a segment that acknowledges data never sent without an answer (Linux's
 *                               {@code tcp_ack}); off: answer it with an ACK (RFC 9293 3.10.7.4, RFC 5961 5.2)
 * @param resetWithAck           the RST of an abort (or of a close with unread data) carries the ACK of RCV.NXT
 *                               and the timestamps, as Linux's {@code tcp_send_active_reset}; off: a bare
 *                               {@code <SEQ=SND.NXT><CTL=RST>}, as RFC 9293's ABORT writes it
 * @param linuxProbeTimeout      a tail loss probe's timeout is 2 SRTT plus 2 ms (plus 200 ms with one segment
 *                               in flight), as Linux's {@code tcp_schedule_loss_probe}; off: 2 SRTT, at least
 *                               2 ms (plus the worst delayed ACK with one segment in flight). Off is the default:
 *                               on, the loss table (100 ms RTT, where the 2 ms floor never binds) lost goodput in
 *                               5 none, 8 NewReno and 7 CUBIC cells of 72
 * @param twoSuperSegmentsInFlight a super-segment of new data carries at most half the congestion window
 *                               (at least one segment), so that a window leaves as two of them at least,
 *                               as Linux's {@code tcp_cwnd_test} ("ensure we have at least 2 GSO packets
 *                               in flight"); off: one super-segment takes all the windows allow
 * @param tailLossProbes         RACK-TLP sends tail loss probes (RFC 8985 7); off as Linux's
 *                               {@code tcp_early_retrans=0}
 * @param probeResends           a RACK-TLP probe sends the highest unSACKed segment again even when new data
 *                               could go: a peer that holds everything (only the ACKs of the tail were lost)
 *                               acknowledges a duplicate at once (RFC 9293 3.10.7.4), where one new in-order
 *                               segment waits for its delayed-ACK timer (40 ms at Linux); a peer that lacks
 *                               the segment gets it. Off (the default): one new segment when the peer's
 *                               window allows (RFC 8985 7.3, Linux's {@code tcp_send_loss_probe}). On, the
 *                               loss table (our stack at both ends, 100 ms RTT) lost goodput in 14 of 72 NewReno
 *                               cells (6 with the copy only in recovery), while against Linux through 2 % loss
 *                               it saves a delayed ACK (about 40 ms) per lost tail ACK
 * @param probeDsackExcluded     a D-SACK that reports the last resent tail loss probe's copy (at most one
 *                               segment, ending where the probe ended) does not widen RACK's reordering
 *                               window, as Linux's {@code FLAG_DSACK_TLP} in {@code tcp_dsack_seen} (the probe
 *                               is sent by a timer, not on RACK's word). Off (the default): every D-SACK
 *                               widens it, once per round trip (RFC 8985 6.2). On, the loss table (5 seeds
 *                               a cell) moved both ways: with probes as default none 19 cells better and 6
 *                               worse, NewReno 12 and 9, CUBIC 19 and 3; with {@link #probeResends} too,
 *                               19 and 6, 19 and 10, 21 and 8 (the worst cells at 30 % loss)
 * @param adaptiveProbes         RACK-TLP's probes learn whether the peer delays its ACK of a lone in-order
 *                               segment: when the ACK that covers a new-data probe (the first ACK after it,
 *                               before the RTO) comes later than max(2 SRTT, SRTT + 20 ms) after the probe, the
 *                               connection's later probes send the highest unSACKed segment again, as
 *                               {@link #probeResends}, which such a peer acknowledges at once (a duplicate);
 *                               two resent probes in a row whose ACK also came late turn it back. A peer that
 *                               acknowledges in time never teaches it, and its probes stay RFC 8985 7.3's
 *                               (see {@link DelayedAckWatch}). On by default, departing from RFC 8985 7.3's
 *                               "SHOULD send new data" for peers seen to delay: the loss table (our stack at
 *                               both ends, 100 ms RTT) is byte-identical on and off, and against Linux through
 *                               2 % loss our sending time fell by a quarter to a half (medians of three);
 *                               off in packetdrill's Linux profile
 * @param probeBackoff           whether a RACK-TLP probe that resent a segment and drew no ACK is sent again after
 *                               twice its probe timeout, then four times, ... while that comes before the RTO the
 *                               tail's first probe armed, which then fires as before (RFC 9002 6.2's probe timeout
 *                               backoff; see {@link ProbeBackoff}). {@link ProbeBackoff#LEARNED} (the default): only
 *                               copies sent because the peer was seen to delay its ACK ({@link #adaptiveProbes}).
 *                               {@link ProbeBackoff#ON}, after any copy, moved the loss table (our stack at both
 *                               ends, 100 ms RTT) both ways at 20-30 % loss (cells better / worse of 72: none 9/6,
 *                               NewReno 7/2, CUBIC 9/1); {@link ProbeBackoff#OFF}: the RTO follows an unanswered
 *                               probe (RFC 8985 7.3, Linux), as in packetdrill's Linux profile
 */
public record TcpConfig(
    int mssBytes,
    int sendBufferBytes,
    int receiveBufferBytes,
    boolean windowScaling,
    boolean timestamps,
    boolean sack,
    boolean nagle,
    long delayedAckNs,
    long initialRtoNs,
    long minRtoNs,
    long maxRtoNs,
    int maxSynRetries,
    int maxRetries,
    long mslNs,
    long finWait2TimeoutNs,
    boolean keepalive,
    long keepaliveIdleNs,
    long keepaliveIntervalNs,
    int keepaliveProbes,
    int challengeAcksPerSecond,
    int tsoMaxBytes,
    Supplier<CongestionControl> congestionControl,
    int quickAcks,
    boolean cwndLimitedGrowth,
    boolean rtoFloorOnVariance,
    LossDetection lossDetection,
    boolean deliveredGrowth,
    boolean dropAckOfUnsentData,
    boolean resetWithAck,
    boolean linuxProbeTimeout,
    boolean twoSuperSegmentsInFlight,
    boolean tailLossProbes,
    boolean probeResends,
    boolean probeDsackExcluded,
    boolean adaptiveProbes,
    ProbeBackoff probeBackoff) {

    public static final long MS = 1_000_000L;
    public static final long SECOND = 1_000_000_000L;

    /** This configuration with another MSS. */
    public TcpConfig withMssBytes(int mss) {
        return new TcpConfig(mss, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, nagle,
            delayedAckNs, initialRtoNs, minRtoNs, maxRtoNs, maxSynRetries, maxRetries, mslNs, finWait2TimeoutNs,
            keepalive, keepaliveIdleNs, keepaliveIntervalNs, keepaliveProbes, challengeAcksPerSecond, tsoMaxBytes,
            congestionControl, quickAcks, cwndLimitedGrowth, rtoFloorOnVariance, lossDetection, deliveredGrowth,
            dropAckOfUnsentData, resetWithAck, linuxProbeTimeout, twoSuperSegmentsInFlight, tailLossProbes,
            probeResends, probeDsackExcluded, adaptiveProbes, probeBackoff);
    }

    /** This configuration handing super-segments of up to {@code bytes} to a TSO device (0: none). */
    public TcpConfig withTsoMaxBytes(int bytes) {
        return new TcpConfig(mssBytes, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, nagle,
            delayedAckNs, initialRtoNs, minRtoNs, maxRtoNs, maxSynRetries, maxRetries, mslNs, finWait2TimeoutNs,
            keepalive, keepaliveIdleNs, keepaliveIntervalNs, keepaliveProbes, challengeAcksPerSecond, bytes,
            congestionControl, quickAcks, cwndLimitedGrowth, rtoFloorOnVariance, lossDetection, deliveredGrowth,
            dropAckOfUnsentData, resetWithAck, linuxProbeTimeout, twoSuperSegmentsInFlight, tailLossProbes,
            probeResends, probeDsackExcluded, adaptiveProbes, probeBackoff);
    }

    /** This configuration with another loss detection. */
    public TcpConfig withLossDetection(LossDetection detection) {
        return new TcpConfig(mssBytes, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, nagle,
            delayedAckNs, initialRtoNs, minRtoNs, maxRtoNs, maxSynRetries, maxRetries, mslNs, finWait2TimeoutNs,
            keepalive, keepaliveIdleNs, keepaliveIntervalNs, keepaliveProbes, challengeAcksPerSecond, tsoMaxBytes,
            congestionControl, quickAcks, cwndLimitedGrowth, rtoFloorOnVariance, detection, deliveredGrowth,
            dropAckOfUnsentData, resetWithAck, linuxProbeTimeout, twoSuperSegmentsInFlight, tailLossProbes,
            probeResends, probeDsackExcluded, adaptiveProbes, probeBackoff);
    }

    /** This configuration with another congestion control (a TOE card's vendor choice). */
    public TcpConfig withCongestionControl(Supplier<CongestionControl> cc) {
        return new TcpConfig(mssBytes, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, nagle,
            delayedAckNs, initialRtoNs, minRtoNs, maxRtoNs, maxSynRetries, maxRetries, mslNs, finWait2TimeoutNs,
            keepalive, keepaliveIdleNs, keepaliveIntervalNs, keepaliveProbes, challengeAcksPerSecond, tsoMaxBytes,
            cc, quickAcks, cwndLimitedGrowth, rtoFloorOnVariance, lossDetection, deliveredGrowth,
            dropAckOfUnsentData, resetWithAck, linuxProbeTimeout, twoSuperSegmentsInFlight, tailLossProbes,
            probeResends, probeDsackExcluded, adaptiveProbes, probeBackoff);
    }

    public TcpConfig {
        if (mssBytes < 64 || mssBytes > 65495) {
            throw new IllegalArgumentException("mssBytes out of range: " + mssBytes);
        }
        if (sendBufferBytes <= 0 || receiveBufferBytes <= 0) {
            throw new IllegalArgumentException("buffers must be positive");
        }
        if (receiveBufferBytes > (1 << 30)) {
            throw new IllegalArgumentException("receiveBufferBytes above 1 GiB: " + receiveBufferBytes);
        }
        if (tsoMaxBytes < 0 || tsoMaxBytes > 65535) {
            throw new IllegalArgumentException("tsoMaxBytes out of range 0..65535: " + tsoMaxBytes);
        }
        if (quickAcks < 0) {
            throw new IllegalArgumentException("quickAcks must be >= 0: " + quickAcks);
        }
        if (congestionControl == null) {
            throw new IllegalArgumentException("congestionControl is required");
        }
        if (lossDetection == null) {
            throw new IllegalArgumentException("lossDetection is required");
        }
        if (probeBackoff == null) {
            throw new IllegalArgumentException("probeBackoff is required");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int mssBytes = 1460;
        private int sendBufferBytes = 256 * 1024;
        private int receiveBufferBytes = 256 * 1024;
        private boolean windowScaling = true;
        private boolean timestamps = true;
        private boolean sack = true;
        private boolean nagle = true;
        private long delayedAckNs = 40 * MS;
        private long initialRtoNs = SECOND;
        private long minRtoNs = 200 * MS;
        private long maxRtoNs = 120 * SECOND;
        private int maxSynRetries = 6;
        private int maxRetries = 15;
        private long mslNs = 30 * SECOND;
        private long finWait2TimeoutNs = 60 * SECOND;
        private boolean keepalive;
        private long keepaliveIdleNs = 7200 * SECOND;
        private long keepaliveIntervalNs = 75 * SECOND;
        private int keepaliveProbes = 9;
        private int challengeAcksPerSecond = 100;
        private int tsoMaxBytes;
        private Supplier<CongestionControl> congestionControl = NewReno::new;
        private int quickAcks;
        private boolean cwndLimitedGrowth;
        private boolean rtoFloorOnVariance;
        private LossDetection lossDetection = LossDetection.RACK_TLP;
        private boolean deliveredGrowth;
        private boolean dropAckOfUnsentData;
        private boolean resetWithAck;
        private boolean linuxProbeTimeout;
        private boolean twoSuperSegmentsInFlight;
        private boolean tailLossProbes = true;
        private boolean probeResends;
        private boolean probeDsackExcluded;
        private boolean adaptiveProbes = true;
        private ProbeBackoff probeBackoff = ProbeBackoff.LEARNED;

        public Builder mssBytes(int v) { mssBytes = v; return this; }
        public Builder sendBufferBytes(int v) { sendBufferBytes = v; return this; }
        public Builder receiveBufferBytes(int v) { receiveBufferBytes = v; return this; }
        public Builder windowScaling(boolean v) { windowScaling = v; return this; }
        public Builder timestamps(boolean v) { timestamps = v; return this; }
        public Builder sack(boolean v) { sack = v; return this; }
        public Builder nagle(boolean v) { nagle = v; return this; }
        public Builder delayedAckNs(long v) { delayedAckNs = v; return this; }
        public Builder initialRtoNs(long v) { initialRtoNs = v; return this; }
        public Builder minRtoNs(long v) { minRtoNs = v; return this; }
        public Builder maxRtoNs(long v) { maxRtoNs = v; return this; }
        public Builder maxSynRetries(int v) { maxSynRetries = v; return this; }
        public Builder maxRetries(int v) { maxRetries = v; return this; }
        public Builder mslNs(long v) { mslNs = v; return this; }
        public Builder finWait2TimeoutNs(long v) { finWait2TimeoutNs = v; return this; }
        public Builder keepalive(boolean v) { keepalive = v; return this; }
        public Builder keepaliveIdleNs(long v) { keepaliveIdleNs = v; return this; }
        public Builder keepaliveIntervalNs(long v) { keepaliveIntervalNs = v; return this; }
        public Builder keepaliveProbes(int v) { keepaliveProbes = v; return this; }
        public Builder challengeAcksPerSecond(int v) { challengeAcksPerSecond = v; return this; }
        public Builder tsoMaxBytes(int v) { tsoMaxBytes = v; return this; }
        public Builder congestionControl(Supplier<CongestionControl> v) { congestionControl = v; return this; }
        public Builder quickAcks(int v) { quickAcks = v; return this; }
        public Builder cwndLimitedGrowth(boolean v) { cwndLimitedGrowth = v; return this; }
        public Builder rtoFloorOnVariance(boolean v) { rtoFloorOnVariance = v; return this; }
        public Builder lossDetection(LossDetection v) { lossDetection = v; return this; }
        public Builder deliveredGrowth(boolean v) { deliveredGrowth = v; return this; }
        public Builder dropAckOfUnsentData(boolean v) { dropAckOfUnsentData = v; return this; }
        public Builder resetWithAck(boolean v) { resetWithAck = v; return this; }
        public Builder linuxProbeTimeout(boolean v) { linuxProbeTimeout = v; return this; }
        public Builder twoSuperSegmentsInFlight(boolean v) { twoSuperSegmentsInFlight = v; return this; }
        public Builder tailLossProbes(boolean v) { tailLossProbes = v; return this; }
        public Builder probeResends(boolean v) { probeResends = v; return this; }
        public Builder probeDsackExcluded(boolean v) { probeDsackExcluded = v; return this; }
        public Builder adaptiveProbes(boolean v) { adaptiveProbes = v; return this; }
        public Builder probeBackoff(ProbeBackoff v) { probeBackoff = v; return this; }

        public TcpConfig build() {
            return new TcpConfig(mssBytes, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack,
                nagle, delayedAckNs, initialRtoNs, minRtoNs, maxRtoNs, maxSynRetries, maxRetries, mslNs,
                finWait2TimeoutNs, keepalive,
                keepaliveIdleNs, keepaliveIntervalNs, keepaliveProbes, challengeAcksPerSecond, tsoMaxBytes,
                congestionControl, quickAcks, cwndLimitedGrowth, rtoFloorOnVariance, lossDetection, deliveredGrowth,
            dropAckOfUnsentData, resetWithAck, linuxProbeTimeout, twoSuperSegmentsInFlight, tailLossProbes,
            probeResends, probeDsackExcluded, adaptiveProbes, probeBackoff);
        }
    }
}
