package dev.toeless.stack.archfixture;

import dev.toeless.nic.mem.CpuTouch;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Rule fixture, the honest one: host code that copies payload through CpuTouch and builds headers
 * in its own Agrona buffers. The zero-touch rule must let it pass.
 */
public final class CopiesThroughCpuTouch {
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[64]);

    public void copy(CpuTouch touch, int pfn, byte[] out) {
        touch.copyOut(pfn, 0, out.length, out, 0);
        header.putInt(0, out.length);
    }
}
