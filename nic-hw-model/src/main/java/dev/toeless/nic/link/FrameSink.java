package dev.toeless.nic.link;

import org.agrona.DirectBuffer;

/**
 * The receiving side of a {@link Link} port: a NIC's MAC, a test, a bridge to a TAP device.
 *
 * <p>Ownership: the frame bytes belong to the link and are lent for the call only. The link
 * recycles the buffer as soon as {@link #onFrame} returns, so a sink that keeps anything copies it.
 * A sink may send on any port from inside the call; the link never re-enters a sink.
 */
@FunctionalInterface
public interface FrameSink {
    /**
     * One frame arrives, whole (its last bit has reached the receiver) at virtual time {@code nowNs}.
     * {@code frame[offset, offset + length)} is an Ethernet frame without its FCS.
     */
    void onFrame(long nowNs, DirectBuffer frame, int offset, int length);
}
