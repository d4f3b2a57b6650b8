package dev.toeless.stack.tcp.prr;

/**
 * Proportional Rate Reduction (RFC 9937, which obsoletes RFC 6937; as Linux runs it): during
 * recovery the sender sends, per ACK, in proportion to what the ACK delivered, so that by the end
 * of recovery it has sent {@code ssthresh / RecoverFS} of what was delivered; once the pipe falls
 * below ssthresh it grows back towards ssthresh by at most what was delivered, plus one segment
 * when the ACK is a safe one (it moved SND.UNA and showed no further loss: the slow-start
 * reduction bound), else not (the conservative reduction bound). The first ACK of a recovery
 * always allows one segment (the fast retransmit), as Linux does.
 *
 * <p>Sizes in bytes. {@link #start} at the beginning of each recovery; {@link #onAck} with each
 * ACK's DeliveredData (change of SND.UNA plus change of SACKed bytes); {@link #onSent} for every
 * byte sent during recovery. Single-threaded, no allocation.
 */
public final class ProportionalRateReduction {
    private long recoverFsBytes;
    private long ssthreshBytes;
    private long mssBytes;
    private long prrDeliveredBytes;
    private long prrOutBytes;

    /**
     * A recovery begins (RFC 6937 section 3, "at the beginning of recovery").
     *
     * @param recoverFsBytes the flight size when it began (SND.NXT - SND.UNA)
     * @param ssthreshBytes  the congestion control's new ssthresh
     */
    public void start(long recoverFsBytes, long ssthreshBytes, int mssBytes) {
        this.recoverFsBytes = Math.max(recoverFsBytes, 1);
        this.ssthreshBytes = ssthreshBytes;
        this.mssBytes = mssBytes;
        prrDeliveredBytes = 0;
        prrOutBytes = 0;
    }

    /**
     * An ACK during recovery (RFC 6937 section 3, "on every ACK"): returns sndcnt, the bytes that
     * may be sent now.
     *
     * @param deliveredBytes DeliveredData of this ACK
     * @param pipeBytes      the sender's estimate of bytes in flight after it
     * @param safeAck        the ACK moved SND.UNA and marked nothing newly lost (RFC 9937's SafeACK)
     */
    public long onAck(long deliveredBytes, long pipeBytes, boolean safeAck) {
        prrDeliveredBytes += Math.max(deliveredBytes, 0);
        long sndcnt;
        if (pipeBytes > ssthreshBytes) {
            sndcnt = proportional() - prrOutBytes;
        } else {
            final long limit = Math.max(prrDeliveredBytes - prrOutBytes, deliveredBytes) + (safeAck ? mssBytes : 0);
            sndcnt = Math.min(ssthreshBytes - pipeBytes, limit);
        }
        sndcnt = Math.max(sndcnt, 0);
        if (prrOutBytes == 0 && deliveredBytes > 0) {
            sndcnt = Math.max(sndcnt, mssBytes); // Linux: the fast retransmit goes out whatever the ratio
        }
        return sndcnt;
    }

    /** CEIL(prr_delivered * ssthresh / RecoverFS). */
    private long proportional() {
        if (Math.multiplyHigh(prrDeliveredBytes, ssthreshBytes) == 0 && prrDeliveredBytes * ssthreshBytes >= 0) {
            return Math.ceilDiv(prrDeliveredBytes * ssthreshBytes, recoverFsBytes);
        }
        return (long) Math.ceil((double) prrDeliveredBytes * ssthreshBytes / recoverFsBytes);
    }

    /** {@code bytes} left during recovery (new data or retransmission): prr_out. */
    public void onSent(long bytes) {
        prrOutBytes += bytes;
    }

    public long deliveredBytes() {
        return prrDeliveredBytes;
    }

    public long outBytes() {
        return prrOutBytes;
    }

    public long recoverFsBytes() {
        return recoverFsBytes;
    }
}
