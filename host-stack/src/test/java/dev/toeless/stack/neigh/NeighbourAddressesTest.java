package dev.toeless.stack.neigh;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NeighbourAddressesTest {

    /** RFC 4291's example: fe80::2aa:ff:fe28:9c5a has the group ff02::1:ff28:9c5a, on 33:33:ff:28:9c:5a. */
    @Test
    void solicitedNodeGroupAndItsEthernetAddress() {
        final long targetLo = 0x02AA_00FF_FE28_9C5AL;
        assertThat(NeighbourAddresses.solicitedNodeHi()).isEqualTo(0xFF02_0000_0000_0000L);
        assertThat(NeighbourAddresses.solicitedNodeLo(targetLo)).isEqualTo(0x0000_0001_FF28_9C5AL);
        final long mac = NeighbourAddresses.multicastLinkAddress(NeighbourAddresses.solicitedNodeLo(targetLo));
        assertThat(mac).isEqualTo(0x3333_FF28_9C5AL);
        assertThat(NeighbourAddresses.isGroup(mac)).isTrue();
        assertThat(NeighbourAddresses.isGroup(NeighbourAddresses.BROADCAST)).isTrue();
        assertThat(NeighbourAddresses.isGroup(0x0200_0000_0001L)).isFalse();
    }
}
