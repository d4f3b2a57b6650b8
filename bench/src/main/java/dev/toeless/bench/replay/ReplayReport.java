package dev.toeless.bench.replay;

import java.util.List;
import java.util.Map;

/**
 * The result of replaying one capture: frames read, frames dropped by reason, the NIC's
 * accumulation counters, the host CPU's payload touches, and each stream recovered.
 */
public record ReplayReport(String capture, long frames, Map<String, Long> dropped, List<StreamReport> streams,
                           Map<String, Long> accumulation, long hostTouchedBytes, long hostCopiedBytes) {
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean allComplete() {
        return streams.stream().allMatch(StreamReport::complete);
    }
}
