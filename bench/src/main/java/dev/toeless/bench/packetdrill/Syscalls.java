package dev.toeless.bench.packetdrill;

import java.util.Map;

/**
 * The system calls of a script, over the TCP under test: {@link SocketCalls} over our host stack's
 * engine, {@link ToeSocketCalls} over a TOE card's command queue.
 */
interface Syscalls {
    /** Runs one call; null when it would block (the runner then waits, if the script lets it). */
    SocketCalls.Result call(SyscallSpec c);

    /** Virtual files made by the setup commands: path to size. */
    Map<String, Long> files();
}
