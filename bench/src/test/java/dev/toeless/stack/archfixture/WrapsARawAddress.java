package dev.toeless.stack.archfixture;

import org.agrona.concurrent.UnsafeBuffer;

/** Rule fixture: host code that points an Agrona buffer at a raw address. */
public final class WrapsARawAddress {
    private WrapsARawAddress() {
    }

    public static int peek(long address) {
        return new UnsafeBuffer(address, 4).getInt(0);
    }
}
