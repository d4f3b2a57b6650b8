package dev.toeless.nic.mem;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FragListTest {
    @Test
    void aGrowingListKeepsFragmentsAndFlagsAcrossGrowth() {
        final FragList list = new FragList(1);
        for (int i = 0; i < 5; i++) {
            list.add(i, i * 10, 100, i == 4 ? FragList.FLAG_PAGE_CLOSED : 0);
        }
        assertThat(list.count()).isEqualTo(5);
        assertThat(list.totalBytes()).isEqualTo(500);
        assertThat(list.pfn(3)).isEqualTo(3);
        assertThat(list.offset(3)).isEqualTo(30);
        assertThat(list.flags(3)).isZero();
        assertThat(list.pageClosed(4)).isTrue();
        assertThat(list.remaining()).isEqualTo(Integer.MAX_VALUE - 5);
    }

    @Test
    void flagsAreSetPerFragmentAndCanBeAddedLater() {
        final FragList list = FragList.forMaxPayload();
        list.add(7, 0, 4096, FragList.FLAG_ALIGNED).add(8, 0, 10);
        assertThat(list.flags(0)).isEqualTo(FragList.FLAG_ALIGNED);
        assertThat(list.pageClosed(1)).isFalse();
        list.orFlags(1, FragList.FLAG_PAGE_CLOSED);
        assertThat(list.pageClosed(1)).isTrue();
        assertThat(list.pageClosed(0)).isFalse();
    }

    @Test
    void aBoundedListHasAFixedCapacity() {
        final FragList list = FragList.bounded(2);
        assertThat(list.remaining()).isEqualTo(2);
        list.add(1, 0, 1, 0).add(2, 0, 1, 0);
        assertThat(list.remaining()).isZero();
        assertThatThrownBy(() -> list.add(3, 0, 1, 0)).isInstanceOf(IllegalStateException.class);
        assertThat(list.count()).isEqualTo(2);
        list.clear();
        assertThat(list.remaining()).isEqualTo(2);
        assertThat(list.totalBytes()).isZero();
        assertThat(FragList.forMaxPayload().remaining()).isEqualTo(FragList.MAX_PAYLOAD_FRAGMENTS);
    }

    @Test
    void releaseAllGivesBackOneReferencePerFragment() {
        final HostMemory memory = new HostMemory(4);
        final PagePool pool = new PagePool(memory, "rx0", 4);
        final int page = pool.allocate();
        memory.retain(page);
        final FragList list = FragList.bounded(2);
        list.add(page, 0, 100, 0).add(page, 100, 100, FragList.FLAG_PAGE_CLOSED);
        list.releaseAll(memory);
        assertThat(list.isEmpty()).isTrue();
        assertThat(pool.pagesOut()).isZero();
        pool.close();
        assertThat(memory.freePages()).isEqualTo(4);
    }

    @Test
    void aSliceCarriesNoFlags() {
        final FragList list = FragList.forMaxPayload();
        list.add(1, 0, 100, FragList.FLAG_PAGE_CLOSED | FragList.FLAG_ALIGNED);
        final FragList dst = new FragList();
        list.slice(10, 50, dst);
        assertThat(dst.count()).isEqualTo(1);
        assertThat(dst.offset(0)).isEqualTo(10);
        assertThat(dst.flags(0)).isZero();
    }

    @Test
    void droppingFromEitherEndCutsFragmentsAndGivesBackWholeOnes() {
        final HostMemory memory = new HostMemory(4);
        final int a = memory.allocate();
        final int b = memory.allocate();
        final int c = memory.allocate();
        final FragList list = new FragList(2).add(a, 100, 1000).add(b, 0, 500, FragList.FLAG_PAGE_CLOSED).add(c, 0, 300);
        assertThat(list.dropFront(1200, memory)).isEqualTo(1200);
        assertThat(list.count()).isEqualTo(2);
        assertThat(list.pfn(0)).isEqualTo(b);
        assertThat(list.offset(0)).isEqualTo(200);
        assertThat(list.length(0)).isEqualTo(300);
        assertThat(list.pageClosed(0)).isTrue();
        assertThat(list.totalBytes()).isEqualTo(600);
        assertThat(list.dropBack(400, memory)).isEqualTo(400);
        assertThat(list.count()).isEqualTo(1);
        assertThat(list.length(0)).isEqualTo(200);
        assertThat(list.dropFront(10_000, memory)).as("at most what is there").isEqualTo(200);
        assertThat(list.isEmpty()).isTrue();
        assertThat(memory.freePages()).isEqualTo(4);
    }
}
