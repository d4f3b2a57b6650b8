package dev.toeless.stack.archfixture;

/** Rule fixture: host code with a native method, which could read any memory. */
public final class ReadsThroughNativeCode {
    private ReadsThroughNativeCode() {
    }

    public static native byte peek(long address);
}
