package dev.toeless.nic.ring;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.testing.PageLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(PageLeakCheck.class)
class RxPageRingTest {
    private final HostMemory memory = new HostMemory(64);
    private final PagePool pool = new PagePool(memory, "rx0-pages", 6);
    private final RxPageRing pages = new RxPageRing("rx0-page-ring", 8, memory);

    @Test
    void fillPostsFreshPagesWithOneDoorbellAndStopsWhenThePoolIsDry() {
        assertThat(pages.fill(pool)).isEqualTo(6);
        assertThat(pages.fillAllocFail()).isEqualTo(1);
        assertThat(pages.ring().doorbells()).isEqualTo(1);
        assertThat(pages.pending()).isEqualTo(6);

        final int pfn = pages.take();
        assertThat(memory.refCount(pfn)).isEqualTo(1); // the driver's reference, now the taker's
        memory.release(pfn);
        assertThat(pages.drain()).isEqualTo(5);
        assertThat(pool.pagesOut()).isZero();
    }

    @Test
    void anEmptyRingGivesNoPage() {
        assertThat(pages.take()).isEqualTo(HostMemory.NO_PAGE);
        final int pfn = pool.allocate();
        pages.post(pfn);
        assertThat(pages.take()).isEqualTo(HostMemory.NO_PAGE); // not published yet
        pages.doorbell();
        assertThat(pages.take()).isEqualTo(pfn);
        memory.release(pfn);
    }

    @Test
    void hostileDescriptorsAreSkippedAndCounted() {
        final RxPageDescriptor raw = new RxPageDescriptor();
        final DescriptorRing ring = pages.ring();
        raw.wrap(ring.buffer(), ring.produce()).address(HostMemory.address(1_000_000, 0)).pfn(1_000_000);
        final int freePage = 7; // a page of this memory nobody holds
        raw.wrap(ring.buffer(), ring.produce()).address(HostMemory.address(freePage, 0)).pfn(freePage);
        final int good = pool.allocate();
        raw.wrap(ring.buffer(), ring.produce()).address(HostMemory.address(good, 0) + 8).pfn(good);
        pages.post(good);
        ring.doorbell();

        assertThat(pages.take()).isEqualTo(good);
        assertThat(pages.badDescriptors()).isEqualTo(3);
        memory.release(good);
    }
}
