package dev.toeless.nic.cost;

/**
 * CPU work charged per payload byte, at a cache-warm or a cache-cold rate: which applies follows
 * from {@link CacheWarmth}, never from a constant.
 */
public enum ByteOp {
    COPY("copy"),
    CHECKSUM("csum");

    private final String key;

    ByteOp(String key) {
        this.key = key;
    }

    /** The profile parameter in ns per byte. */
    public String parameter(boolean warm) {
        return key + (warm ? "_warm" : "_cold") + "_ns_per_byte";
    }

    public String key() {
        return key;
    }
}
