package dev.toeless.stack.archfixture;

import java.lang.foreign.MemorySegment;

/** Rule fixture: host code that reads any address through a foreign memory segment. */
public final class MapsForeignMemory {
    private MapsForeignMemory() {
    }

    public static byte peek(long address) {
        return MemorySegment.ofAddress(address).reinterpret(1).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
    }
}
