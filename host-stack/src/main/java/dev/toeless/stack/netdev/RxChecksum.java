package dev.toeless.stack.netdev;

/** What the device knows about a received packet's transport checksum. */
public enum RxChecksum {
    /** Verified by the device: correct. */
    GOOD,
    /** Verified by the device: wrong (the stack drops the packet). */
    BAD,
    /** Not verified: the stack verifies it in software. */
    NONE
}
