package dev.toeless.stack.driver;

import java.util.LinkedHashMap;
import java.util.Map;

/** The driver's own counts (the NIC counts its side in its {@code NicStatistics}). */
public final class DriverCounters {
    long rxPackets;
    long rxBytes;
    long rxCsumBad;
    long rxTooLong;
    long rxMalformed;
    long rxErrorCompletions;
    long rxAllocFail;
    long rxBadDescriptor;
    long rxGroMerged;
    long rxGroFlushes;
    long polls;
    long txDescriptors;
    long txSoftwareSegments;
    long txCompletions;
    long txErrors;
    long txBusy;
    long txMalformed;

    public long rxPackets() {
        return rxPackets;
    }

    public long rxBytes() {
        return rxBytes;
    }

    public long rxCsumBad() {
        return rxCsumBad;
    }

    /** Frames that are not TCP and too long to gather whole for the control plane (dropped). */
    public long rxTooLong() {
        return rxTooLong;
    }

    /** Frames handed up whose parse failed (the IP layer drops them by reason). */
    public long rxMalformed() {
        return rxMalformed;
    }

    public long rxErrorCompletions() {
        return rxErrorCompletions;
    }

    public long rxAllocFail() {
        return rxAllocFail;
    }

    public long rxBadDescriptor() {
        return rxBadDescriptor;
    }

    public long rxGroMerged() {
        return rxGroMerged;
    }

    public long polls() {
        return polls;
    }

    public long txDescriptors() {
        return txDescriptors;
    }

    public long txCompletions() {
        return txCompletions;
    }

    public long txErrors() {
        return txErrors;
    }

    public long txBusy() {
        return txBusy;
    }

    /** Packets the IP layer handed over that the driver could not send as asked (dropped). */
    public long txMalformed() {
        return txMalformed;
    }

    /** Every count by name (allocates: for reports). */
    public Map<String, Long> snapshot() {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("rx_packets", rxPackets);
        m.put("rx_bytes", rxBytes);
        m.put("rx_csum_bad_dropped", rxCsumBad);
        m.put("rx_too_long", rxTooLong);
        m.put("rx_malformed", rxMalformed);
        m.put("rx_error_completions", rxErrorCompletions);
        m.put("rx_alloc_fail", rxAllocFail);
        m.put("rx_bad_descriptor", rxBadDescriptor);
        m.put("rx_gro_merged", rxGroMerged);
        m.put("rx_gro_flushes", rxGroFlushes);
        m.put("polls", polls);
        m.put("tx_descriptors", txDescriptors);
        m.put("tx_software_segments", txSoftwareSegments);
        m.put("tx_completions", txCompletions);
        m.put("tx_errors", txErrors);
        m.put("tx_busy", txBusy);
        m.put("tx_malformed", txMalformed);
        return m;
    }

    @Override
    public String toString() {
        return "DriverCounters" + snapshot();
    }
}
