package dev.toeless.stack.tcp;

/**
 * The stateless half of a SYN-cookie handshake, for a listener whose SYN backlog is full: the
 * SYN-ACK it sends without creating a connection. The connection is created when the ACK comes
 * back, with {@link TcpConnection#acceptCookie}.
 */
public final class SynCookieHandshake {
    private SynCookieHandshake() {
    }

    /**
     * Fills {@code out} with the SYN-ACK a listener sends statelessly (SYN cookies): the options
     * a connection with {@code config} would send in answer to {@code syn}, with ISS
     * {@code cookie} and TSval {@code tsVal} (which may carry the cookie's option bits).
     */
    public static TcpSegment writeSynAck(TcpConfig config, TcpSegment syn, int cookie, int tsVal,
                                               TcpSegment out) {
        out.clear().header(cookie, syn.seq() + 1, TcpFlags.SYN | TcpFlags.ACK,
            (int) Math.min(0xFFFF, config.receiveBufferBytes()));
        out.mssOption(config.mssBytes());
        if (config.windowScaling() && syn.windowScaleOption() != TcpSegment.NONE) {
            out.windowScaleOption(OptionState.windowScaleFor(config));
        }
        if (config.sack() && syn.sackPermitted()) {
            out.sackPermitted(true);
        }
        if (config.timestamps() && syn.hasTimestamps()) {
            out.timestamps(tsVal, syn.tsVal());
        }
        return out;
    }

    /** The receive window scale a connection with {@code config} announces. */
    public static int windowScale(TcpConfig config) {
        return OptionState.windowScaleFor(config);
    }
}
