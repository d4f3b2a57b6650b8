package dev.toeless.stack.sockmem;

/** The answer to a memory charge: allowed, or refused and why. */
public enum ChargeResult {
    ALLOWED,
    /** The socket's own buffer (SO_RCVBUF / SO_SNDBUF) would be exceeded. */
    REFUSED_SOCKET_LIMIT,
    /** Memory is under pressure and this socket already holds more than its fair share. */
    REFUSED_PRESSURE,
    /** The global hard limit (tcp_mem high) would be exceeded. */
    REFUSED_GLOBAL_LIMIT;

    public boolean allowed() {
        return this == ALLOWED;
    }
}
