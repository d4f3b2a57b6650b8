package dev.toeless.stack.neigh;

/**
 * Where solicitations go: the IPv4 broadcast link address for ARP, and for neighbour discovery the
 * solicited-node multicast group of a target (RFC 4291 section 2.7.1: the prefix
 * {@code ff02::1:ff00:0/104} followed by the target's low 24 bits) and the Ethernet address of an IPv6 multicast group (RFC 2464 section 7,
 * {@code 33:33} and the group's low 32 bits). Link addresses are 48-bit values in a long.
 */
public final class NeighbourAddresses {
    /** ff:ff:ff:ff:ff:ff, where ARP requests go. */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    private static final long SOLICITED_NODE_HI = 0xFF02_0000_0000_0000L;
    private static final long SOLICITED_NODE_LO = 0x0000_0001_FF00_0000L;

    private NeighbourAddresses() {
    }

    /** The upper 64 bits of the solicited-node group of any target: ff02::. */
    public static long solicitedNodeHi() {
        return SOLICITED_NODE_HI;
    }

    /** The lower 64 bits of the solicited-node group of the target whose lower bits are {@code targetLo}. */
    public static long solicitedNodeLo(long targetLo) {
        return SOLICITED_NODE_LO | targetLo & 0xFF_FFFFL;
    }

    /** The Ethernet address of the IPv6 multicast group whose lower bits are {@code groupLo}. */
    public static long multicastLinkAddress(long groupLo) {
        return 0x3333_0000_0000L | groupLo & 0xFFFF_FFFFL;
    }

    /** Whether a 48-bit link address is a group (multicast or broadcast) address: the I/G bit. */
    public static boolean isGroup(long linkAddress) {
        return (linkAddress >>> 40 & 1) != 0;
    }
}
