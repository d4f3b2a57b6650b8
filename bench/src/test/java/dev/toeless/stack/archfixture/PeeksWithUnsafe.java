package dev.toeless.stack.archfixture;

import org.agrona.UnsafeApi;

/** Rule fixture: host code that reads memory through Unsafe. */
public final class PeeksWithUnsafe {
    private PeeksWithUnsafe() {
    }

    public static byte peek(long address) {
        return UnsafeApi.getByte(address);
    }
}
