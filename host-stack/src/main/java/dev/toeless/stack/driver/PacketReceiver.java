package dev.toeless.stack.driver;

/**
 * Where the driver hands received packets: the IP layer, or a test's recorder.
 *
 * <p>Ownership: the packet view is lent for the call. A receiver that keeps the payload moves the
 * fragments' page references out with {@link RxPacket#takeFragments}; whatever it leaves in the
 * packet is released by the driver when the call returns.
 */
@FunctionalInterface
public interface PacketReceiver {
    void onPacket(RxPacket packet, long nowNs);
}
