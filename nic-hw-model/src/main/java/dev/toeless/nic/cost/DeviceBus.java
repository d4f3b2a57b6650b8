package dev.toeless.nic.cost;

/**
 * A device's side of its bus to host memory, as the NIC model calls it: every DMA, descriptor
 * fetch, completion write, interrupt and doorbell crosses it. {@link #NONE} carries nothing and
 * never fills; {@link PciLink} charges and counts each in virtual time.
 */
public interface DeviceBus {
    /** A bus that costs nothing. */
    DeviceBus NONE = new DeviceBus() {
        @Override
        public void dmaWrite(long address, int bytes) {
        }

        @Override
        public void dmaRead(int bytes) {
        }

        @Override
        public void descriptorFetch(int count, int bytesEach) {
        }

        @Override
        public void completionWrite(int bytes) {
        }

        @Override
        public void interrupt() {
        }

        @Override
        public void doorbell() {
        }

        @Override
        public long registerRead() {
            return 0;
        }

        @Override
        public boolean receiveBacklogFull() {
            return false;
        }
    };

    /** The device writes {@code bytes} of data into host memory at {@code address} (posted writes). */
    void dmaWrite(long address, int bytes);

    /** The device reads {@code bytes} of host memory (read requests up, completions with data down). */
    void dmaRead(int bytes);

    /** The device fetches {@code count} descriptors of {@code bytesEach} bytes from a host ring. */
    void descriptorFetch(int count, int bytesEach);

    /** The device writes a completion descriptor of {@code bytes} into a host ring. */
    void completionWrite(int bytes);

    /** The device raises an interrupt (an MSI-X write). */
    void interrupt();

    /** The host wrote a doorbell register of the device (a posted MMIO write). */
    void doorbell();

    /**
     * The host read a device register (a non-posted MMIO read: a request down, a completion up);
     * returns the nanoseconds the reading CPU stalls.
     */
    long registerRead();

    /**
     * True when the device-to-host direction is so far behind that the device's receive buffer
     * would overflow: a frame arriving now is dropped ({@code rx_missed}).
     */
    boolean receiveBacklogFull();
}
