package dev.toeless.bench.packetdrill;

/** The server conversation the interpreter's tests in both modes build their scripts from. */
final class Conversations {
    /** A passive open, a write of three segments and the peer's ACK of it. */
    static final String PASSIVE_OPEN_AND_WRITE = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
           +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
           +0 bind(3, ..., ...) = 0
           +0 listen(3, 1) = 0
           +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
           +0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>
          +.1 < . 1:1(0) ack 1 win 257
           +0 accept(3, ..., ...) = 4
           +0 write(4, ..., 3000) = 3000
           +0 > P. 1:3001(3000) ack 1
          +.1 < . 1:1(0) ack 3001 win 257
        """;

    /** Then the peer's FIN, our read of the end of stream, our close and FIN. */
    static final String PEER_CLOSES_THEN_WE_CLOSE = """
           +0 < F. 1:1(0) ack 3001 win 257
           +0 > . 3001:3001(0) ack 2
           +0 read(4, ..., 1000) = 0
           +0 close(4) = 0
           +0 > F. 3001:3001(0) ack 2
        """;

    private Conversations() {
    }
}
