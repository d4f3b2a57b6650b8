package dev.toeless.nic.mem;

import dev.toeless.nic.cost.DeviceBus;
import dev.toeless.nic.csum.InternetChecksum;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The NIC's bus-master access to host memory. Addresses come from descriptors the host wrote,
 * so they are not trusted: a transfer that falls outside host memory is refused (returns
 * false and counts an error), never performed. Bytes moved are counted as DMA, apart from the
 * host CPU's {@link TouchLedger}. Every transfer also crosses the device's {@link DeviceBus} (the
 * PCI link of the cost model; none by default).
 */
public final class DmaEngine {
    private final HostMemory memory;
    private long bytesToHost;
    private long bytesFromHost;
    private long transfers;
    private long errors;
    private DeviceBus bus = DeviceBus.NONE;

    public DmaEngine(HostMemory memory) {
        this.memory = memory;
    }

    /** The bus every transfer crosses from now on. */
    public void bus(DeviceBus deviceBus) {
        this.bus = deviceBus;
    }

    public HostMemory memory() {
        return memory;
    }

    /** Writes {@code length} bytes of device data into host memory at {@code address}. */
    public boolean toHost(DirectBuffer src, int srcOffset, int length, long address) {
        if (!memory.contains(address, length)) {
            errors++;
            return false;
        }
        memory.bytes().putBytes((int) address, src, srcOffset, length);
        bus.dmaWrite(address, length);
        bytesToHost += length;
        transfers++;
        return true;
    }

    /** Reads {@code length} bytes of host memory at {@code address} into device memory. */
    public boolean fromHost(long address, int length, MutableDirectBuffer dst, int dstOffset) {
        if (!memory.contains(address, length)) {
            errors++;
            return false;
        }
        memory.bytes().getBytes((int) address, dst, dstOffset, length);
        bus.dmaRead(length);
        bytesFromHost += length;
        transfers++;
        return true;
    }

    /**
     * Reads {@code length} bytes of host memory at {@code address} into device memory and sums them
     * on the way ({@link InternetChecksum#copyAndSum}), adding to {@code acc}: the DMA read of a
     * device that checksums what it fetches. Returns -1 for a range outside host memory (nothing
     * copied).
     */
    public long fromHostSummed(long address, int length, MutableDirectBuffer dst, int dstOffset, long acc) {
        if (!memory.contains(address, length)) {
            errors++;
            return -1;
        }
        final long sum = InternetChecksum.copyAndSum(memory.bytes(), (int) address, dst, dstOffset, length, acc);
        bus.dmaRead(length);
        bytesFromHost += length;
        transfers++;
        return sum;
    }

    /**
     * Sums host memory as the device reads it (checksum offload on the fly), adding to
     * {@code acc}. Returns -1 for a range outside host memory.
     */
    public long checksumFromHost(long address, int length, long acc) {
        if (!memory.contains(address, length)) {
            errors++;
            return -1;
        }
        return InternetChecksum.sum(memory.bytes(), (int) address, length, acc);
    }

    public long bytesToHost() {
        return bytesToHost;
    }

    public long bytesFromHost() {
        return bytesFromHost;
    }

    public long transfers() {
        return transfers;
    }

    public long errors() {
        return errors;
    }
}
