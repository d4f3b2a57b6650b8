package dev.toeless.stack.toe;

import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.stack.tcp.TcpConfig;

/**
 * What a TOE card is told about the host it serves when its driver loads: the host's MAC and IP
 * addresses (the card answers for them on the connections it owns), the link MTU, and the TCP
 * settings its connections start from (the card keeps its own congestion control).
 *
 * @param ipv4 the IPv4 address, 0 for none
 * @param ipv6 the IPv6 address, null for none
 */
public record CardAddresses(long mac, int ipv4, int ipv4PrefixLength, Ipv6Address ipv6, int ipv6PrefixLength,
                            int mtuBytes, TcpConfig tcp) {
}
