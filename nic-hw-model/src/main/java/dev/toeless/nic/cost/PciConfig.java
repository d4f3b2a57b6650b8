package dev.toeless.nic.cost;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PCI Express link's parameters: generation and lanes (usable rate per lane after encoding),
 * TLP overheads, maximum payload and read request sizes, the latencies of a doorbell, an MMIO read
 * and a DMA read, and the device's receive buffer. {@link #parameters()} lists each with its
 * source.
 *
 * @param generation          3, 4 or 5
 * @param lanes               1, 2, 4, 8 or 16
 * @param maxPayloadBytes     MPS: largest data payload of one TLP
 * @param maxReadRequestBytes MRRS: largest read request
 * @param rxBufferBytes       the device's receive packet buffer, drained over the link
 */
public record PciConfig(int generation, int lanes, int maxPayloadBytes, int maxReadRequestBytes, int rxBufferBytes) {
    /** Header, sequence number, LCRC and framing of a memory write with a 64-bit address. */
    public static final int WRITE_TLP_OVERHEAD_BYTES = 24;
    /** The same for a completion with data. */
    public static final int COMPLETION_TLP_OVERHEAD_BYTES = 20;
    /** A memory read request (no data). */
    public static final int READ_REQUEST_BYTES = 24;
    public static final long DOORBELL_ISSUE_NS = 100;
    public static final long DOORBELL_ARRIVAL_NS = 275;
    public static final long MMIO_READ_NS = 1000;
    public static final long DMA_READ_BASE_NS = 550;
    public static final double DMA_READ_NS_PER_BYTE = 0.30;

    private static final Pattern SPEC = Pattern.compile("gen([345])x(1|2|4|8|16)");
    private static final String PCIE_MODEL = "pcie-bench pcie-model (Neugebauer et al., SIGCOMM 2018)";

    public PciConfig {
        if (generation < 3 || generation > 5) {
            throw new IllegalArgumentException("PCIe generation must be 3, 4 or 5: " + generation);
        }
        if (lanes != 1 && lanes != 2 && lanes != 4 && lanes != 8 && lanes != 16) {
            throw new IllegalArgumentException("PCIe lanes must be 1, 2, 4, 8 or 16: " + lanes);
        }
        if (Integer.bitCount(maxPayloadBytes) != 1 || maxPayloadBytes < 128 || maxPayloadBytes > 4096
            || Integer.bitCount(maxReadRequestBytes) != 1 || maxReadRequestBytes < 128 || maxReadRequestBytes > 4096) {
            throw new IllegalArgumentException("MPS and MRRS must be powers of two from 128 to 4096");
        }
        if (rxBufferBytes < 2048) {
            throw new IllegalArgumentException("receive buffer must hold a frame: " + rxBufferBytes);
        }
    }

    /** Gen4 x16, MPS 256, MRRS 512, a 512 KiB receive buffer. */
    public static PciConfig defaults() {
        return new PciConfig(4, 16, 256, 512, 512 << 10);
    }

    /** Parses {@code gen4x16}-style text; a one-line message for anything else. */
    public static PciConfig parse(String text) {
        final Matcher m = SPEC.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("PCIe link must look like gen4x16 (generation 3-5, lanes 1-16): '"
                + text + "'");
        }
        final PciConfig d = defaults();
        return new PciConfig(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), d.maxPayloadBytes,
            d.maxReadRequestBytes, d.rxBufferBytes);
    }

    /** Usable Gbit/s of one lane after line encoding. */
    public double laneGbitPerSecond() {
        return switch (generation) {
            case 3 -> 7.88;
            case 4 -> 15.75;
            default -> 31.5;
        };
    }

    /** Usable Gbit/s of the link, one direction. */
    public double gbitPerSecond() {
        return laneGbitPerSecond() * lanes;
    }

    /** Picoseconds one byte occupies the link, one direction (exact up to the rounding of the rate). */
    public double picosPerByte() {
        return 8000.0 / gbitPerSecond();
    }

    public String label() {
        return "gen" + generation + "x" + lanes;
    }

    /** Every parameter with its source, in print order. */
    public List<CostParameter> parameters() {
        return List.of(
            new CostParameter("pcie_generation", generation, "gen", "command line (--pcie)"),
            new CostParameter("pcie_lanes", lanes, "lanes", "command line (--pcie)"),
            new CostParameter("lane_gbit_per_s", laneGbitPerSecond(), "Gbit/s",
                "usable per lane after encoding: Gen3 7.88, Gen4 15.75, Gen5 31.5 (" + PCIE_MODEL + ")"),
            new CostParameter("write_tlp_overhead", WRITE_TLP_OVERHEAD_BYTES, "bytes",
                "memory write, 64-bit address (" + PCIE_MODEL + ")"),
            new CostParameter("completion_tlp_overhead", COMPLETION_TLP_OVERHEAD_BYTES, "bytes",
                "completion with data (" + PCIE_MODEL + ")"),
            new CostParameter("read_request_bytes", READ_REQUEST_BYTES, "bytes", "estimate: header as a write's"),
            new CostParameter("max_payload_bytes", maxPayloadBytes, "bytes", "MPS 256, a common default (estimate)"),
            new CostParameter("max_read_request_bytes", maxReadRequestBytes, "bytes", "MRRS 512 (estimate)"),
            new CostParameter("doorbell_issue_ns", DOORBELL_ISSUE_NS, "ns", "posted write, CPU side (" + PCIE_MODEL
                + ")"),
            new CostParameter("doorbell_arrival_ns", DOORBELL_ARRIVAL_NS, "ns", "posted write reaching the device ("
                + PCIE_MODEL + ")"),
            new CostParameter("mmio_read_ns", MMIO_READ_NS, "ns",
                "non-posted read round trip; herjulf/mmio_test: 0.7-0.9 us"),
            new CostParameter("dma_read_base_ns", DMA_READ_BASE_NS, "ns",
                "pcie-bench: 546 ns median at 64 B (Gen3, Xeon E5)"),
            new CostParameter("dma_read_ns_per_byte", DMA_READ_NS_PER_BYTE, "ns/B",
                "pcie-bench: 986 ns at 1,520 B (Gen3, Xeon E5)"),
            new CostParameter("rx_buffer_bytes", rxBufferBytes, "bytes", "estimate: NIC receive packet buffer"));
    }
}
