package dev.toeless.bench.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.toeless.nic.cost.HostCost;
import dev.toeless.nic.cost.PciLink;
import dev.toeless.nic.stats.CounterSnapshot;


/**
 * Host B's figures from the cost model: virtual time charged from a profile, deterministic for a
 * seed and options on any machine (unlike {@code hostNsPerByte}, the measured wall time of our
 * Java code).
 *
 * @param hostCpuUtil           busy share of host B's modeled cores over the transfer
 * @param hostNsPerByteModeled  modeled CPU nanoseconds per payload byte
 * @param hostCyclesPerByte     the same in cycles of the profile's clock
 * @param pciBytesPerMb         bytes over host B's PCI link (both directions, TLP overhead included) per MB
 * @param pciTxPerMb            PCI transactions (TLPs) per MB of payload
 * @param rxMissed              frames host B's NIC dropped because the host did not keep up
 * @param breakdown             per operation its count and picoseconds; warm and cold bytes
 * @param cardProfile           a TOE card's CPU profile, null without a card
 * @param cardCpuUtil           busy share of the card's modeled CPU over the transfer (0 without a card)
 * @param cardNsPerByte         the card CPU's charged nanoseconds per payload byte (0 without a card)
 * @param hostPacketsPerGb      packets through host B's IP layer (in and out) per GB (10^9 bytes) of payload:
 *                              a count, not a cost
 * @param cardSaturationGbps    computed, not run: the payload rate at which the card's cores would all be
 *                              busy, at the modeled card CPU cost per byte of this transfer (0 without a card)
 */
public record ModeledCost(
    @JsonProperty("profile") String profile,
    @JsonProperty("host_cpu_util") double hostCpuUtil,
    @JsonProperty("host_ns_per_byte_modeled") double hostNsPerByteModeled,
    @JsonProperty("host_cycles_per_byte") double hostCyclesPerByte,
    @JsonProperty("pci_bytes_per_mb") double pciBytesPerMb,
    @JsonProperty("pci_tx_per_mb") double pciTxPerMb,
    @JsonProperty("descriptors_per_mb") double descriptorsPerMb,
    @JsonProperty("interrupts_per_mb") double interruptsPerMb,
    @JsonProperty("doorbells") long doorbells,
    @JsonProperty("dma_reads") long dmaReads,
    @JsonProperty("mmio_reads") long mmioReads,
    @JsonProperty("pci_bytes") long pciBytes,
    @JsonProperty("pci_tlps") long pciTlps,
    @JsonProperty("rx_missed") long rxMissed,
    @JsonProperty("breakdown") CounterSnapshot breakdown,
    @JsonProperty("card_profile") String cardProfile,
    @JsonProperty("card_cpu_util") double cardCpuUtil,
    @JsonProperty("card_ns_per_byte") double cardNsPerByte,
    @JsonProperty("host_packets_per_gb") double hostPacketsPerGb,
    @JsonProperty("card_saturation_gbit_s") double cardSaturationGbps) {

    /**
     * The figures of {@code cost} and {@code pci} for {@code payloadBytes} moved in {@code virtualNs}, with
     * {@code card}'s (a card's own CPU, or null) and host B's IP-layer packet count.
     */
    static ModeledCost of(CostSetup setup, HostCost cost, PciLink pci, long payloadBytes, long virtualNs,
                          long rxMissed, HostCost card, long hostPackets) {
        final long busyPs = cost.busyPs();
        final double mb = Math.max(1, payloadBytes) / 1e6;
        final double nsPerByte = busyPs / 1000.0 / Math.max(1, payloadBytes);
        return new ModeledCost(setup.label(), busyPs / (1000.0 * Math.max(1, virtualNs) * cost.cpu().cores()),
            nsPerByte, nsPerByte * setup.profile().clockGhz(), pci.pciBytes() / mb, pci.pciTlps() / mb,
            pci.descriptors() / mb, pci.interrupts() / mb, pci.doorbells(), pci.dmaReads(), pci.mmioReads(),
            pci.pciBytes(), pci.pciTlps(), rxMissed, cost.breakdown(),
            card == null ? null : card.profile().name(),
            card == null ? 0 : card.busyPs() / (1000.0 * Math.max(1, virtualNs) * card.cpu().cores()),
            card == null ? 0 : card.busyPs() / 1000.0 / Math.max(1, payloadBytes),
            hostPackets * 1e9 / Math.max(1, payloadBytes),
            card == null || card.busyPs() == 0 ? 0
                : 8.0 * card.cpu().cores() / (card.busyPs() / 1000.0 / Math.max(1, payloadBytes)));
    }
}
