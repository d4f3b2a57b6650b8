package dev.toeless.tso;

import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.HostMemory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.toeless.tso.Templates.ETH;
import static org.assertj.core.api.Assertions.assertThat;

/** Host memory, a TSO engine and payload pages for segmentation tests. */
final class TsoFixture {
    final HostMemory memory = new HostMemory(64);
    final DmaEngine dma = new DmaEngine(memory);
    final TsoEngine tso = new TsoEngine(dma, 9216 + 18);
    final List<Integer> pages = new ArrayList<>();

    void releasePages() {
        pages.forEach(memory::release);
        pages.clear();
    }

    /** Puts {@code payload} into fresh pages (as the disk would), cut into fragments of at most {@code fragBytes}. */
    SuperSegment superSegment(DirectBuffer template, boolean ipv6, int mss, byte[] payload, int fragBytes) {
        final SuperSegment s = new SuperSegment().set(ETH, ETH + (ipv6 ? 40 : 20), template.capacity(), ipv6, mss);
        int done = 0;
        int pageFill = HostMemory.PAGE_SIZE;
        int pfn = -1;
        while (done < payload.length) {
            if (pageFill == HostMemory.PAGE_SIZE) {
                pfn = memory.allocate();
                pages.add(pfn);
                pageFill = 0;
            }
            final int take = Math.min(Math.min(fragBytes, payload.length - done), HostMemory.PAGE_SIZE - pageFill);
            dma.toHost(new UnsafeBuffer(payload), done, take, HostMemory.address(pfn, pageFill));
            s.payload().add(pfn, pageFill, take);
            pageFill += take;
            done += take;
        }
        return s;
    }

    static List<byte[]> collect(TsoEngine engine, DirectBuffer template, SuperSegment s, TsoResult expect) {
        final List<byte[]> frames = new ArrayList<>();
        final TsoResult r = engine.segment(template, s, (f, off, len) -> {
            final byte[] copy = new byte[len];
            f.getBytes(off, copy);
            frames.add(copy);
        });
        assertThat(r).isEqualTo(expect);
        return frames;
    }

    static byte[] random(int n, long seed) {
        final byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
