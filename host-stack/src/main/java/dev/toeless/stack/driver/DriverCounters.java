package dev.toeless.stack.driver;

import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;


/** The driver's own counts (the NIC counts its side in its {@code NicStatistics}). */
public final class DriverCounters implements CounterSet {
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
    long txLinearized;
    long txLinearizeAllocFail;

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

    /**
     * Frames whose payload spanned more page fragments than a descriptor holds, copied by the CPU
     * into the driver's own pages before they were sent.
     */
    public long txLinearized() {
        return txLinearized;
    }

    /** Super-segments refused (busy) because host memory had no page to linearize a frame into. */
    public long txLinearizeAllocFail() {
        return txLinearizeAllocFail;
    }

    /** Every count under its report name, in a fixed order. */
    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.counter("rx_packets", rxPackets);
        visitor.counter("rx_bytes", rxBytes);
        visitor.counter("rx_csum_bad_dropped", rxCsumBad);
        visitor.counter("rx_too_long", rxTooLong);
        visitor.counter("rx_malformed", rxMalformed);
        visitor.counter("rx_error_completions", rxErrorCompletions);
        visitor.counter("rx_alloc_fail", rxAllocFail);
        visitor.counter("rx_bad_descriptor", rxBadDescriptor);
        visitor.counter("rx_gro_merged", rxGroMerged);
        visitor.counter("rx_gro_flushes", rxGroFlushes);
        visitor.counter("polls", polls);
        visitor.counter("tx_descriptors", txDescriptors);
        visitor.counter("tx_software_segments", txSoftwareSegments);
        visitor.counter("tx_completions", txCompletions);
        visitor.counter("tx_errors", txErrors);
        visitor.counter("tx_busy", txBusy);
        visitor.counter("tx_malformed", txMalformed);
        visitor.counter("tx_linearized", txLinearized);
        visitor.counter("tx_linearize_alloc_fail", txLinearizeAllocFail);
    }

    @Override
    public String toString() {
        return "DriverCounters" + snapshot();
    }
}
