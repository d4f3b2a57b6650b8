package dev.toeless.tso;

/** The outcome of segmenting one super-segment; anything but OK is an error completion. */
public enum TsoResult {
    OK,
    /** The header template is not IPv4/IPv6 + TCP at the offsets the descriptor gave. */
    BAD_HEADER,
    /** The IPv4 protocol is not TCP. */
    NOT_TCP,
    /** gso_size is zero or negative. */
    BAD_GSO_SIZE,
    /** Headers plus payload exceed 64 KiB. */
    TOO_LARGE,
    /** A segment would not fit the device's frame buffer (gso_size larger than the MTU allows). */
    FRAME_TOO_LARGE,
    /** A payload fragment points outside host memory. */
    DMA_ERROR
}
