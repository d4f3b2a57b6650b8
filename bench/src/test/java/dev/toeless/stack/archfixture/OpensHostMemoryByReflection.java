package dev.toeless.stack.archfixture;

import dev.toeless.nic.mem.HostMemory;

import java.lang.reflect.Field;

/** Rule fixture: host code that breaks into HostMemory's private arena. */
public final class OpensHostMemoryByReflection {
    private OpensHostMemoryByReflection() {
    }

    public static Object arena(HostMemory memory) throws ReflectiveOperationException {
        final Field bytes = HostMemory.class.getDeclaredField("bytes");
        bytes.setAccessible(true);
        return bytes.get(memory);
    }
}
