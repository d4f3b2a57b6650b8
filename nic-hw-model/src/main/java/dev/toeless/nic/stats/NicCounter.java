package dev.toeless.nic.stats;

/**
 * The NIC's statistics, named as {@code ethtool -S} prints them. The receive placements count
 * their own ({@code rx_accum_*}, {@code rx_packed_*}) in their own counter sets; the NIC's
 * snapshot lists them after these.
 */
public enum NicCounter {
    RX_PACKETS("rx_packets"),
    RX_BYTES("rx_bytes"),
    RX_CSUM_GOOD("rx_csum_good"),
    RX_CSUM_BAD("rx_csum_bad"),
    RX_CSUM_NONE("rx_csum_none"),
    RX_HDS_SPLIT("rx_hds_split"),
    RX_UNSPLIT("rx_unsplit"),
    /** Segments that joined a hardware GRO session opened by an earlier segment (rx-gro-hw). */
    RX_GRO_HW_MERGED("rx_gro_hw_merged"),
    /** Completions that carry more than one segment (rx-gro-hw). */
    RX_GRO_HW_COMPLETIONS("rx_gro_hw_completions"),
    RX_RSS_HASHED("rx_rss_hashed"),
    RX_ALLOC_FAIL("rx_alloc_fail"),
    RX_DROPPED_MALFORMED("rx_dropped_malformed"),
    RX_DROPPED_NO_BUFFER("rx_dropped_no_buffer"),
    /** Frames lost because the host was not keeping up: no buffer posted in time, or the PCI link behind. */
    RX_MISSED("rx_missed"),
    RX_DMA_ERRORS("rx_dma_errors"),
    RX_INTERRUPTS("rx_interrupts"),
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
