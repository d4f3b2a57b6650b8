package dev.toeless.stack.ddp;

import dev.toeless.nic.card.ddp.DdpCard;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.card.ddp.RegionTable;

import java.util.Arrays;

/**
 * A region a test registers: whole pages filled with a guard byte pattern (so a byte written
 * anywhere in them, inside the region or around it, shows), and a model of what the pages should
 * hold. Reading the pages back goes through the host's {@link CpuTouch} (the test's own copies).
 */
final class TestRegion {
    final int stag;
    final int[] pfns;
    final int firstOffset;
    final long base;
    final long length;
    final byte[] expected;
    private final CpuTouch cpu;
    private final DdpCard card;

    TestRegion(DdpCard card, CpuTouch cpu, PagePool pool, int firstOffset, long length, long base, int rights,
               int pd, byte guard) {
        this.cpu = cpu;
        this.card = card;
        this.firstOffset = firstOffset;
        this.length = length;
        this.base = base;
        final int pages = RegionTable.pagesSpanned(firstOffset, length);
        this.pfns = new int[pages];
        this.expected = new byte[pages * HostMemory.PAGE_SIZE];
        Arrays.fill(expected, guard);
        for (int i = 0; i < pages; i++) {
            pfns[i] = pool.allocate();
            if (pfns[i] == HostMemory.NO_PAGE) {
                throw new IllegalStateException("test pool empty");
            }
            cpu.copyIn(expected, i * HostMemory.PAGE_SIZE, HostMemory.PAGE_SIZE, pfns[i], 0);
        }
        final DdpCard.Registration r = card.register(pfns, pages, firstOffset, length, base, rights, pd);
        this.stag = r.stag();
        if (!r.ok()) {
            throw new IllegalStateException("registration refused");
        }
    }

    /** Records that {@code bytes} were written at tagged offset {@code to}. */
    void expectWrite(long to, byte[] bytes) {
        System.arraycopy(bytes, 0, expected, (int) (firstOffset + (to - base)), bytes.length);
    }

    /** The pages' bytes now. */
    byte[] actual() {
        final byte[] out = new byte[pfns.length * HostMemory.PAGE_SIZE];
        for (int i = 0; i < pfns.length; i++) {
            cpu.copyOut(pfns[i], 0, HostMemory.PAGE_SIZE, out, i * HostMemory.PAGE_SIZE);
        }
        return out;
    }

    /** Deregisters (if still registered) and gives back the test's page references. */
    void release() {
        card.deregister(stag);
        for (int pfn : pfns) {
            cpu.memory().release(pfn);
        }
    }

    /** A payload of {@code bytes} in fresh pages of {@code pool}, copied in by {@code cpu}. */
    static FragList payload(CpuTouch cpu, PagePool pool, byte[] bytes) {
        final FragList list = new FragList(4);
        for (int at = 0; at < bytes.length; at += HostMemory.PAGE_SIZE) {
            final int n = Math.min(HostMemory.PAGE_SIZE, bytes.length - at);
            final int pfn = pool.allocate();
            cpu.copyIn(bytes, at, n, pfn, 0);
            list.add(pfn, 0, n);
        }
        return list;
    }
}
