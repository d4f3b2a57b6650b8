package dev.toeless.nic.link;

/** Where a {@link Link}'s pcap tap sees frames. */
public enum TapPoint {
    /**
     * At the sender, as each frame starts on the wire, before faults: time = start of
     * serialization, bytes as sent. Frames later lost, cut or corrupted appear intact, as in a
     * capture on the sending host. The default.
     */
    SENDER,
    /**
     * At the receiver, as each frame is handed to the port's sink, after faults: time = arrival,
     * bytes as delivered (cut, corrupted, duplicated, reordered). Lost and partitioned frames are
     * absent, as in a capture on the receiving host.
     */
    RECEIVER
}
