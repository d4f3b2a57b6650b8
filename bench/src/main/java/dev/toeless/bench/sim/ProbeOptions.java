package dev.toeless.bench.sim;

import dev.toeless.stack.tcp.ProbeBackoff;
import dev.toeless.stack.tcp.TcpConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A picocli mixin for the commands that let a user choose how our tail loss probes behave ({@code sim
 * --table}, {@code peers timing}): the five options, each absent meaning the stack's own default
 * ({@link TcpConfig}'s builder), and a bad value reported as the command's usage error (exit 2).
 */
public final class ProbeOptions {
    /** The options' names, for a command that takes them only with another option. */
    public static final List<String> NAMES = List.of("--probe-timeout", "--probe-resends", "--probe-dsack-excluded",
        "--adaptive-probes", "--probe-backoff");

    @Option(names = "--probe-timeout", paramLabel = "floor|linux",
        description = {"the tail loss probe's timeout: floor (2 SRTT, at least 2 ms) or linux (2 SRTT + 2 ms, as",
            "Linux's tcp_schedule_loss_probe; TcpConfig.linuxProbeTimeout); both add 200 ms with one segment in",
            "flight (default: the stack's)"})
    String probeTimeout;

    @Option(names = "--probe-resends",
        description = {"tail loss probes send the highest segment again instead of new data (TcpConfig.probeResends;",
            "default: the stack's, off: it costs the loss table goodput)"})
    Boolean probeResends;

    @Option(names = "--probe-dsack-excluded",
        description = {"a D-SACK of a resent probe's copy does not widen RACK's reordering window, as Linux's",
            "FLAG_DSACK_TLP (TcpConfig.probeDsackExcluded; default: the stack's, off)"})
    Boolean probeDsackExcluded;

    @Option(names = "--adaptive-probes", paramLabel = "on|off",
        description = {"tail loss probes resend the highest segment once the peer was seen to delay its ACK of a",
            "new-data probe (TcpConfig.adaptiveProbes; default: the stack's)"})
    String adaptiveProbes;

    @Option(names = "--probe-backoff", paramLabel = "off|learned|on",
        description = {"a tail loss probe that resent a segment and drew no ACK goes again after twice its timeout,",
            "then four times, ... before the RTO (RFC 9002 6.2; TcpConfig.probeBackoff): never, after copies sent",
            "because the peer was seen to delay its ACK, after any copy (default: the stack's)"})
    String probeBackoff;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /**
     * The probe settings chosen, on the stack's defaults otherwise, read back from a built
     * {@link TcpConfig}; a bad value is the command's usage error.
     */
    public TcpConfig chosen() {
        return onto().apply(TcpConfig.builder()).build();
    }

    /** Sets the probe settings chosen (each one, the defaults included) on a builder of our TCP's configuration. */
    public UnaryOperator<TcpConfig.Builder> onto() {
        final TcpConfig defaults = TcpConfig.builder().build();
        final boolean linuxTimeout = probeTimeout == null ? defaults.linuxProbeTimeout()
            : either("--probe-timeout", probeTimeout, "floor", "linux").equals("linux");
        final boolean resends = probeResends == null ? defaults.probeResends() : probeResends;
        final boolean dsackExcluded = probeDsackExcluded == null ? defaults.probeDsackExcluded() : probeDsackExcluded;
        final boolean adaptive = adaptiveProbes == null ? defaults.adaptiveProbes()
            : either("--adaptive-probes", adaptiveProbes, "on", "off").equals("on");
        final ProbeBackoff backoff;
        try {
            backoff = probeBackoff == null ? defaults.probeBackoff() : ProbeBackoff.of(probeBackoff);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--probe-backoff must be " + e.getMessage());
        }
        return b -> b.linuxProbeTimeout(linuxTimeout).probeResends(resends).probeDsackExcluded(dsackExcluded)
            .adaptiveProbes(adaptive).probeBackoff(backoff);
    }

    /** {@code value} when it is {@code a} or {@code b}; otherwise the usage error. */
    private String either(String option, String value, String a, String b) {
        if (!value.equals(a) && !value.equals(b)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be " + a + " or " + b + ": " + value);
        }
        return value;
    }
}
