package dev.toeless.nic.cost;

/**
 * An operation a CPU is charged for, at a fixed cost per occurrence taken from the
 * {@link CostProfile}. Per-byte work (copy, checksum) is a {@link ByteOp}.
 */
public enum CostOp {
    INTERRUPT("interrupt", "hardware interrupt: entry, handler, exit, softirq raise"),
    NAPI_POLL("napi_poll", "one NAPI poll of a queue (fixed part)"),
    RX_DESCRIPTOR("rx_descriptor", "one RX completion cleaned or one RX buffer posted"),
    TX_DESCRIPTOR("tx_descriptor", "one TX descriptor written or its completion cleaned"),
    DRIVER_RX_PACKET("driver_rx_packet", "driver work per received packet (buffer to packet)"),
    DRIVER_TX_PACKET("driver_tx_packet", "driver work per transmitted packet or super-segment"),
    GRO_SEGMENT("gro_segment", "GRO merging one segment into the held packet"),
    IP_INPUT("ip_input", "IP input per packet (validation, filter hooks, demux to TCP)"),
    IP_OUTPUT("ip_output", "IP output per packet (route, header, qdisc)"),
    TCP_FAST_PATH("tcp_fast_path", "TCP per data segment on the header-prediction fast path"),
    TCP_SLOW_PATH("tcp_slow_path", "TCP per segment off the fast path (out of order, SACK, handshake)"),
    PURE_ACK("pure_ack", "TCP per pure ACK received or sent"),
    TIMER("timer", "one TCP timer firing"),
    WAKEUP("wakeup", "waking the reader when data becomes readable"),
    SYSCALL("syscall", "one system call (entry and exit) by the application"),
    PAGE_FLIP("page_flip", "moving one received page into the page cache by reference"),
    CONNECTION_SETUP("connection_setup", "opening one connection (socket, table entry)"),
    CONNECTION_TEARDOWN("connection_teardown", "closing one connection"),
    DOORBELL("doorbell", "CPU time to issue one doorbell write (posted MMIO)"),
    MMIO_READ("mmio_read", "CPU stall on one non-posted MMIO read");

    private final String key;
    private final String description;

    CostOp(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The parameter's name in profiles and files, in ns per operation: {@code key + "_ns"}. */
    public String parameter() {
        return key + "_ns";
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }
}
