package dev.toeless.bench.packetdrill;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interpreter judged on scripts of our own: a conversation our stack gets right passes, and
 * the same conversation with one thing wrong (a flag, a late or early packet, a missing packet, a
 * wrong return value or errno, a wrong tcp_info value) fails at that line, so a pass cannot come
 * from an interpreter that checks nothing.
 */
class InterpreterMustFailTest {
    /** A server handshake, a write and its ACK: what our engine does, written as Linux would. */
    private static final String GOOD = "// passive open, one write, its ACK, then the peer closes and we close\n"
        + Conversations.PASSIVE_OPEN_AND_WRITE
        + "   +0 %{ assert tcpi_snd_mss == 1000, tcpi_snd_mss }%\n"
        + Conversations.PEER_CLOSES_THEN_WE_CLOSE;

    private static Outcome run(String script) {
        return ScriptSuite.run("test.pkt", "test", script, RunOptions.DEFAULT);
    }

    private static Outcome mutated(String from, String to) {
        assertThat(GOOD).contains(from);
        return run(GOOD.replace(from, to));
    }

    private static int lineOf(String text) {
        final String[] lines = GOOD.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(text);
    }

    @Test
    void theConversationOurStackHoldsPasses() {
        final Outcome o = run(GOOD);
        assertThat(o.status()).as(o.describe()).isEqualTo(Outcome.Status.PASS);
    }

    @Test
    void aWrongFlagFails() {
        final Outcome o = mutated("+0 > . 3001:3001(0) ack 2", "+0 > F. 3001:3001(0) ack 2");
        assertThat(o.status()).isEqualTo(Outcome.Status.FAIL);
        assertThat(o.line()).isEqualTo(lineOf("> . 3001:3001(0) ack 2"));
        assertThat(o.reason()).startsWith("flags: expected F. 3001:3001(0) ack 2 vs actual . 3001:3001(0) ack 2");
    }

    @Test
    void aPacketLaterThanTheToleranceFails() {
        // the data leaves at the write; the script says 50 ms later
        final Outcome o = mutated("+0 > P. 1:3001(3000) ack 1", "+.05 > P. 1:3001(3000) ack 1");
        assertThat(o.status()).isEqualTo(Outcome.Status.FAIL);
        assertThat(o.reason()).startsWith("timing: expected P. 1:3001(3000) ack 1 at 0.150000 s")
            .contains("sent at 0.100000 s");
    }

    @Test
    void aPacketWithinTheToleranceStillPasses() {
        final Outcome o = mutated("+0 > P. 1:3001(3000) ack 1", "+.003 > P. 1:3001(3000) ack 1");
        assertThat(o.status()).as(o.describe()).isEqualTo(Outcome.Status.PASS);
    }

    @Test
    void aPacketTheStackSendsLateFails() {
        // the script expects the FIN before the application closed: it comes, but too late
        final String script = GOOD.replace("+0 read(4, ..., 1000) = 0\n", "+0 > F. 3001:3001(0) ack 2\n");
        final Outcome o = run(script);
        assertThat(o.status()).isEqualTo(Outcome.Status.FAIL);
        assertThat(o.reason()).contains("nothing was sent by");
    }

    @Test
    void aMissingPacketFails() {
        final Outcome o = mutated("+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n",
            "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n+0 > . 1:1(0) ack 1\n");
        assertThat(o.status()).isEqualTo(Outcome.Status.FAIL);
        assertThat(o.reason()).startsWith("expected . 1:1(0) ack 1 but nothing was sent by 0.004000 s");
    }

    @Test
    void wrongSequenceAckOrOptionsFail() {
        assertThat(mutated("> P. 1:3001(3000) ack 1", "> P. 2:3002(3000) ack 1").reason()).startsWith("seq:");
        assertThat(mutated("> P. 1:3001(3000) ack 1", "> P. 1:3001(3000) ack 2").reason()).startsWith("ack:");
        assertThat(mutated("> P. 1:3001(3000) ack 1", "> P. 1:2001(2000) ack 1").reason()).startsWith("payload");
        assertThat(mutated("<mss 1460,nop,nop,sackOK,nop,wscale 8>", "<mss 1460,nop,nop,sackOK,nop,wscale 7>")
            .reason()).startsWith("option wscale:");
        assertThat(mutated("<mss 1460,nop,nop,sackOK,nop,wscale 8>", "<mss 1460,sackOK,nop,nop,nop,wscale 8>")
            .reason()).startsWith("options:");
    }

    @Test
    void aWrongReturnValueOrErrnoFails() {
        final Outcome o = mutated("write(4, ..., 3000) = 3000", "write(4, ..., 3000) = 2999");
        assertThat(o.status()).isEqualTo(Outcome.Status.FAIL);
        assertThat(o.line()).isEqualTo(lineOf("write(4, ..., 3000) = 3000"));
        assertThat(o.reason()).isEqualTo("write: expected 2999 vs actual 3000");
        final Outcome e = mutated("+0 read(4, ..., 1000) = 0", "+0 write(4, ..., 10) = -1 EPIPE (Broken pipe)");
        assertThat(e.reason()).isEqualTo("write: expected -1 EPIPE vs actual 10");
    }

    @Test
    void aCallThatBlocksWhereTheScriptSaysItReturnsFails() {
        final Outcome o = mutated("+0 read(4, ..., 1000) = 0", "+0 read(4, ..., 1000) = 0\n+0 accept(3, ..., ...) = 5");
        assertThat(o.status()).isEqualTo(Outcome.Status.FAIL);
        assertThat(o.reason()).isEqualTo("accept blocks; the script expects it to return at once");
    }

    @Test
    void aWrongTcpInfoValueFails() {
        final Outcome o = mutated("tcpi_snd_mss == 1000", "tcpi_snd_mss == 1001");
        assertThat(o.status()).isEqualTo(Outcome.Status.FAIL);
        assertThat(o.reason()).isEqualTo("assertion failed: tcpi_snd_mss == 1001 (tcpi_snd_mss=1000)");
    }

    @Test
    void whatWeDoNotModelIsUnsupportedNeverAPass() {
        assertThat(mutated("+0 read(4, ..., 1000) = 0", "+0 ioctl(4, SIOCINQ, [0]) = 0").status())
            .isEqualTo(Outcome.Status.UNSUPPORTED);
        assertThat(mutated("tcpi_snd_mss == 1000", "tcpi_delivery_rate == 0").reason())
            .isEqualTo("tcp_info field tcpi_delivery_rate is not modelled");
        assertThat(run("`tc qdisc replace dev tun0 root netem delay 10ms`\n" + GOOD).status()).isEqualTo(Outcome.Status.UNSUPPORTED);
        assertThat(run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 garbage here\n").status())
            .isEqualTo(Outcome.Status.UNSUPPORTED);
    }

    @Test
    void oddArgumentsAreUnsupportedNotACrash() {
        final Outcome o = mutated("write(4, ..., 3000) = 3000", "write(4, ..., lots) = 3000");
        assertThat(o.status()).isEqualTo(Outcome.Status.UNSUPPORTED);
        assertThat(o.reason()).startsWith("cannot read a number");
    }
}
