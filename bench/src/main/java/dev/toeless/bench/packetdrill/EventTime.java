package dev.toeless.bench.packetdrill;

/**
 * When a script event happens: {@code 0.1} (absolute), {@code +.1} (after the previous event),
 * {@code +.3~+.303} (a window), {@code *} (any time), and for a blocking system call the time it
 * must return, {@code +0...0.200} (on the same base as the start).
 *
 * @param kind        absolute, relative or any
 * @param startNs     the time (or the window's start), in nanoseconds
 * @param rangeEndNs  the window's end, or -1 when the event has one time
 * @param returnNs    when a blocking call returns, or -1 when the call does not block
 */
record EventTime(Kind kind, long startNs, long rangeEndNs, long returnNs) {
    enum Kind { ABSOLUTE, RELATIVE, ANY }

    boolean blocking() {
        return returnNs >= 0;
    }
}
