package dev.toeless.stack.netdev;

import org.agrona.DirectBuffer;

/** The wire side of a {@link SoftNic}: a link port, a TAP device, a test. */
@FunctionalInterface
public interface FrameOutput {
    /** Sends one Ethernet frame (no FCS); bytes borrowed for the call. False when refused. */
    boolean send(DirectBuffer frame, int offset, int length);
}
