package dev.toeless.stack.host;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.EventScheduler;

/**
 * Builds a host's {@link Attachment} that its {@link HostConfig} does not name (a {@link PciPort}
 * to a card node) from the host's own memory, CPU, receive pool and scheduler.
 */
@FunctionalInterface
public interface AttachmentFactory {
    Attachment create(HostMemory memory, CpuTouch cpu, PagePool rxPool, EventScheduler scheduler);
}
