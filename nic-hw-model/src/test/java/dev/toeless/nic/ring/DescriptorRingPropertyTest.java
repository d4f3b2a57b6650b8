package dev.toeless.nic.ring;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayDeque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ring driven by a random sequence of produce / doorbell / consume behaves as a bounded FIFO
 * whose consumer sees only what the doorbell published, across many wrap-arounds.
 */
class DescriptorRingPropertyTest {
    @Property(tries = 300)
    void behavesAsABoundedFifoWithPublication(@ForAll @IntRange(min = 0, max = 4) int sizeShift,
                                              @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 2) Integer> ops) {
        final int entries = 1 << sizeShift;
        final DescriptorRing ring = new DescriptorRing("prop", entries, RxHeaderBufferDescriptor.LENGTH);
        final RxHeaderBufferDescriptor d = new RxHeaderBufferDescriptor();
        final ArrayDeque<Integer> published = new ArrayDeque<>();
        final ArrayDeque<Integer> unpublished = new ArrayDeque<>();
        int next = 0;
        for (int op : ops) {
            switch (op) {
                case 0 -> {
                    final int at = ring.produce();
                    if (published.size() + unpublished.size() == entries) {
                        assertThat(at).isEqualTo(DescriptorRing.FULL);
                    } else {
                        d.wrap(ring.buffer(), at).bufferId(next);
                        unpublished.add(next++);
                    }
                }
                case 1 -> {
                    assertThat(ring.doorbell()).isEqualTo(unpublished.size());
                    published.addAll(unpublished);
                    unpublished.clear();
                }
                default -> {
                    final int at = ring.peek();
                    if (published.isEmpty()) {
                        assertThat(at).isEqualTo(DescriptorRing.EMPTY);
                        assertThat(ring.consume()).isFalse();
                    } else {
                        assertThat(d.wrap(ring.buffer(), at).bufferId()).isEqualTo(published.poll());
                        assertThat(ring.consume()).isTrue();
                    }
                }
            }
            assertThat(ring.pending()).isEqualTo(published.size());
            assertThat(ring.freeSlots()).isEqualTo(entries - published.size() - unpublished.size());
        }
    }
}
