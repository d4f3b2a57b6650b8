package dev.toeless.nic.mem;

import dev.toeless.nic.testing.PageLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(PageLeakCheck.class)
class PagePoolTest {
    private final HostMemory memory = new HostMemory(16);

    @Test
    void releasedPagesAreRecycledByTheirPool() {
        final PagePool pool = new PagePool(memory, "rx0", 4);
        final int first = pool.allocate();
        memory.release(first);
        assertThat(pool.recycled()).isEqualTo(1);
        assertThat(pool.allocate()).isEqualTo(first);
        assertThat(pool.allocFast()).isEqualTo(1);
        memory.release(first);
        pool.close();
        assertThat(memory.freePages()).isEqualTo(16);
    }

    @Test
    void aFullPoolCountsAFailureAndDoesNotThrow() {
        final PagePool pool = new PagePool(memory, "rx0", 2);
        final int a = pool.allocate();
        final int b = pool.allocate();
        assertThat(pool.allocate()).isEqualTo(HostMemory.NO_PAGE);
        assertThat(pool.allocFail()).isEqualTo(1);
        assertThat(pool.pagesOut()).isEqualTo(2);
        memory.release(a);
        memory.release(b);
        assertThat(pool.pagesOut()).isZero();
        pool.close();
    }

    @Test
    void pagesOutAfterCloseGoToTheFreeList() {
        final PagePool pool = new PagePool(memory, "rx0", 2);
        final int a = pool.allocate();
        pool.close();
        memory.release(a);
        assertThat(memory.freePages()).isEqualTo(16);
    }

    @Test
    void aColdFirstPoolTakesNewPagesUntilFullThenTheOneFreedLongestAgo() {
        final PagePool pool = PagePool.coldFirst(memory, "cache", 3);
        final int a = pool.allocate();
        memory.release(a);
        final int b = pool.allocate();
        assertThat(b).as("a new page, not the one just freed").isNotEqualTo(a);
        final int c = pool.allocate();
        assertThat(c).isNotEqualTo(a).isNotEqualTo(b);
        memory.release(c);
        memory.release(b);
        assertThat(pool.allocSlow()).isEqualTo(3);
        assertThat(pool.allocate()).as("full: the oldest freed").isEqualTo(a);
        assertThat(pool.allocate()).isEqualTo(c);
        assertThat(pool.allocate()).isEqualTo(b);
        assertThat(pool.allocate()).isEqualTo(HostMemory.NO_PAGE);
        assertThat(pool.allocFail()).isEqualTo(1);
        memory.release(a);
        memory.release(c);
        memory.release(b);
        assertThat(pool.allocate()).as("the ring wraps").isEqualTo(a);
        memory.release(a);
        pool.close();
        assertThat(memory.freePages()).isEqualTo(16);
    }
}
