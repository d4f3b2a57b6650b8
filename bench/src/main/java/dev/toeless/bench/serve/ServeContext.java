package dev.toeless.bench.serve;

import dev.toeless.nic.mem.PagePool;
import dev.toeless.stack.host.Host;
import dev.toeless.vfs.stats.VfsCounters;
import dev.toeless.vfs.writeback.Writeback;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What every connection of one server shares: the host it runs on, the folder it serves, the page
 * pools for file reads and for the sink's copies, the disk writeback, the counters, and where the
 * per-request lines go.
 *
 * @param dirtyLimitPages the most dirty pages one upload may hold before its window closes
 * @param idleTimeoutNs   how long a connection may wait for a request, or for more of one
 * @param uploading       the files being received now (one upload per name at a time)
 */
record ServeContext(Host host, String modeLabel, RootDirectory root, PagePool filePool, PagePool sinkPool,
                    Writeback writeback, VfsCounters vfs, ServeStats stats, Consumer<String> log,
                    int dirtyLimitPages, long idleTimeoutNs, Set<Path> uploading) {
}
