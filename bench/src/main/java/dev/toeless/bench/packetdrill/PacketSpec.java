package dev.toeless.bench.packetdrill;

import java.util.List;

/**
 * A packet line: {@code < S. 0:0(0) ack 1 win 257 <mss 1460,nop,wscale 8>}. Sequence numbers are the
 * script's (relative to each side's initial sequence number).
 *
 * @param inbound  {@code <}: injected into the stack; {@code >}: the stack must send it
 * @param flags    TCP flag bits ({@link dev.toeless.stack.tcp.TcpFlags})
 * @param seq      first sequence number
 * @param length   payload bytes
 * @param ack      acknowledgment number, or -1 when the ACK flag is off
 * @param window   window field, or -1 when the script leaves it unchecked (outbound) or default (inbound)
 * @param options  the options in order, or null for {@code <...>} (not checked)
 */
record PacketSpec(boolean inbound, int flags, long seq, int length, long ack, int window, List<TcpOptionSpec> options)
    implements ScriptAction {
}
