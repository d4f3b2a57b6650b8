package dev.toeless.stack.tcp.cc;

/**
 * A congestion-control algorithm, chosen per connection (NewReno, CUBIC). The connection's send
 * side calls it on events; it answers with the congestion window. All sizes in bytes, all times
 * in virtual nanoseconds; it keeps no clock of its own.
 */
public interface CongestionControl {
    /** The name used on the command line and in reports ("newreno", "cubic"). */
    String name();

    /** Called once when the connection is established, with its send MSS. */
    void init(long nowNs, int mssBytes);

    /**
     * The send MSS changed (a new path MTU). The window stays in bytes; the sizes the algorithm
     * counts in segments (growth per RTT, the floors of 1 and 2 segments) use the new one.
     */
    void onMssChange(long nowNs, int mssBytes);

    /** The congestion window: how many bytes may be in flight. */
    long cwndBytes();

    /** The slow-start threshold. */
    long ssthreshBytes();

    /**
     * New data was acknowledged outside loss recovery.
     *
     * @param ackedBytes     bytes newly acknowledged by this ACK
     * @param rttNs          a valid RTT sample taken from this ACK, or -1
     * @param inFlightBytes  bytes in flight before this ACK
     */
    void onAck(long nowNs, long ackedBytes, long rttNs, long inFlightBytes);

    /** Loss detected by duplicate ACKs or SACK: entering fast recovery. */
    void onEnterRecovery(long nowNs, long inFlightBytes);

    /** A partial or full ACK during recovery acknowledged {@code ackedBytes}. */
    void onRecoveryAck(long nowNs, long ackedBytes, long inFlightBytes);

    /** Recovery ended (the recovery point was acknowledged). */
    void onExitRecovery(long nowNs, long inFlightBytes);

    /** The retransmission timer fired. */
    void onRetransmitTimeout(long nowNs, long inFlightBytes);

    /** The connection was idle for longer than an RTO (RFC 5681 section 4.1 restart). */
    void onIdleRestart(long nowNs);

    /**
     * A data segment left: {@code len} bytes from {@code seq}, a retransmission or new data, with
     * {@code inFlightBytes} in flight before it. For algorithms that time each transmission
     * (Linux's CUBIC with HyStart); the default ignores it.
     */
    default void onTransmit(long nowNs, int seq, long len, boolean retransmission, long inFlightBytes) {
    }

    /**
     * An ACK moved SND.UNA to {@code una}, in or out of recovery, whether or not the window may
     * grow (Linux's {@code pkts_acked}); called before {@link #onAck} and the recovery events of the
     * same ACK. {@code srttNs} is the smoothed RTT after its sample, or -1. The default ignores it.
     */
    default void onUnaAdvance(long nowNs, int una, long srttNs) {
    }
}
