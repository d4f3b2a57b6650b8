package dev.toeless.stack.ip;

/** Told of every ICMP / ICMPv6 echo reply that reaches this host (a ping client). */
@FunctionalInterface
public interface EchoListener {
    void onEchoReply(long nowNs, boolean ipv6, long srcHi, long srcLo, int identifier, int sequence, int dataBytes);
}
