package dev.toeless.stack.tcp;

import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;

/**
 * Event counts of one connection (or, summed, of a stack). Plain longs: a connection is driven
 * by one thread. Named after the events they count.
 */
public final class TcpCounters implements CounterSet {
    long segmentsIn;
    long segmentsOut;
    long dataSegmentsOut;
    long bytesOut;
    long fastPathData;
    long fastPathAcks;
    long delayedAcks;
    long superSegmentsOut;
    /** The counts of what happens on few connections (loss, probes, resets...), created with the first. */
    private Rare rare;

    /** The rare counts, created on first use. */
    Rare rare() {
        Rare r = rare;
        if (r == null) {
            r = new Rare();
            rare = r;
        }
        return r;
    }

    public long segmentsIn() { return segmentsIn; }
    public long segmentsOut() { return segmentsOut; }
    public long dataSegmentsOut() { return dataSegmentsOut; }
    public long bytesOut() { return bytesOut; }
    public long retransmittedSegments() { return rare == null ? 0 : rare.retransmittedSegments; }
    public long retransmittedBytes() { return rare == null ? 0 : rare.retransmittedBytes; }
    public long fastPathData() { return fastPathData; }
    public long fastPathAcks() { return fastPathAcks; }
    public long fastRetransmits() { return rare == null ? 0 : rare.fastRetransmits; }
    public long rtoTimeouts() { return rare == null ? 0 : rare.rtoTimeouts; }
    public long dupAcksIn() { return rare == null ? 0 : rare.dupAcksIn; }
    public long pawsDrops() { return rare == null ? 0 : rare.pawsDrops; }
    public long outOfWindowDrops() { return rare == null ? 0 : rare.outOfWindowDrops; }
    public long challengeAcks() { return rare == null ? 0 : rare.challengeAcks; }
    public long challengeAcksSuppressed() { return rare == null ? 0 : rare.challengeAcksSuppressed; }
    public long outOfOrderSegments() { return rare == null ? 0 : rare.outOfOrderSegments; }
    public long duplicateSegments() { return rare == null ? 0 : rare.duplicateSegments; }
    public long dsackBlocksOut() { return rare == null ? 0 : rare.dsackBlocksOut; }
    public long dsackBlocksIn() { return rare == null ? 0 : rare.dsackBlocksIn; }
    public long zeroWindowProbes() { return rare == null ? 0 : rare.zeroWindowProbes; }
    public long keepaliveProbes() { return rare == null ? 0 : rare.keepaliveProbes; }
    public long resetsIn() { return rare == null ? 0 : rare.resetsIn; }
    public long resetsOut() { return rare == null ? 0 : rare.resetsOut; }
    public long delayedAcks() { return delayedAcks; }
    public long badAckDrops() { return rare == null ? 0 : rare.badAckDrops; }
    public long pathMtuChanges() { return rare == null ? 0 : rare.pathMtuChanges; }
    public long recoveryEpisodes() { return rare == null ? 0 : rare.recoveryEpisodes; }
    public long sackLossDetections() { return rare == null ? 0 : rare.sackLossDetections; }
    public long lostRetransmits() { return rare == null ? 0 : rare.lostRetransmits; }
    public long lossProbes() { return rare == null ? 0 : rare.lossProbes; }
    public long lossProbeCopies() { return rare == null ? 0 : rare.lossProbeCopies; }
    /** Probes sent again because the one before drew no ACK ({@link TcpConfig#probeBackoff()}). */
    public long lossProbeRepeats() { return rare == null ? 0 : rare.lossProbeRepeats; }
    public long delayedAckLearned() { return rare == null ? 0 : rare.delayedAckLearned; }
    public long delayedAckUnlearned() { return rare == null ? 0 : rare.delayedAckUnlearned; }
    /** ACKs (or reordering timeouts) after which RACK deemed more data lost. */
    public long rackLossMarks() { return rare == null ? 0 : rare.rackLossMarks; }
    /** Retransmissions of ranges RACK deemed lost. */
    public long rackRetransmits() { return rare == null ? 0 : rare.rackRetransmits; }
    public long superSegmentsOut() { return superSegmentsOut; }
    /** Segments cut short because the bytes they could send spanned more than {@link TcpSegment#MAX_FRAGMENTS} fragments. */
    public long fragmentLimitedSegments() { return rare == null ? 0 : rare.fragmentLimitedSegments; }

    /** Every count under its report name (the accessor's name in snake case), in a fixed order. */
    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.counter("segments_in", segmentsIn());
        visitor.counter("segments_out", segmentsOut());
        visitor.counter("data_segments_out", dataSegmentsOut());
        visitor.counter("bytes_out", bytesOut());
        visitor.counter("retransmitted_segments", retransmittedSegments());
        visitor.counter("retransmitted_bytes", retransmittedBytes());
        visitor.counter("fast_path_data", fastPathData());
        visitor.counter("fast_path_acks", fastPathAcks());
        visitor.counter("fast_retransmits", fastRetransmits());
        visitor.counter("rto_timeouts", rtoTimeouts());
        visitor.counter("dup_acks_in", dupAcksIn());
        visitor.counter("paws_drops", pawsDrops());
        visitor.counter("out_of_window_drops", outOfWindowDrops());
        visitor.counter("challenge_acks", challengeAcks());
        visitor.counter("challenge_acks_suppressed", challengeAcksSuppressed());
        visitor.counter("out_of_order_segments", outOfOrderSegments());
        visitor.counter("duplicate_segments", duplicateSegments());
        visitor.counter("dsack_blocks_out", dsackBlocksOut());
        visitor.counter("dsack_blocks_in", dsackBlocksIn());
        visitor.counter("zero_window_probes", zeroWindowProbes());
        visitor.counter("keepalive_probes", keepaliveProbes());
        visitor.counter("resets_in", resetsIn());
        visitor.counter("resets_out", resetsOut());
        visitor.counter("delayed_acks", delayedAcks());
        visitor.counter("bad_ack_drops", badAckDrops());
        visitor.counter("path_mtu_changes", pathMtuChanges());
        visitor.counter("recovery_episodes", recoveryEpisodes());
        visitor.counter("sack_loss_detections", sackLossDetections());
        visitor.counter("lost_retransmits", lostRetransmits());
        visitor.counter("loss_probes", lossProbes());
        visitor.counter("rack_loss_marks", rackLossMarks());
        visitor.counter("rack_retransmits", rackRetransmits());
        visitor.counter("super_segments_out", superSegmentsOut());
        visitor.counter("fragment_limited_segments", fragmentLimitedSegments());
    }

    @Override
    public String toString() {
        return "TcpCounters{in=" + segmentsIn + " out=" + segmentsOut + " dataOut=" + dataSegmentsOut
            + " rexmit=" + retransmittedSegments() + " fastRexmit=" + fastRetransmits() + " rto=" + rtoTimeouts()
            + " sackLost=" + sackLossDetections() + " lostRexmit=" + lostRetransmits() + " tlp=" + lossProbes()
            + (delayedAckLearned() == 0 ? "" : " tlpCopies=" + lossProbeCopies() + " delAckLearned="
                + delayedAckLearned() + " unlearned=" + delayedAckUnlearned())
            + (lossProbeRepeats() == 0 ? "" : " tlpRepeats=" + lossProbeRepeats())
            + " rackLost=" + rackLossMarks() + " rackRexmit=" + rackRetransmits()
            + " dupAcks=" + dupAcksIn() + " fastData=" + fastPathData + " fastAcks=" + fastPathAcks
            + " ooo=" + outOfOrderSegments() + " dup=" + duplicateSegments() + " paws=" + pawsDrops()
            + " oow=" + outOfWindowDrops() + " challenge=" + challengeAcks() + " zwp=" + zeroWindowProbes() + '}';
    }

    /** Counts most connections never touch, kept apart so a connection carries them only once it needs them. */
    static final class Rare {
        long retransmittedSegments;
        long retransmittedBytes;
        long fastRetransmits;
        long rtoTimeouts;
        long dupAcksIn;
        long pawsDrops;
        long outOfWindowDrops;
        long challengeAcks;
        long challengeAcksSuppressed;
        long outOfOrderSegments;
        long duplicateSegments;
        long dsackBlocksOut;
        long dsackBlocksIn;
        long zeroWindowProbes;
        long keepaliveProbes;
        long resetsIn;
        long resetsOut;
        long badAckDrops;
        long pathMtuChanges;
        long recoveryEpisodes;
        long sackLossDetections;
        long lostRetransmits;
        long lossProbes;
        /** Probes that resent a segment because the peer was seen to delay its ACK ({@link TcpConfig#adaptiveProbes()}). */
        long lossProbeCopies;
        /** Probes sent again after twice the last one's timeout without an ACK ({@link TcpConfig#probeBackoff()}). */
        long lossProbeRepeats;
        /** Times a connection learned that its peer delays the ACK of a lone segment, and unlearned it. */
        long delayedAckLearned;
        long delayedAckUnlearned;
        long rackLossMarks;
        long rackRetransmits;
        long fragmentLimitedSegments;
    }
}
