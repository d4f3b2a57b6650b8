package dev.toeless.stack.sockmem;

/**
 * The global socket-memory state, as Linux's tcp_mem thresholds define it: NORMAL until usage
 * passes the pressure threshold, then PRESSURE until it falls below the low threshold;
 * OVER_LIMIT while usage is above the hard limit (possible only through the per-socket minimums).
 */
public enum PressureState {
    NORMAL,
    PRESSURE,
    OVER_LIMIT
}
