package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.stack.tcp.cookie.SynCookies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.Seg.syn;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.FIN;
import static dev.toeless.stack.tcp.TcpFlags.PSH;
import static dev.toeless.stack.tcp.TcpScript.LOCAL_ISS;
import static dev.toeless.stack.tcp.TcpScript.REMOTE_ISS;
import static org.assertj.core.api.Assertions.assertThat;

/** SYN-cookie handshakes and TIME_WAIT reuse. */
@ExtendWith(PageLeakCheck.class)
class HandshakeVariantsTest {
    static final int R = REMOTE_ISS + 1;
    static final int L = LOCAL_ISS + 1;

    HostMemory memory = new HostMemory(256);
    TcpConfig config = TcpScript.plain().windowScaling(true).timestamps(true).sack(true)
        .receiveBufferBytes(1 << 18).build();
    TcpScript t = new TcpScript(memory, config);

    @AfterEach
    void tearDown() {
        t.finish();
    }

    @Test
    void synCookieHandshakeEstablishesWithTheCookiesOptions() {
        final SynCookies cookies = new SynCookies(new SimRandom(5));
        final TcpSegment synIn = t.build(syn().seq(REMOTE_ISS).mss(1460).ws(7).sackOk().ts(4000, 0));
        final int cookie = cookies.cookieV4(0, 0x0A000001, 80, 0x0A000002, 40000, REMOTE_ISS, 1460);
        final int tsVal = SynCookies.timestampWithOptions(123_456, 7, true, false);
        final TcpSegment synAck = SynCookieHandshake.writeSynAck(config, synIn, cookie, tsVal, new TcpSegment());
        synIn.releaseFragments(memory);
        assertThat(synAck.windowScaleOption()).isEqualTo(SynCookieHandshake.windowScale(config));
        assertThat(synAck.tsEcr()).isEqualTo(4000);

        final TcpSegment ackIn = t.build(ack().seq(R).ack(cookie + 1).win(1000).ts(4001, tsVal));
        final int mss = cookies.checkV4(0, 0x0A000001, 80, 0x0A000002, 40000, R, cookie + 1);
        assertThat(mss).isEqualTo(1460);
        t.conn.acceptCookie(0, ackIn, cookie, mss, SynCookies.wscaleFromTsecr(tsVal), SynCookies.sackOkFromTsecr(tsVal));
        assertThat(t.conn.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(t.conn.peerWindowBytes()).isEqualTo(1000 << 7);
        assertThat(t.conn.sackEnabled()).isTrue();
        t.appSend(100);
        t.expect(seg(ACK | PSH).seq(cookie + 1).ack(R).len(100).tsEcr(4001));
    }

    @Test
    void timeWaitAcceptsANewerSynOnly() {
        final TcpScript s = new TcpScript(memory, TcpScript.plain().build());
        s.establishActive();
        s.conn.shutdown(0);
        s.recv(seg(FIN | ACK).seq(R).ack(L + 1));
        s.drain();
        assertThat(s.conn.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(s.conn.acceptsSynInTimeWait(s.build(syn().seq(R + 100_000)))).isTrue();
        assertThat(s.conn.acceptsSynInTimeWait(s.build(syn().seq(R - 5)))).isFalse();
        assertThat(s.conn.acceptsSynInTimeWait(s.build(Seg.synAck().seq(R + 100_000)))).isFalse();
        s.finish();
    }

    @Test
    void timeWaitWithTimestampsComparesTsVal() {
        t.conn.connect(0, LOCAL_ISS);
        t.expect(syn());
        t.recv(Seg.synAck().seq(REMOTE_ISS).ack(L).mss(1000).ts(500, LOCAL_ISS));
        t.conn.shutdown(0);
        t.recv(seg(FIN | ACK).seq(R).ack(L + 1).ts(510, LOCAL_ISS));
        t.drain();
        assertThat(t.conn.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(t.conn.acceptsSynInTimeWait(t.build(syn().seq(R - 1000).ts(511, 0)))).isTrue();
        assertThat(t.conn.acceptsSynInTimeWait(t.build(syn().seq(R + 1000).ts(509, 0)))).isFalse();
    }
}
