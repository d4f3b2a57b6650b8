package dev.toeless.vfs.writeback;

/**
 * The modeled disk's speed in virtual time: a write of {@code n} bytes takes
 * {@code latencyPerIoNs + n / bandwidthBytesPerSecond} seconds; a bandwidth of 0 means unlimited.
 *
 * @param bandwidthBytesPerSecond sustained write rate, or 0 for unlimited
 * @param latencyPerIoNs          fixed cost of each write
 * @param maxPagesPerIo           pages gathered into one write
 */
public record WritebackConfig(long bandwidthBytesPerSecond, long latencyPerIoNs, int maxPagesPerIo) {
    public static final int DEFAULT_PAGES_PER_IO = 64;

    public WritebackConfig {
        if (bandwidthBytesPerSecond < 0 || latencyPerIoNs < 0 || maxPagesPerIo <= 0 || maxPagesPerIo > 1024) {
            throw new IllegalArgumentException("bad writeback config: " + bandwidthBytesPerSecond + " B/s, "
                + latencyPerIoNs + " ns per I/O, " + maxPagesPerIo + " pages per I/O (1..1024)");
        }
    }

    /** A disk as fast as the machine: writes complete at once in virtual time. */
    public static WritebackConfig unlimited() {
        return new WritebackConfig(0, 0, DEFAULT_PAGES_PER_IO);
    }

    /** A disk writing {@code megabytesPerSecond} x 10^6 bytes per second. */
    public static WritebackConfig megabytesPerSecond(long megabytesPerSecond) {
        return new WritebackConfig(megabytesPerSecond * 1_000_000L, 0, DEFAULT_PAGES_PER_IO);
    }

    /** Virtual time one write of {@code bytes} takes. */
    public long durationNs(long bytes) {
        if (bandwidthBytesPerSecond == 0) {
            return latencyPerIoNs;
        }
        return latencyPerIoNs + (bytes * 1_000_000_000L + bandwidthBytesPerSecond - 1) / bandwidthBytesPerSecond;
    }
}
