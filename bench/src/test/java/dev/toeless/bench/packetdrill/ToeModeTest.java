package dev.toeless.bench.packetdrill;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --mode toe}: the same scripts against a TOE card's TCP, its calls through the card's
 * command queue and its packets the card's wire frames. Conversations the card holds pass (a
 * passive open with a write, its ACK and both FINs; an active open); the same conversation with one
 * thing wrong fails at that line, so the mode checks what the card sends; and what the command
 * queue does not carry (a TCP socket option, {@code tcp_info}, the host's congestion control) is
 * {@code unsupported} with its reason, never a pass.
 */
class ToeModeTest {
    private static final RunOptions TOE = new RunOptions(false, false, true);

    /** A server handshake, a write of three segments and its ACK, the peer's FIN, our close. */
    private static final String SERVER = Conversations.PASSIVE_OPEN_AND_WRITE
        + Conversations.PEER_CLOSES_THEN_WE_CLOSE
        + "  +.1 < . 2:2(0) ack 3002 win 257\n";

    /** A client: a blocking connect, one segment of data read, the peer's FIN. */
    private static final String CLIENT = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
           +0...0.100 connect(3, ..., ...) = 0
           +0 > S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 8>
          +.1 < S. 0:0(0) ack 1 win 32792 <mss 1460,nop,wscale 7>
           +0 > . 1:1(0) ack 1
           +0 < P. 1:1001(1000) ack 1 win 257
           +0 read(3, ..., 1000) = 1000
           +0 < F. 1001:1001(0) ack 1 win 257
           +0 read(3, ..., 1000) = 0
        """;

    private static Outcome toe(String script) {
        return ScriptSuite.run("test.pkt", "test", script, TOE);
    }

    @Test
    void aServerConversationThroughTheCardsCommandQueuePasses() {
        final Outcome o = toe(SERVER);
        assertThat(o.status()).as(o.describe()).isEqualTo(Outcome.Status.PASS);
        assertThat(ScriptSuite.run("test.pkt", "test", SERVER, RunOptions.DEFAULT).status())
            .as("the host stack holds the same conversation").isEqualTo(Outcome.Status.PASS);
    }

    @Test
    void aClientConversationThroughTheCardsCommandQueuePasses() {
        final Outcome o = toe(CLIENT);
        assertThat(o.status()).as(o.describe()).isEqualTo(Outcome.Status.PASS);
    }

    @Test
    void whatTheCardSendsIsChecked() {
        final Outcome flag = toe(SERVER.replace("+0 > F. 3001:3001(0) ack 2", "+0 > R. 3001:3001(0) ack 2"));
        assertThat(flag.status()).as(flag.describe()).isEqualTo(Outcome.Status.FAIL);
        assertThat(flag.reason()).startsWith("flags: expected R.");
        final Outcome length = toe(SERVER.replace("> P. 1:3001(3000) ack 1", "> P. 1:4001(4000) ack 1"));
        assertThat(length.status()).as(length.describe()).isEqualTo(Outcome.Status.FAIL);
        final Outcome missing = toe(SERVER + "   +0 > . 3002:3002(0) ack 2\n");
        assertThat(missing.status()).as(missing.describe()).isEqualTo(Outcome.Status.FAIL);
        assertThat(missing.reason()).contains("nothing was sent");
        final Outcome ret = toe(SERVER.replace("read(4, ..., 1000) = 0", "read(4, ..., 1000) = 5"));
        assertThat(ret.status()).as(ret.describe()).isEqualTo(Outcome.Status.FAIL);
    }

    @Test
    void whatTheCommandQueueDoesNotCarryIsUnsupportedNeverAPass() {
        final Outcome nodelay = toe(SERVER.replace("+0 write(4, ..., 3000) = 3000",
            "+0 setsockopt(4, SOL_TCP, TCP_NODELAY, [1], 4) = 0\n   +0 write(4, ..., 3000) = 3000"));
        assertThat(nodelay.status()).as(nodelay.describe()).isEqualTo(Outcome.Status.UNSUPPORTED);
        assertThat(nodelay.reason()).contains("setsockopt TCP_NODELAY").contains("command queue");
        final Outcome info = toe(SERVER.replace("+.1 < . 1:1(0) ack 3001 win 257",
            "+.1 < . 1:1(0) ack 3001 win 257\n   +0 %{ assert tcpi_snd_mss == 1000, tcpi_snd_mss }%"));
        assertThat(info.status()).as(info.describe()).isEqualTo(Outcome.Status.UNSUPPORTED);
        assertThat(info.reason()).startsWith("tcp_info");
        final Outcome cc = toe("`sysctl -q net.ipv4.tcp_congestion_control=cubic`\n" + SERVER);
        assertThat(cc.status()).as(cc.describe()).isEqualTo(Outcome.Status.UNSUPPORTED);
        assertThat(cc.reason()).contains("vendor's fixed newreno");
        final Outcome big = toe(SERVER.replace("+0 < F. 1:1(0) ack 3001 win 257",
            "+0 < P. 1:2001(2000) ack 3001 win 257"));
        assertThat(big.status()).as(big.describe()).isEqualTo(Outcome.Status.UNSUPPORTED);
        assertThat(big.reason()).contains("1500-byte wire MTU");
    }
}
