package dev.toeless.nic.ring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DescriptorRingTest {
    private final DescriptorRing ring = new DescriptorRing("rx-hdr0", 4, RxHeaderBufferDescriptor.LENGTH);
    private final RxHeaderBufferDescriptor desc = new RxHeaderBufferDescriptor();

    private void post(int id) {
        final int at = ring.produce();
        assertThat(at).isNotEqualTo(DescriptorRing.FULL);
        desc.wrap(ring.buffer(), at).address(0x1000L * id).lengthBytes(256).bufferId(id);
    }

    private int take() {
        final int at = ring.peek();
        assertThat(at).isNotEqualTo(DescriptorRing.EMPTY);
        final int id = desc.wrap(ring.buffer(), at).bufferId();
        ring.consume();
        return id;
    }

    @Test
    void anEmptyRingSaysSo() {
        assertThat(ring.peek()).isEqualTo(DescriptorRing.EMPTY);
        assertThat(ring.pending()).isZero();
        assertThat(ring.consume()).isFalse();
        assertThat(ring.consume(3)).isZero();
    }

    @Test
    void theConsumerSeesEntriesOnlyAfterTheDoorbell() {
        post(1);
        post(2);
        assertThat(ring.pending()).isZero();
        assertThat(ring.peek()).isEqualTo(DescriptorRing.EMPTY);
        assertThat(ring.doorbell()).isEqualTo(2);
        assertThat(ring.pending()).isEqualTo(2);
        assertThat(take()).isEqualTo(1);
        assertThat(take()).isEqualTo(2);
        assertThat(ring.doorbells()).isEqualTo(1);
    }

    @Test
    void aFullRingRefusesAndCounts() {
        for (int i = 0; i < 4; i++) {
            post(i);
        }
        assertThat(ring.produce()).isEqualTo(DescriptorRing.FULL);
        assertThat(ring.fullEvents()).isEqualTo(1);
        assertThat(ring.freeSlots()).isZero();
        ring.doorbell();
        ring.consume();
        assertThat(ring.freeSlots()).isEqualTo(1);
        post(9);
    }

    @Test
    void indicesWrapAroundTheSlots() {
        for (int round = 0; round < 10; round++) {
            post(3 * round);
            post(3 * round + 1);
            post(3 * round + 2);
            ring.doorbell();
            assertThat(take()).isEqualTo(3 * round);
            assertThat(take()).isEqualTo(3 * round + 1);
            assertThat(take()).isEqualTo(3 * round + 2);
        }
        assertThat(ring.head()).isEqualTo(30);
        assertThat(ring.tail()).isEqualTo(30);
        assertThat(ring.offsetOf(30)).isEqualTo(2 * RxHeaderBufferDescriptor.LENGTH);
    }

    @Test
    void peekByIndexSeesThePendingEntriesInOrder() {
        post(5);
        post(6);
        ring.doorbell();
        assertThat(desc.wrap(ring.buffer(), ring.peek(1)).bufferId()).isEqualTo(6);
        assertThat(ring.peek(2)).isEqualTo(DescriptorRing.EMPTY);
        assertThat(ring.consume(5)).isEqualTo(2);
    }

    @Test
    void sizeMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new DescriptorRing("bad", 6, 16)).isInstanceOf(IllegalArgumentException.class);
    }
}
