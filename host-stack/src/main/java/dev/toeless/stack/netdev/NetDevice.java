package dev.toeless.stack.netdev;

/**
 * A network device as the IP layer sees it: one Ethernet port with a MAC address and an MTU that
 * transmits packets given as header bytes plus payload page fragments, and delivers received
 * packets to an {@link RxHandler}. Implementations: the driver of the modeled NIC
 * ({@code driver.NicDriver}, in every mode), {@link PciIpDevice} and the TOE card's wire port.
 *
 * <p>Ownership: {@link #transmit} takes the page references of the packet's fragments in every
 * outcome and releases them at transmit completion (or at once when it drops the packet); the
 * packet object itself is borrowed for the call. Received fragments pass to the handler.
 */
public interface NetDevice {
    long macAddress();

    /** The largest IP packet (without Ethernet header) the device sends unsegmented. */
    int mtuBytes();

    DeviceFeatures features();

    /** Sets where received packets go. */
    void attach(RxHandler handler);

    /**
     * Transmits one packet at {@code nowNs}. Offload fields of the packet are honoured only when
     * {@link #features()} announces them.
     */
    TxStatus transmit(long nowNs, TxPacket packet);
}
