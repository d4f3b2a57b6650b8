package dev.toeless.bench.packetdrill;

import dev.toeless.stack.tcp.TcpConnection;

/**
 * The {@code tcp_info} fields of Linux our engine has, in Linux's units (windows in segments of
 * the send MSS, times in microseconds). A field we do not have makes the script unsupported.
 */
final class TcpInfoView {
    static final long TCP_INFINITE_SSTHRESH = 0x7fff_ffffL;
    static final long CA_OPEN = 0;
    static final long CA_RECOVERY = 3;

    private TcpInfoView() {
    }

    static long field(TcpConnection c, String name) {
        if (c == null) {
            throw ScriptStop.fail(name + " read before a connection exists");
        }
        final long mss = Math.max(1, c.sendMssBytes());
        return switch (name) {
            case "tcpi_snd_cwnd" -> c.cwndBytes() / mss;
            case "tcpi_snd_ssthresh" -> {
                final long s = c.ssthreshBytes();
                yield s >= Integer.MAX_VALUE ? TCP_INFINITE_SSTHRESH : s / mss;
            }
            case "tcpi_ca_state" -> c.inFastRecovery() ? CA_RECOVERY : CA_OPEN;
            case "tcpi_snd_mss" -> c.sendMssBytes();
            case "tcpi_rcv_mss" -> c.receiveMssBytes();
            case "tcpi_advmss" -> c.config().mssBytes();
            case "tcpi_rto" -> c.rtoNs() / 1000;
            case "tcpi_probes" -> c.probesOut();
            case "tcpi_backoff" -> c.rtoBackoffs();
            case "tcpi_rtt" -> Math.max(0, c.srttNs()) / 1000;
            case "tcpi_rttvar" -> c.rttvarNs() / 1000;
            case "tcpi_total_retrans" -> c.counters().retransmittedSegments();
            case "tcpi_unacked" -> c.sendQueueCounts().unacked();
            case "tcpi_sacked" -> c.sendQueueCounts().sacked();
            case "tcpi_lost" -> c.sendQueueCounts().lost();
            case "tcpi_retrans" -> c.sendQueueCounts().retrans();
            case "tcpi_reordering" -> c.sendQueueCounts().reordering();
            case "tcpi_reord_seen" -> c.sendQueueCounts().reorderingSeen();
            default -> throw ScriptStop.unsupported("tcp_info field " + name + " is not modelled");
        };
    }

    /** Linux's congestion-state names, usable in assertions. */
    static Long constant(String name) {
        return switch (name) {
            case "TCP_CA_Open" -> 0L;
            case "TCP_CA_Disorder" -> 1L;
            case "TCP_CA_CWR" -> 2L;
            case "TCP_CA_Recovery" -> 3L;
            case "TCP_CA_Loss" -> 4L;
            default -> null;
        };
    }
}
