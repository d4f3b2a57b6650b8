package dev.toeless.nic.cost;

import dev.toeless.nic.sim.VirtualClock;

/**
 * A PCI Express link between host memory and one device, in virtual time. Each direction is a
 * serial resource with a busy-until time: the device's writes (payload DMA, completions, MSI-X
 * interrupts) and its read requests go up; read completions carrying host data and the host's
 * doorbell writes come down. Every transfer is cut into TLPs of at most the maximum payload size
 * and pays each TLP's overhead, so small transfers cost more than their bytes.
 *
 * <p>A link too slow for the traffic falls behind the clock; once the backlog going up exceeds the
 * device's receive buffer, {@link #receiveBacklogFull()} says so and the NIC drops the frame
 * (counted as {@code rx_missed}), as a real NIC whose packet buffer overflows does. Descriptors are
 * fetched {@value #DESCRIPTOR_BATCH} at a time (an estimate of a NIC's prefetch).
 *
 * <p>Counters: {@code pci_bytes} (both directions, overhead included), {@code pci_tlps},
 * {@code doorbells}, {@code mmio_reads}, {@code dma_reads}, {@code interrupts},
 * {@code descriptors} (fetched and written). Single-threaded.
 */
public final class PciLink implements DeviceBus {
    /** Descriptors fetched per read (estimate). */
    public static final int DESCRIPTOR_BATCH = 8;
    private static final int MSIX_BYTES = 4;
    private static final int DOORBELL_BYTES = 4;

    private final PciConfig config;
    private final VirtualClock clock;
    private final double psPerByte;
    private CacheWarmth cache;
    private long upBusyUntilPs;
    private long downBusyUntilPs;
    private long pciBytes;
    private long pciTlps;
    private long doorbells;
    private long mmioReads;
    private long dmaReads;
    private long interrupts;
    private long descriptors;
    private long payloadBytesUp;
    private long payloadBytesDown;
    private int pendingDescriptors;

    public PciLink(PciConfig config, VirtualClock clock) {
        this.config = config;
        this.clock = clock;
        this.psPerByte = config.picosPerByte();
    }

    public PciConfig config() {
        return config;
    }

    /** Tells {@code warmth} about every DMA write into host memory. */
    public PciLink cache(CacheWarmth warmth) {
        this.cache = warmth;
        return this;
    }

    @Override
    public void dmaWrite(long address, int bytes) {
        if (cache != null) {
            cache.dmaWritten(address, bytes);
        }
        payloadBytesUp += bytes;
        write(bytes);
    }

    @Override
    public void dmaRead(int bytes) {
        dmaReads++;
        payloadBytesDown += bytes;
        read(bytes);
    }

    @Override
    public void descriptorFetch(int count, int bytesEach) {
        descriptors += count;
        pendingDescriptors += count;
        while (pendingDescriptors >= DESCRIPTOR_BATCH) {
            pendingDescriptors -= DESCRIPTOR_BATCH;
            dmaReads++;
            read(DESCRIPTOR_BATCH * bytesEach);
        }
    }

    @Override
    public void completionWrite(int bytes) {
        descriptors++;
        write(bytes);
    }

    @Override
    public void interrupt() {
        interrupts++;
        write(MSIX_BYTES);
    }

    @Override
    public void doorbell() {
        doorbells++;
        down(DOORBELL_BYTES + PciConfig.WRITE_TLP_OVERHEAD_BYTES, 1);
    }

    /** The host reads a device register: counted; returns the round trip the reading CPU stalls for. */
    @Override
    public long registerRead() {
        return mmioRead();
    }

    public long mmioRead() {
        mmioReads++;
        down(PciConfig.READ_REQUEST_BYTES, 1);
        up(PciConfig.COMPLETION_TLP_OVERHEAD_BYTES + 4, 1);
        return PciConfig.MMIO_READ_NS;
    }

    /** The round trip of a DMA read of {@code bytes} (pcie-bench's fit), for latency figures. */
    public static double dmaReadLatencyNs(int bytes) {
        return PciConfig.DMA_READ_BASE_NS + PciConfig.DMA_READ_NS_PER_BYTE * bytes;
    }

    @Override
    public boolean receiveBacklogFull() {
        final long backlogPs = upBusyUntilPs - clock.nowNs() * 1000;
        return backlogPs > 0 && backlogPs / psPerByte > config.rxBufferBytes();
    }

    private void write(int bytes) {
        final int tlps = Math.max(1, (bytes + config.maxPayloadBytes() - 1) / config.maxPayloadBytes());
        up(bytes + (long) tlps * PciConfig.WRITE_TLP_OVERHEAD_BYTES, tlps);
    }

    private void read(int bytes) {
        final int requests = Math.max(1, (bytes + config.maxReadRequestBytes() - 1) / config.maxReadRequestBytes());
        up((long) requests * PciConfig.READ_REQUEST_BYTES, requests);
        final int completions = Math.max(1, (bytes + config.maxPayloadBytes() - 1) / config.maxPayloadBytes());
        down(bytes + (long) completions * PciConfig.COMPLETION_TLP_OVERHEAD_BYTES, completions);
    }

    private void up(long wireBytes, int tlps) {
        upBusyUntilPs = Math.max(clock.nowNs() * 1000, upBusyUntilPs) + Math.round(wireBytes * psPerByte);
        pciBytes += wireBytes;
        pciTlps += tlps;
    }

    private void down(long wireBytes, int tlps) {
        downBusyUntilPs = Math.max(clock.nowNs() * 1000, downBusyUntilPs) + Math.round(wireBytes * psPerByte);
        pciBytes += wireBytes;
        pciTlps += tlps;
    }

    public long pciBytes() {
        return pciBytes;
    }

    public long pciTlps() {
        return pciTlps;
    }

    public long doorbells() {
        return doorbells;
    }

    public long mmioReads() {
        return mmioReads;
    }

    public long dmaReads() {
        return dmaReads;
    }

    public long interrupts() {
        return interrupts;
    }

    public long descriptors() {
        return descriptors;
    }

    /** Data bytes the device wrote into host memory (no overhead). */
    public long payloadBytesUp() {
        return payloadBytesUp;
    }

    /** Data bytes the device read from host memory (no overhead). */
    public long payloadBytesDown() {
        return payloadBytesDown;
    }

    /** Busy picoseconds the device-to-host direction is ahead of the clock (0 when idle). */
    public long upBacklogPs() {
        return Math.max(0, upBusyUntilPs - clock.nowNs() * 1000);
    }
}
