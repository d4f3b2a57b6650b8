package dev.toeless.bench.packetdrill;

import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.cc.CongestionControl;
import dev.toeless.stack.tcp.cc.LinuxCubic;

/**
 * The {@code linux} {@link TcpConfig} profile: the settings of packetdrill's {@code common/defaults.sh}
 * (and of a Linux host behind it) as our engine's configuration, and the {@code sysctl}s the scripts
 * change on top. Everything a script sets that this class does not know makes the script
 * {@code unsupported}, never silently ignored.
 *
 * <ul>
 *   <li>MSS 1460 (a 1500-byte TUN MTU); window scale 8 (from {@code tcp_rmem}'s 15 MiB maximum);
 *       timestamps, SACK and window scaling on ({@code tcp_timestamps=1}, {@code tcp_sack=1});</li>
 *   <li>initial window 10 segments, CUBIC ({@code tcp_congestion_control=cubic}) as Linux's
 *       {@code tcp_cubic.c} computes it, with HyStart ({@link LinuxCubic});</li>
 *   <li>minimum RTO 200 ms on the variance term (RTO = SRTT + max(4 RTTVAR, 200 ms), as
 *       {@code tcp_set_rto}), initial RTO 1 s; delayed ACK 40 ms ({@code TCP_DELACK_MIN}) after 16
 *       quick ACKs once data starts ({@code TCP_MAX_QUICKACKS}); the window grows only while it
 *       limits the sender ({@code tcp_is_cwnd_limited}) and slow start grows by all that an ACK
 *       acknowledges;</li>
 *   <li>a tail loss probe sends one new segment when the peer's window allows
 *       ({@code tcp_send_loss_probe}), after 2 SRTT plus 2 ms;</li>
 *   <li>super-segments of up to 64 KiB handed to the device before TSO, as Linux hands them to TUN,
 *       each at most half the congestion window (Linux's {@code tcp_cwnd_test});</li>
 *   <li>send and receive buffers large enough that the socket layer of the interpreter decides
 *       ({@code SO_SNDBUF} is modelled there, doubled as Linux doubles it).</li>
 * </ul>
 */
final class LinuxDefaults {
    /** {@code tcp_wmem}'s default: the send buffer a socket starts with. */
    static final int DEFAULT_SNDBUF = 256 * 1024;
    /** {@code tcp_rmem}'s maximum, which sets the window scale Linux offers (8). */
    static final int RMEM_MAX = 15 * 1024 * 1024;
    static final int MSS = 1460;
    static final int TSO_MAX = 65_535;

    private LinuxDefaults() {
    }

    /**
     * What a script sets outside {@link TcpConfig} that CUBIC sees: its {@code hystart_detect} module
     * parameter, an fq qdisc (HyStart's ACK-train threshold is not halved when the flow is paced;
     * the pacing itself is not modelled) and {@code tcp_slow_start_after_idle} (0 in
     * {@code defaults.sh}).
     */
    static final class HostKnobs {
        int hystartDetect = LinuxCubic.HYSTART_ACK_TRAIN | LinuxCubic.HYSTART_DELAY;
        boolean fq;
        boolean slowStartAfterIdle;
        /** A {@code pfifo limit 0} qdisc: every segment the stack hands down is dropped, and it knows. */
        boolean qdiscDrops;

        CongestionControl cubic() {
            return new LinuxCubic(10, hystartDetect, fq, slowStartAfterIdle);
        }
    }

    /** The profile's builder, to be adjusted by the script's sysctls and socket options. */
    static TcpConfig.Builder builder(HostKnobs knobs) {
        return TcpConfig.builder()
            .mssBytes(MSS)
            .receiveBufferBytes(RMEM_MAX)
            .sendBufferBytes(16 * 1024 * 1024)
            .windowScaling(true).timestamps(true).sack(true).nagle(true)
            .delayedAckNs(40 * TcpConfig.MS)
            .initialRtoNs(TcpConfig.SECOND)
            .minRtoNs(200 * TcpConfig.MS)
            .maxSynRetries(5)
            .tsoMaxBytes(TSO_MAX)
            .quickAcks(16)
            .cwndLimitedGrowth(true)
            .rtoFloorOnVariance(true)
            .deliveredGrowth(true)
            .dropAckOfUnsentData(true)
            .resetWithAck(true)
            .linuxProbeTimeout(true)
            .probeResends(false)
            .adaptiveProbes(false)
            .probeBackoff(dev.toeless.stack.tcp.ProbeBackoff.OFF)
            .twoSuperSegmentsInFlight(true)
            .congestionControl(knobs::cubic);
    }



    /**
     * Applies {@code net.ipv4.NAME=VALUE} to the builder. Returns null when modelled (or without
     * effect on what the scripts check, as the comments say), else why it is not.
     */
    static String applySysctl(TcpConfig.Builder b, HostKnobs knobs, String name, String value) {
        final String v = value.trim();
        switch (name) {
            case "tcp_timestamps" -> b.timestamps(!v.equals("0"));
            case "tcp_sack" -> b.sack(!v.equals("0"));
            case "tcp_window_scaling" -> b.windowScaling(!v.equals("0"));
            case "tcp_congestion_control" -> {
                switch (v) {
                    case "cubic" -> b.congestionControl(knobs::cubic);
                    default -> {
                        return "congestion control " + v + " is not modelled";
                    }
                }
            }
            // TSO sizing: our engine never defers a send to build a bigger TSO packet and never
            // shrinks one below what the windows allow; the scripts set these so that Linux does
            // the same (min_tso_segs=10, tso_win_divisor=100), or to reduce pacing (ratios).
            case "tcp_min_tso_segs", "tcp_tso_win_divisor", "tcp_pacing_ss_ratio", "tcp_pacing_ca_ratio" -> {
            }
            // tcp_cwnd_restart: after an idle RTO the window falls back to the initial window (1),
            // or stays (0, defaults.sh)
            case "tcp_slow_start_after_idle" -> knobs.slowStartAfterIdle = !v.equals("0");
            // tail loss probes off (0) or on (3, 4: with RACK, as defaults.sh)
            case "tcp_early_retrans" -> {
                switch (v) {
                    case "0" -> b.tailLossProbes(false);
                    case "3", "4" -> b.tailLossProbes(true);
                    default -> {
                        return "tcp_early_retrans=" + v + " is not modelled";
                    }
                }
            }
            default -> {
                return "sysctl " + name + "=" + v + " is not modelled";
            }
        }
        return null;
    }
}
