package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.stack.tcp.cc.NewReno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpScript.LOCAL_ISS;
import static dev.toeless.stack.tcp.TcpScript.REMOTE_ISS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PRR (RFC 6937) as a conversation with a NewReno sender (initial window 10 segments of 1000
 * bytes, 100 ms round trip) and RACK-TLP: the first segment of a window is lost, the peer SACKs
 * the rest one segment per ACK. Recovery starts with the third SACKed segment (ssthresh 6000 of a
 * 12,000-byte flight); from then PRR sends one segment per two ACKs while the pipe is above
 * ssthresh, then (PRR-SSRB) one per ACK that takes the pipe below it, never a burst.
 */
@ExtendWith(PageLeakCheck.class)
class ProportionalRateReductionConversationTest {
    private static final long MS = 1_000_000L;
    private static final int L = LOCAL_ISS + 1;
    private static final int R = REMOTE_ISS + 1;

    private final HostMemory memory = new HostMemory(512);
    private final TcpScript t = new TcpScript(memory, TcpScript.plain().sack(true).sendBufferBytes(65536)
        .congestionControl(() -> new NewReno(10)).lossDetection(LossDetection.RACK_TLP).build());

    @AfterEach
    void tearDown() {
        t.finish();
    }

    /** The peer's ACK at {@code atNs} that SACKs {@code [L + 1000, sackedTo)}: segment 0 is missing. */
    private void sackTo(long atNs, int sackedTo) {
        t.advanceTo(atNs);
        t.recv(ack().seq(R).ack(L).win(30_000).sack(L + 1000, sackedTo));
    }

    @Test
    void recoverySendsInProportionToWhatIsDeliveredThenHoldsThePipeAtSsthresh() {
        t.establishWithSack(100 * MS, 30_000);
        t.appSend(30_000);
        for (int i = 0; i < 10; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        t.expectNothing();
        sackTo(201 * MS, L + 2000);
        t.expect(seg(ACK).seq(L + 10_000).len(1000)); // limited transmit
        sackTo(202 * MS, L + 3000);
        t.expect(seg(ACK).seq(L + 11_000).len(1000)); // limited transmit
        sackTo(203 * MS, L + 4000); // three SACKed: segment 0 is lost, recovery
        t.expect(seg(ACK).seq(L).len(1000)); // PRR lets the fast retransmit go whatever the share
        t.expectNothing();
        assertThat(t.conn.cwndBytes()).isEqualTo(6000);
        sackTo(204 * MS, L + 5000);
        t.expectNothing(); // 2 delivered x 6000 / 12000 = 1 segment, already sent
        sackTo(205 * MS, L + 6000);
        t.expect(seg(ACK).seq(L + 12_000).len(1000)); // 3 x 1/2, rounded up: the second
        sackTo(206 * MS, L + 7000);
        t.expectNothing();
        sackTo(207 * MS, L + 8000);
        t.expectNothing(); // the pipe is at ssthresh (6000): the slow-start bound allows nothing more
        sackTo(208 * MS, L + 9000);
        t.expect(seg(ACK).seq(L + 13_000).len(1000)); // below ssthresh: one per ACK
        t.expectNothing();
        sackTo(209 * MS, L + 10_000);
        t.expect(seg(ACK).seq(L + 14_000).len(1000));
        t.expectNothing();
        t.advanceTo(303 * MS);
        t.recv(ack().seq(R).ack(L + 12_000).win(30_000)); // the retransmission arrived: recovery ends
        assertThat(t.conn.counters().rtoTimeouts()).isZero();
        assertThat(t.conn.counters().retransmittedSegments()).isEqualTo(1);
        t.drain();
    }
}
