package dev.toeless.stack.archfixture;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.LeakyView;

/** Rule fixture: host code that reads payload through a byte view instead of CpuTouch. */
public final class ReadsAViewOfAPage {
    private ReadsAViewOfAPage() {
    }

    public static byte firstByte(HostMemory memory, int pfn) {
        return LeakyView.pageBytes(memory, pfn).get(0);
    }
}
