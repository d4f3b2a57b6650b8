package dev.toeless.vfs.cache;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(PageLeakCheck.class)
class PageCacheTest {
    private final HostMemory memory = new HostMemory(16);
    private final PageCache cache = new PageCache("f", 4);

    @Test
    void holdsOneReferencePerPageAndCountsDirtyUntilWritten() {
        final int a = memory.allocate();
        final int b = memory.allocate();
        assertThat(cache.insert(0, a)).isTrue();
        assertThat(cache.insert(0, b)).as("an index holds one page").isFalse();
        assertThat(cache.insert(1L << 40, b)).as("page indexes past 4 GiB").isTrue();
        assertThat(cache.pfn(0)).isEqualTo(a);
        assertThat(cache.pfn(5)).isEqualTo(HostMemory.NO_PAGE);
        assertThat(cache.roomPages(0)).isEqualTo(2);
        assertThat(cache.roomPages(1)).isEqualTo(1);

        final int taken = cache.takeForWriteback(0);
        assertThat(taken).isEqualTo(a);
        assertThat(cache.heldPages()).isEqualTo(1);
        assertThat(cache.dirtyPages()).isEqualTo(2);
        memory.release(taken);
        cache.writebackDone(1);
        assertThat(cache.dirtyPages()).isEqualTo(1);
        assertThat(cache.highWaterPages()).isEqualTo(2);

        assertThat(cache.releaseAll(memory)).isEqualTo(1);
        assertThat(cache.dirtyPages()).isZero();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new PageCache("f", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.writebackDone(1)).isInstanceOf(IllegalStateException.class);
    }
}
