package dev.toeless.nic.link;

import org.agrona.DirectBuffer;

/**
 * Where a device's transmitted frames go when it is not plugged into a {@link Link}: a TAP
 * device, a card's wire side, a test.
 */
@FunctionalInterface
public interface FrameOutput {
    /** Sends one Ethernet frame (no FCS); bytes borrowed for the call. False when refused. */
    boolean send(DirectBuffer frame, int offset, int length);
}
