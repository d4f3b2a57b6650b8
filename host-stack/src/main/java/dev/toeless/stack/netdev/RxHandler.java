package dev.toeless.stack.netdev;

/** Where a {@link NetDevice} delivers received packets: the IP layer. */
@FunctionalInterface
public interface RxHandler {
    /**
     * One received packet. The packet object is borrowed for the call (the device reuses it);
     * the page references of its payload fragments pass to the handler, which releases each.
     */
    void receive(long nowNs, RxPacket packet);
}
