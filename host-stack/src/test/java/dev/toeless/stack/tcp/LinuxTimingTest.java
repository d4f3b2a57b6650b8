package dev.toeless.stack.tcp;

import dev.toeless.stack.tcp.cc.Cubic;
import org.junit.jupiter.api.Test;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Linux's packetdrill scripts found in our engine, each as a conversation of our own: the
 * receive MSS capped by the MSS we announced, quick ACKs when data starts, the window growing
 * only while it limits the sender, slow start by everything acknowledged, and the RTO floor on
 * the variance term (the last four are settings of the Linux profile, off by default); and the
 * socket options the scripts set at run time: TCP_NODELAY, TCP_CORK and MSG_MORE.
 */
class LinuxTimingTest extends ScriptedConversation {
    LinuxTimingTest() {
        super(512);
    }

    @Test
    void aMergedSegmentWithoutItsWireSizeCountsAsTheFullSegmentsItHolds() {
        // 10,000 bytes in one segment that carries no GSO size (a receive path that merged them):
        // the ACK policy must not take 10,000 bytes as one "full-sized segment" and delay the ACK
        t = new TcpScript(memory, TcpScript.plain().receiveBufferBytes(65_536).build());
        t.establishPassive();
        t.recv(seg(ACK).seq(R).ack(L).len(10_000));
        t.expect(ack().seq(L).ack(R + 10_000));
        assertThat(t.conn.receiveMssBytes()).isEqualTo(1000);
        assertThat(t.appRead(100_000)).isEqualTo(10_000);
    }

    @Test
    void theFirstDataIsAcknowledgedAtOnceForTheQuickAcksThenDelayed() {
        t = new TcpScript(memory, TcpScript.plain().quickAcks(2).build());
        t.establishPassive();
        t.recv(seg(ACK).seq(R).ack(L).len(500));
        t.expect(ack().seq(L).ack(R + 500));
        t.recv(seg(ACK).seq(R + 500).ack(L).len(500));
        t.expect(ack().seq(L).ack(R + 1000));
        t.recv(seg(ACK).seq(R + 1000).ack(L).len(500));
        t.expectNothing(39 * MS); // the quick ACKs are spent: the delayed-ACK rule again
        t.advanceTo(40 * MS);
        t.expect(ack().seq(L).ack(R + 1500));
        assertThat(t.appRead(100_000)).isEqualTo(1500);
    }

    @Test
    void withoutQuickAcksASmallFirstSegmentWaitsForTheDelayedAck() {
        t = new TcpScript(memory, TcpScript.plain().build());
        t.establishPassive();
        t.recv(seg(ACK).seq(R).ack(L).len(500));
        t.expectNothing(39 * MS);
        t.advanceTo(40 * MS);
        t.expect(ack().seq(L).ack(R + 500));
        assertThat(t.appRead(100_000)).isEqualTo(500);
    }

    private TcpScript linuxSender() {
        return new TcpScript(memory, TcpScript.plain().sendBufferBytes(200_000).cwndLimitedGrowth(true)
            .congestionControl(() -> new Cubic(10, true, 0)).build());
    }

    @Test
    void anApplicationLimitedSenderDoesNotGrowItsWindowPastTwiceWhatItSends() {
        t = linuxSender();
        t.establishActive();
        t.appSend(5000);
        t.drain();
        t.recv(ack().seq(R).ack(L + 2000).win(8192));
        t.recv(ack().seq(R).ack(L + 5000).win(8192));
        assertThat(t.conn.cwndBytes()).as("5 of 10 segments used: no growth").isEqualTo(10_000);
        t.appSend(6000);
        t.drain();
        t.recv(ack().seq(R).ack(L + 7000).win(8192));
        assertThat(t.conn.cwndBytes()).as("6 of 10 used: grows to 12").isEqualTo(12_000);
        t.recv(ack().seq(R).ack(L + 11_000).win(8192));
        assertThat(t.conn.cwndBytes()).as("and no further").isEqualTo(12_000);
    }

    @Test
    void slowStartGrowsByEverythingAnAckAcknowledges() {
        final Cubic linux = new Cubic(10, true, 0);
        linux.init(0, 1000);
        linux.onAck(MS, 4000, -1, 10_000);
        assertThat(linux.cwndBytes()).isEqualTo(14_000);
        final Cubic rfc3465 = new Cubic(10, true);
        rfc3465.init(0, 1000);
        rfc3465.onAck(MS, 4000, -1, 10_000);
        assertThat(rfc3465.cwndBytes()).as("L = 2 segments per ACK").isEqualTo(12_000);
    }

    @Test
    void theRtoFloorOnTheVarianceTermAddsTheRoundTrip() {
        final RttEstimator linux = new RttEstimator(1000 * MS, 200 * MS, 120_000 * MS, true);
        linux.sample(10 * MS);
        assertThat(linux.rtoNs()).isEqualTo(210 * MS);
        final RttEstimator rfc6298 = new RttEstimator(1000 * MS, 200 * MS, 120_000 * MS);
        rfc6298.sample(10 * MS);
        assertThat(rfc6298.rtoNs()).isEqualTo(200 * MS);
    }

    @Test
    void corkHoldsPartialSegmentsUntilUncorkedAndNoDelayPushesThem() {
        t = new TcpScript(memory, TcpScript.plain().build());
        t.establishActive();
        t.conn.cork(t.nowNs, true);
        t.appSend(40);
        t.appSend(40);
        t.expectNothing();
        t.conn.cork(t.nowNs, false);
        t.expect(seg(ACK | PSH).seq(L).len(80));
        t.recv(ack().seq(R).ack(L + 80).win(8192));
        t.conn.cork(t.nowNs, true);
        t.appSend(40);
        t.expectNothing();
        t.conn.noDelay(t.nowNs, true); // setting TCP_NODELAY pushes, even corked
        t.expect(seg(ACK | PSH).seq(L + 80).len(40));
    }

    @Test
    void withNoDelayASmallSegmentGoesOutWhileDataIsInFlight() {
        t = new TcpScript(memory, TcpScript.plain().build());
        t.establishActive();
        t.appSend(40);
        t.expect(seg(ACK | PSH).seq(L).len(40));
        t.appSend(40);
        t.expectNothing(); // Nagle: 40 bytes unacknowledged
        t.conn.noDelay(t.nowNs, true);
        t.expect(seg(ACK | PSH).seq(L + 40).len(40));
        t.appSend(40);
        t.expect(seg(ACK | PSH).seq(L + 80).len(40));
    }

    @Test
    void aPushWithMoreToComeHoldsThePartialSegment() {
        t = new TcpScript(memory, TcpScript.plain().nagle(false).build());
        t.establishActive();
        final int pfn = memory.allocate();
        assertThat(t.conn.queue(pfn, 0, 100)).isTrue();
        t.conn.pushMore(t.nowNs);
        t.expectNothing();
        t.conn.push(t.nowNs);
        t.expect(seg(ACK | PSH).seq(L).len(100));
    }

    @Test
    void corkedSuperSegmentsLeaveThePartialTailBehind() {
        t = new TcpScript(memory, TcpScript.plain().nagle(false).tsoMaxBytes(65_535).build());
        t.establishActive();
        t.conn.cork(t.nowNs, true);
        t.appSend(3100);
        t.expect(seg(ACK).seq(L).len(3000));
        t.expectNothing();
        t.conn.cork(t.nowNs, false);
        t.expect(seg(ACK | PSH).seq(L + 3000).len(100));
    }

    @Test
    void aRecordEndIsNeverJoinedToLaterData() {
        t = new TcpScript(memory, TcpScript.plain().tsoMaxBytes(65_535).build());
        t.establishActive();
        for (int len : new int[] {400, 400, 3000}) {
            final int pfn = memory.allocate();
            assertThat(t.conn.queue(pfn, 0, len)).isTrue();
            if (len == 400) {
                t.conn.endRecord(); // MSG_EOR
            }
        }
        t.conn.push(t.nowNs);
        t.expect(seg(ACK).seq(L).len(400)); // small, yet sent: it ends a record
        t.expect(seg(ACK).seq(L + 400).len(400));
        t.expect(seg(ACK | PSH).seq(L + 800).len(3000));
        t.advanceTo(300 * MS); // the retransmission timeout resends the first record alone
        t.expect(seg(ACK).seq(L).len(400));
        t.recv(ack().seq(R).ack(L + 3800).win(8192));
    }
}
