package dev.toeless.nic.mem;

import dev.toeless.nic.testing.PageLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(PageLeakCheck.class)
class HostMemoryTest {
    private final HostMemory memory = new HostMemory(8);

    @Test
    void aPageGoesBackWhenItsLastReferenceIsReleased() {
        final int pfn = memory.allocate();
        memory.retain(pfn);
        assertThat(memory.release(pfn)).isFalse();
        assertThat(memory.pagesInUse()).isEqualTo(1);
        assertThat(memory.release(pfn)).isTrue();
        assertThat(memory.pagesInUse()).isZero();
        assertThat(memory.freePages()).isEqualTo(8);
    }

    @Test
    void exhaustionIsAReturnValue() {
        final int[] pages = new int[8];
        for (int i = 0; i < 8; i++) {
            pages[i] = memory.allocate();
        }
        assertThat(memory.allocate()).isEqualTo(HostMemory.NO_PAGE);
        for (int pfn : pages) {
            memory.release(pfn);
        }
    }

    @Test
    void aDoubleReleaseIsCaught() {
        final int pfn = memory.allocate();
        memory.release(pfn);
        assertThatThrownBy(() -> memory.release(pfn)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("not in use");
    }

    @Test
    void theLeakCheckNamesTheLeakedPage() {
        final HostMemory other = new HostMemory(4);
        final PagePool pool = new PagePool(other, "rx0", 2);
        final int pfn = pool.allocate();
        assertThatThrownBy(other::assertNoLeaks).hasMessageContaining("pfn " + pfn).hasMessageContaining("rx0");
        other.release(pfn);
        other.assertNoLeaks();
    }

    @Test
    void dmaOutsideMemoryIsRefusedAndCounted() {
        final DmaEngine dma = new DmaEngine(memory);
        final var src = new org.agrona.concurrent.UnsafeBuffer(new byte[64]);
        assertThat(dma.toHost(src, 0, 64, HostMemory.address(7, 4090))).isFalse();
        assertThat(dma.toHost(src, 0, 64, -1)).isFalse();
        assertThat(dma.errors()).isEqualTo(2);
        assertThat(dma.bytesToHost()).isZero();
    }

    @Test
    void aSummedDmaReadCopiesSumsAndCountsLikeAPlainOne() {
        final DmaEngine dma = new DmaEngine(memory);
        final int pfn = memory.allocate();
        final byte[] bytes = new byte[301];
        new java.util.SplittableRandom(7).nextBytes(bytes);
        final var src = new org.agrona.concurrent.UnsafeBuffer(bytes);
        dma.toHost(src, 0, bytes.length, HostMemory.address(pfn, 3));
        final var dst = new org.agrona.concurrent.UnsafeBuffer(new byte[320]);
        final long sum = dma.fromHostSummed(HostMemory.address(pfn, 3), bytes.length, dst, 5, 0);
        assertThat(sum).isEqualTo(dma.checksumFromHost(HostMemory.address(pfn, 3), bytes.length, 0));
        assertThat(dev.toeless.nic.csum.InternetChecksum.finish(sum))
            .isEqualTo(dev.toeless.nic.csum.InternetChecksum.checksum(src, 0, bytes.length));
        final byte[] back = new byte[bytes.length];
        dst.getBytes(5, back);
        assertThat(back).isEqualTo(bytes);
        assertThat(dma.bytesFromHost()).isEqualTo(bytes.length);
        assertThat(dma.fromHostSummed(HostMemory.address(7, 4090), 64, dst, 0, 0)).isEqualTo(-1);
        assertThat(dma.errors()).isEqualTo(1);
        assertThat(dma.bytesFromHost()).isEqualTo(bytes.length);
        memory.release(pfn);
    }

    @Test
    void freedMemoryRefusesEveryByteAccessAndAPageStillOut() {
        final HostMemory other = new HostMemory(4);
        final CpuTouch cpu = new CpuTouch(other, new TouchLedger());
        final int pfn = other.allocate();
        assertThatThrownBy(other::free).isInstanceOf(IllegalStateException.class).hasMessageContaining("still referenced");
        other.release(pfn);
        other.free();
        other.free(); // twice is harmless
        final byte[] out = new byte[16];
        assertThatThrownBy(() -> cpu.copyOut(0, 0, 16, out, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
