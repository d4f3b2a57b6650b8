package dev.toeless.nic.testing;

import dev.toeless.nic.mem.HostMemory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Fails a test that leaves a page referenced: after each test, every {@link HostMemory} held in
 * a field of the test instance (or of its enclosing instances, for nested tests) must have all
 * its pages back. Use with {@code @ExtendWith(PageLeakCheck.class)}.
 */
public final class PageLeakCheck implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (context.getExecutionException().isPresent()) {
            return; // the test failed already; a leak then is a consequence, not news
        }
        final List<Object> instances = context.getRequiredTestInstances().getAllInstances();
        for (Object instance : instances) {
            for (HostMemory memory : memories(instance)) {
                memory.assertNoLeaks();
            }
        }
    }

    private static List<HostMemory> memories(Object instance) throws IllegalAccessException {
        final List<HostMemory> out = new ArrayList<>();
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (HostMemory.class.isAssignableFrom(f.getType())) {
                    f.setAccessible(true);
                    final Object v = f.get(instance);
                    if (v != null) {
                        out.add((HostMemory) v);
                    }
                }
            }
        }
        return out;
    }
}
