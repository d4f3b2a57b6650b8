package dev.toeless.stack.tcp;

import org.agrona.collections.IntArrayList;

/**
 * An established connection's state as it moves from one TCP engine to another (a TOE card
 * uploading a live connection to its host's stack): the send and receive sequence variables, the
 * negotiated options, the RTT estimate, and the payload the connection holds, as page references
 * in the memory of whoever holds the handoff. The engine that takes it over resends everything
 * unacknowledged from {@code sndUna} (as after a path-MTU change), so what was in flight on the old
 * engine is neither lost nor needs its retransmission log.
 *
 * @param sendData    unacknowledged and unsent bytes from {@code sndUna}: (pfn, offset, length) triples
 * @param received    in-order bytes not yet read, up to {@code rcvNxt}: (pfn, offset, length) triples
 * @param outOfOrder  bytes beyond {@code rcvNxt}: (seq, pfn, offset, length) quadruples
 */
public record TcpHandoff(TcpState state, int iss, int sndUna, int sndMax, long sndWnd, long sndMaxWnd, int sndWl1,
                         int sndWl2, int sndWscale, int peerMss, int irs, int rcvNxt, int rcvAdvRight, int rcvWscale,
                         int rcvMss, boolean tsOn, boolean sackOn, boolean wsOn, int tsRecent, long tsRecentNs,
                         int tsOffset, long srttNs, long rttvarNs, IntArrayList sendData, IntArrayList received,
                         IntArrayList outOfOrder) {

    /** Bytes of payload the handoff carries. */
    public long payloadBytes() {
        long n = 0;
        for (int i = 2; i < sendData.size(); i += 3) {
            n += sendData.getInt(i);
        }
        for (int i = 2; i < received.size(); i += 3) {
            n += received.getInt(i);
        }
        for (int i = 3; i < outOfOrder.size(); i += 4) {
            n += outOfOrder.getInt(i);
        }
        return n;
    }

    /** This state with the payload in other pages (the same bytes, moved to another memory). */
    public TcpHandoff withPayload(IntArrayList newSendData, IntArrayList newReceived, IntArrayList newOutOfOrder) {
        return new TcpHandoff(state, iss, sndUna, sndMax, sndWnd, sndMaxWnd, sndWl1, sndWl2, sndWscale, peerMss, irs,
            rcvNxt, rcvAdvRight, rcvWscale, rcvMss, tsOn, sackOn, wsOn, tsRecent, tsRecentNs, tsOffset, srttNs,
            rttvarNs, newSendData, newReceived, newOutOfOrder);
    }
}
