package dev.toeless.stack.tcp;

/**
 * What Linux's {@code tcp_info} reports of a sender's outstanding data, in segments of the send MSS
 * (a part of one counts as one).
 *
 * @param unacked    sent and not cumulatively acknowledged ({@code tcpi_unacked}, Linux's {@code packets_out})
 * @param sacked     SACKed; without SACK, duplicate ACKs since the last new ACK ({@code tcpi_sacked})
 * @param lost       deemed lost and neither acknowledged nor SACKed since, sent again or not ({@code tcpi_lost})
 * @param retrans    retransmissions in flight: neither delivered nor deemed lost again ({@code tcpi_retrans})
 * @param reordering the reordering degree, 3 until reordering is seen ({@code tcpi_reordering})
 * @param reorderingSeen how many times reordering was seen ({@code tcpi_reord_seen})
 */
public record SendQueueCounts(long unacked, long sacked, long lost, long retrans, long reordering,
                              long reorderingSeen) {
}
