package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.Seg.syn;
import static dev.toeless.stack.tcp.Seg.synAck;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static dev.toeless.stack.tcp.TcpScript.LOCAL_ISS;
import static dev.toeless.stack.tcp.TcpScript.REMOTE_ISS;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 7323 window scaling, timestamps, RTTM and PAWS; RFC 2018 / 2883 SACK generation. */
@ExtendWith(PageLeakCheck.class)
class OptionsTest {
    static final long MS = 1_000_000L;
    static final int L = LOCAL_ISS + 1;
    static final int R = REMOTE_ISS + 1;
    /** Our TSval at time 0: the clock's offset is the ISS. */
    static final int TS0 = LOCAL_ISS;

    HostMemory memory = new HostMemory(512);
    TcpScript t = new TcpScript(memory, TcpScript.plain().windowScaling(true).timestamps(true).sack(true)
        .receiveBufferBytes(1 << 20).build());

    @AfterEach
    void tearDown() {
        t.finish();
    }

    private void establishWithAllOptions() {
        t.conn.connect(0, LOCAL_ISS);
        t.expect(syn().seq(LOCAL_ISS).mss(1000).ws(5).sackOk().ts(TS0, 0).win(65535));
        t.recv(synAck().seq(REMOTE_ISS).ack(L).mss(1000).ws(2).sackOk().ts(777, TS0).win(1000));
        t.expect(ack().seq(L).ack(R).ts(TS0, 777).win(32768));
    }

    @Test
    void windowScalingIsNegotiatedAndApplied() {
        establishWithAllOptions();
        assertThat(t.conn.windowScalingEnabled()).isTrue();
        assertThat(t.conn.peerWindowBytes()).as("a SYN's window is not scaled").isEqualTo(1000);
        t.recv(ack().seq(R).ack(L).win(100).ts(778, TS0));
        assertThat(t.conn.peerWindowBytes()).isEqualTo(400);
    }

    @Test
    void withoutPeerWindowScaleNeitherSideScales() {
        t.conn.connect(0, LOCAL_ISS);
        t.expect(syn().ws(5));
        t.recv(synAck().seq(REMOTE_ISS).ack(L).mss(1000).win(5000));
        t.expect(ack().ack(R).win(65535).noTs());
        assertThat(t.conn.windowScalingEnabled()).isFalse();
        t.recv(ack().seq(R).ack(L).win(6000));
        assertThat(t.conn.peerWindowBytes()).isEqualTo(6000);
    }

    @Test
    void passiveOpenEchoesOnlyOfferedOptions() {
        t.conn.listen(LOCAL_ISS);
        t.recv(syn().seq(REMOTE_ISS).mss(1400).ts(5, 0));
        final TcpSegment synAck = t.expect(synAck().seq(LOCAL_ISS).ack(R).ts(TS0, 5));
        assertThat(synAck.windowScaleOption()).isEqualTo(TcpSegment.NONE);
        assertThat(synAck.sackPermitted()).isFalse();
        t.recv(ack().seq(R).ack(L).ts(6, TS0));
        assertThat(t.conn.sendMssBytes()).as("MSS less the 12 bytes of timestamps").isEqualTo(988);
    }

    @Test
    void timestampsEchoTheLatestInOrderValueAndMeasureRtt() {
        establishWithAllOptions();
        t.advanceTo(50 * MS);
        t.appSend(500);
        t.expect(seg(ACK | PSH).seq(L).len(500).ts(TS0 + 50, 777));
        t.advanceTo(130 * MS);
        t.recv(seg(ACK).seq(R).ack(L + 500).ts(800, TS0 + 50).len(100));
        assertThat(t.conn.srttNs()).isEqualTo((7 * 0 + 80) * MS / 8);
        t.advanceTo(200 * MS);
        t.expect(ack().ack(R + 100).ts(TS0 + 170, 800));
    }

    @Test
    void pawsDropsASegmentWithAnOldTimestamp() {
        establishWithAllOptions();
        t.recv(seg(ACK).seq(R).ack(L).ts(900, TS0).len(100));
        t.recv(seg(ACK).seq(R + 100).ack(L).ts(899, TS0).len(100));
        t.expect(ack().ack(R + 100).ts(TS0, 900));
        assertThat(t.conn.counters().pawsDrops()).isEqualTo(1);
        assertThat(t.conn.readableBytes()).isEqualTo(100);
        t.appRead(1000);
    }

    @Test
    void pawsLetsAnOldTimestampThroughAfterLongIdle() {
        establishWithAllOptions();
        t.recv(seg(ACK).seq(R).ack(L).ts(900, TS0).len(100));
        t.advanceTo(25L * 24 * 3600 * 1000 * MS);
        t.drain();
        t.recv(seg(ACK).seq(R + 100).ack(L).ts(899, TS0).len(100));
        assertThat(t.conn.counters().pawsDrops()).isZero();
        assertThat(t.appRead(1000)).isEqualTo(200);
    }

    @Test
    void sackBlocksReportTheMostRecentRunFirst() {
        establishWithAllOptions();
        t.recv(seg(ACK).seq(R + 1000).ack(L).ts(780, TS0).len(1000));
        t.expect(ack().ack(R).sack(R + 1000, R + 2000));
        t.recv(seg(ACK).seq(R + 3000).ack(L).ts(781, TS0).len(1000));
        t.expect(ack().ack(R).sack(R + 3000, R + 4000).sack(R + 1000, R + 2000));
        t.recv(seg(ACK).seq(R + 5000).ack(L).ts(782, TS0).len(1000));
        t.expect(ack().ack(R).sack(R + 5000, R + 6000).sack(R + 3000, R + 4000).sack(R + 1000, R + 2000));
        t.recv(seg(ACK).seq(R + 7000).ack(L).ts(783, TS0).len(1000));
        t.expect(ack().ack(R).sack(R + 7000, R + 8000).sack(R + 5000, R + 6000).sack(R + 3000, R + 4000));
        t.recv(seg(ACK).seq(R + 2000).ack(L).ts(784, TS0).len(1000));
        t.expect(ack().ack(R).sack(R + 1000, R + 4000).sack(R + 7000, R + 8000).sack(R + 5000, R + 6000));
        t.recv(seg(ACK).seq(R).ack(L).ts(785, TS0).len(1000));
        t.expect(ack().ack(R + 4000).sack(R + 7000, R + 8000).sack(R + 5000, R + 6000));
        t.recv(seg(ACK).seq(R + 4000).ack(L).ts(786, TS0).len(1000));
        t.recv(seg(ACK).seq(R + 6000).ack(L).ts(787, TS0).len(1000));
        t.expect(ack().ack(R + 6000).sack(R + 7000, R + 8000));
        t.expect(ack().ack(R + 8000).noSack());
        assertThat(t.appRead(100_000)).isEqualTo(8000);
    }

    @Test
    void fourSackBlocksWithoutTimestamps() {
        final TcpScript s = new TcpScript(memory, TcpScript.plain().sack(true).receiveBufferBytes(65535).build());
        s.conn.connect(0, LOCAL_ISS);
        s.expect(syn().sackOk().noTs());
        s.recv(synAck().seq(REMOTE_ISS).ack(L).mss(1000).sackOk());
        s.expect(ack());
        for (int i = 0; i < 5; i++) {
            s.recv(seg(ACK).seq(R + 1000 + 1000 * 2 * i).ack(L).len(500));
            s.drain();
        }
        s.recv(seg(ACK).seq(R + 300).ack(L).len(100));
        s.expect(ack().ack(R).sack(R + 300, R + 400).sack(R + 9000, R + 9500).sack(R + 7000, R + 7500)
            .sack(R + 5000, R + 5500));
        s.finish();
    }

    @Test
    void duplicateSegmentIsReportedWithDsack() {
        establishWithAllOptions();
        t.recv(seg(ACK).seq(R).ack(L).ts(780, TS0).len(1000));
        t.recv(seg(ACK).seq(R + 1000).ack(L).ts(781, TS0).len(1000));
        t.expect(ack().ack(R + 2000));
        t.recv(seg(ACK).seq(R).ack(L).ts(782, TS0).len(1000));
        t.expect(ack().ack(R + 2000).sack(R, R + 1000));
        assertThat(t.conn.counters().dsackBlocksOut()).isEqualTo(1);
        t.recv(seg(ACK).seq(R + 3000).ack(L).ts(783, TS0).len(1000));
        t.recv(seg(ACK).seq(R + 3000).ack(L).ts(784, TS0).len(1000));
        t.expect(ack().ack(R + 2000).sack(R + 3000, R + 4000));
        t.expect(ack().ack(R + 2000).sack(R + 3000, R + 4000).sack(R + 3000, R + 4000));
        t.appRead(100_000);
    }

    @Test
    void sackIsNotSentUnlessPermitted() {
        final TcpScript s = new TcpScript(memory, TcpScript.plain().sack(true).build());
        s.establishActive();
        s.recv(seg(ACK).seq(R + 1000).ack(L).len(500));
        s.expect(ack().ack(R).noSack());
        s.finish();
    }
}
