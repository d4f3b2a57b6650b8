package dev.toeless.nic.stats;

/**
 * The NIC's statistics, named as {@code ethtool -S} prints them. The receive page accumulator's
 * counters ({@code rx_accum_*}) use the same names in its own counter set, so they can be
 * published here by name.
 */
public enum NicCounter {
    RX_PACKETS("rx_packets"),
    RX_BYTES("rx_bytes"),
    RX_CSUM_GOOD("rx_csum_good"),
    RX_CSUM_BAD("rx_csum_bad"),
    RX_CSUM_NONE("rx_csum_none"),
    RX_HDS_SPLIT("rx_hds_split"),
    RX_UNSPLIT("rx_unsplit"),
    RX_RSS_HASHED("rx_rss_hashed"),
    RX_ALLOC_FAIL("rx_alloc_fail"),
    RX_DROPPED_MALFORMED("rx_dropped_malformed"),
    RX_DROPPED_NO_BUFFER("rx_dropped_no_buffer"),
    /** Frames lost because the host was not keeping up: no buffer posted in time, or the PCI link behind. */
    RX_MISSED("rx_missed"),
    RX_DMA_ERRORS("rx_dma_errors"),
    RX_INTERRUPTS("rx_interrupts"),
    RX_ACCUM_APPENDED("rx_accum_appended"),
    RX_ACCUM_APPENDED_BYTES("rx_accum_appended_bytes"),
    RX_ACCUM_PAGES_FILLED("rx_accum_pages_filled"),
    RX_ACCUM_PAGES_PARTIAL("rx_accum_pages_partial"),
    RX_ACCUM_FLOW_MISS("rx_accum_flow_miss"),
    RX_ACCUM_EVICTIONS("rx_accum_evictions"),
    RX_ACCUM_CACHE_DROPS("rx_accum_cache_drops"),
    RX_ACCUM_OUT_OF_ORDER("rx_accum_out_of_order"),
    RX_ACCUM_ALLOC_FAIL("rx_accum_alloc_fail"),
    RX_ACCUM_FLUSH_TIMEOUTS("rx_accum_flush_timeouts"),
    RX_ACCUM_DROPPED_INVALID("rx_accum_dropped_invalid"),
    RX_ACCUM_DMA_ERRORS("rx_accum_dma_errors"),
    RX_ACCUM_FLOWS_ENDED("rx_accum_flows_ended"),
    RX_ACCUM_HINTS("rx_accum_hints"),
    TX_PACKETS("tx_packets"),
    TX_BYTES("tx_bytes"),
    TX_TSO_PACKETS("tx_tso_packets"),
    TX_TSO_SEGMENTS("tx_tso_segments"),
    TX_CSUM_OFFLOAD("tx_csum_offload"),
    TX_DMA_ERRORS("tx_dma_errors"),
    TX_DROPPED_MALFORMED("tx_dropped_malformed"),
    TX_INTERRUPTS("tx_interrupts");

    private final String ethtoolName;

    NicCounter(String ethtoolName) {
        this.ethtoolName = ethtoolName;
    }

    /** The name {@code ethtool -S} shows. */
    public String ethtoolName() {
        return ethtoolName;
    }
}
