package dev.toeless.stack.tcp;

/**
 * Event counts of one connection (or, summed, of a stack). Plain longs: a connection is driven
 * by one thread. Named after the events they count.
 */
public final class TcpCounters {
    long segmentsIn;
    long segmentsOut;
    long dataSegmentsOut;
    long bytesOut;
    long retransmittedSegments;
    long retransmittedBytes;
    long fastPathData;
    long fastPathAcks;
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
    long delayedAcks;
    long badAckDrops;
    long pathMtuChanges;
    long recoveryEpisodes;
    long sackLossDetections;
    long lostRetransmits;
    long lossProbes;
    long superSegmentsOut;

    public long segmentsIn() { return segmentsIn; }
    public long segmentsOut() { return segmentsOut; }
    public long dataSegmentsOut() { return dataSegmentsOut; }
    public long bytesOut() { return bytesOut; }
    public long retransmittedSegments() { return retransmittedSegments; }
    public long retransmittedBytes() { return retransmittedBytes; }
    /** In-order data segments that took the header-prediction fast path. */
    public long fastPathData() { return fastPathData; }
    /** Pure ACKs that took the header-prediction fast path. */
    public long fastPathAcks() { return fastPathAcks; }
    public long fastRetransmits() { return fastRetransmits; }
    public long rtoTimeouts() { return rtoTimeouts; }
    public long dupAcksIn() { return dupAcksIn; }
    public long pawsDrops() { return pawsDrops; }
    public long outOfWindowDrops() { return outOfWindowDrops; }
    public long challengeAcks() { return challengeAcks; }
    public long challengeAcksSuppressed() { return challengeAcksSuppressed; }
    public long outOfOrderSegments() { return outOfOrderSegments; }
    public long duplicateSegments() { return duplicateSegments; }
    public long dsackBlocksOut() { return dsackBlocksOut; }
    /** D-SACK blocks received: data the peer got twice. */
    public long dsackBlocksIn() { return dsackBlocksIn; }
    public long zeroWindowProbes() { return zeroWindowProbes; }
    public long keepaliveProbes() { return keepaliveProbes; }
    public long resetsIn() { return resetsIn; }
    public long resetsOut() { return resetsOut; }
    public long delayedAcks() { return delayedAcks; }
    public long badAckDrops() { return badAckDrops; }
    public long pathMtuChanges() { return pathMtuChanges; }
    public long recoveryEpisodes() { return recoveryEpisodes; }
    /** Recoveries entered because the SACK scoreboard showed SND.UNA lost, before three duplicate ACKs. */
    public long sackLossDetections() { return sackLossDetections; }
    /** Retransmissions of SND.UNA found lost (data sent after them was SACKed) and sent again before the timer. */
    public long lostRetransmits() { return lostRetransmits; }
    /** Tail loss probes sent (RFC 8985 section 7) instead of waiting for the RTO. */
    public long lossProbes() { return lossProbes; }
    /** Segments emitted as TSO super-segments (longer than one MSS). */
    public long superSegmentsOut() { return superSegmentsOut; }

    @Override
    public String toString() {
        return "TcpCounters{in=" + segmentsIn + " out=" + segmentsOut + " dataOut=" + dataSegmentsOut
            + " rexmit=" + retransmittedSegments + " fastRexmit=" + fastRetransmits + " rto=" + rtoTimeouts
            + " sackLost=" + sackLossDetections + " lostRexmit=" + lostRetransmits + " tlp=" + lossProbes
            + " dupAcks=" + dupAcksIn + " fastData=" + fastPathData + " fastAcks=" + fastPathAcks
            + " ooo=" + outOfOrderSegments + " dup=" + duplicateSegments + " paws=" + pawsDrops
            + " oow=" + outOfWindowDrops + " challenge=" + challengeAcks + " zwp=" + zeroWindowProbes + '}';
    }
}
