package dev.toeless.nic.card;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToeDescriptorLayoutTest {

    @Test
    void aConnectCommandLaysOutItsFieldsWhereTheDiagramSays() {
        final UnsafeBuffer memory = new UnsafeBuffer(new byte[2 * ToeCommandDescriptor.LENGTH]);
        final ToeCommandDescriptor command = new ToeCommandDescriptor().wrap(memory, ToeCommandDescriptor.LENGTH);
        command.clear()
            .opcode(ToeCommandDescriptor.CONNECT)
            .family(ToeCommandDescriptor.FAMILY_IPV4)
            .tid(0x01020304)
            .cookie(0x1122334455667788L)
            .ports(40000, 80)
            .argument(65536)
            .addresses(0, 0xFFFF_0A00_0001L, 0, 0xFFFF_0A00_0002L);

        final byte[] bytes = new byte[ToeCommandDescriptor.LENGTH];
        memory.getBytes(ToeCommandDescriptor.LENGTH, bytes);
        assertThat(bytes[0]).isEqualTo((byte) 2);
        assertThat(bytes[2]).isEqualTo((byte) 4);
        assertThat(bytes[4]).as("TID, little-endian").isEqualTo((byte) 0x04);
        assertThat(bytes[8]).as("cookie, little-endian").isEqualTo((byte) 0x88);
        assertThat(bytes[24] & 0xFF | (bytes[25] & 0xFF) << 8).isEqualTo(40000);
        assertThat(bytes[44] & 0xFF).as("10.0.0.1 in network order at the end of the local address").isEqualTo(10);
        assertThat(bytes[47] & 0xFF).isEqualTo(1);
        assertThat(bytes[63] & 0xFF).isEqualTo(2);
        assertThat(memory.getLong(0)).as("the slot before is untouched").isZero();

        assertThat(command.opcode()).isEqualTo(ToeCommandDescriptor.CONNECT);
        assertThat(command.tid()).isEqualTo(0x01020304);
        assertThat(command.cookie()).isEqualTo(0x1122334455667788L);
        assertThat(command.localPort()).isEqualTo(40000);
        assertThat(command.remotePort()).isEqualTo(80);
        assertThat(command.argument()).isEqualTo(65536);
        assertThat(command.localAddressLow()).isEqualTo(0xFFFF_0A00_0001L);
        assertThat(command.remoteAddressLow()).isEqualTo(0xFFFF_0A00_0002L);
        assertThat(ToeCommandDescriptor.opcodeName(command.opcode())).isEqualTo("connect");
    }

    @Test
    void aSendCommandCarriesAFullPageRange() {
        final ToeCommandDescriptor command = new ToeCommandDescriptor().wrap(new UnsafeBuffer(new byte[64]), 0);
        command.clear().opcode(ToeCommandDescriptor.SEND).flags(ToeCommandDescriptor.FLAG_MORE).pageRange(0x7FFF_FFFF, 4095, 4096);
        assertThat(command.pfn()).isEqualTo(0x7FFF_FFFF);
        assertThat(command.pageOffset()).isEqualTo(4095);
        assertThat(command.lengthBytes()).isEqualTo(4096);
        assertThat(command.flags()).isEqualTo(ToeCommandDescriptor.FLAG_MORE);
        assertThat(ToeCommandDescriptor.opcodeName(99)).isEqualTo("unknown_99");
    }

    @Test
    void aCompletionRoundTripsEveryField() {
        final UnsafeBuffer memory = new UnsafeBuffer(new byte[ToeCompletionDescriptor.LENGTH]);
        final ToeCompletionDescriptor completion = new ToeCompletionDescriptor().wrap(memory, 0);
        completion.clear()
            .type(ToeCompletionDescriptor.DATA_ARRIVED)
            .status(ToeCompletionDescriptor.STATUS_OK)
            .state(ToeCompletionDescriptor.STATE_ESTABLISHED)
            .tid(16_383)
            .cookie(-1L)
            .pageRange(123, 0, 4096)
            .value(1L << 40);
        assertThat(completion.type()).isEqualTo(ToeCompletionDescriptor.DATA_ARRIVED);
        assertThat(completion.state()).isEqualTo(ToeCompletionDescriptor.STATE_ESTABLISHED);
        assertThat(completion.tid()).isEqualTo(16_383);
        assertThat(completion.cookie()).isEqualTo(-1L);
        assertThat(completion.pfn()).isEqualTo(123);
        assertThat(completion.lengthBytes()).isEqualTo(4096);
        assertThat(completion.value()).isEqualTo(1L << 40);
        assertThat(memory.getByte(ToeCompletionDescriptor.VALUE_OFFSET + 5)).isEqualTo((byte) 1);
        assertThat(ToeCompletionDescriptor.statusName(ToeCompletionDescriptor.STATUS_CARD_RESET)).isEqualTo("card_reset");
    }
}
