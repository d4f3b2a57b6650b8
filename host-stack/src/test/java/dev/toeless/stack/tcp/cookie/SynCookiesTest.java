package dev.toeless.stack.tcp.cookie;

import dev.toeless.nic.sim.SimRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SynCookiesTest {
    private static final int SERVER = 0xC0A80001;   // 192.168.0.1
    private static final int CLIENT = 0xC0A80002;
    private static final long S = 1_000_000_000L;
    private static final long V6_HI = 0x2001_0db8_0000_0000L;

    private final SynCookies cookies = new SynCookies(new SimRandom(99).fork("syncookies"));

    /** The handshake's third segment for a cookie: seq = clientIsn + 1, ack = cookie + 1. */
    private int check(long nowNs, int clientIsn, int cookie) {
        return cookies.checkV4(nowNs, SERVER, 80, CLIENT, 50_000, clientIsn + 1, cookie + 1);
    }

    @Test
    void aCookieComesBackWithItsMss() {
        final int clientIsn = 0x12345678;
        final int cookie = cookies.cookieV4(10 * S, SERVER, 80, CLIENT, 50_000, clientIsn, 1460);
        assertThat(check(10 * S, clientIsn, cookie)).isEqualTo(1460);
        assertThat(cookies.cookiesIssued()).isEqualTo(1);
        assertThat(cookies.cookiesAccepted()).isEqualTo(1);
    }

    @Test
    void theMssIsRoundedDownToTheTable() {
        assertThat(cookies.cookieMssV4(1460)).isEqualTo(1460);
        assertThat(cookies.cookieMssV4(1452)).isEqualTo(1440);
        assertThat(cookies.cookieMssV4(1400)).isEqualTo(1300);
        assertThat(cookies.cookieMssV4(1000)).isEqualTo(536);
        assertThat(cookies.cookieMssV4(100)).isEqualTo(536);
        assertThat(cookies.cookieMssV6(9000)).isEqualTo(8940);
        for (int mss : new int[] {536, 1300, 1440, 1460, 9000}) {
            final int cookie = cookies.cookieV4(0, SERVER, 80, CLIENT, 50_000, 7, mss);
            assertThat(check(0, 7, cookie)).isEqualTo(cookies.cookieMssV4(mss));
        }
    }

    @Test
    void aCookieLivesForTheCurrentAndThePreviousPeriod() {
        final int cookie = cookies.cookieV4(63 * S, SERVER, 80, CLIENT, 50_000, 1, 1460);
        assertThat(check(63 * S, 1, cookie)).isEqualTo(1460);
        assertThat(check(64 * S, 1, cookie)).isEqualTo(1460);
        assertThat(check(127 * S, 1, cookie)).isEqualTo(1460);
        assertThat(check(128 * S, 1, cookie)).isEqualTo(SynCookies.INVALID);
        final int early = cookies.cookieV4(0, SERVER, 80, CLIENT, 50_000, 1, 1460);
        assertThat(check(127 * S, 1, early)).isEqualTo(1460);
        assertThat(check(128 * S, 1, early)).isEqualTo(SynCookies.INVALID);
        assertThat(check(256 * 64 * S, 1, early)).isEqualTo(SynCookies.INVALID);
        assertThat(cookies.cookiesRejected()).isEqualTo(3);
    }

    @Test
    void aCookieDoesNotFitAnotherTupleOrAnotherClientIsn() {
        final int cookie = cookies.cookieV4(0, SERVER, 80, CLIENT, 50_000, 1000, 1460);
        assertThat(cookies.checkV4(0, SERVER, 80, CLIENT, 50_001, 1001, cookie + 1)).isEqualTo(SynCookies.INVALID);
        assertThat(cookies.checkV4(0, SERVER, 81, CLIENT, 50_000, 1001, cookie + 1)).isEqualTo(SynCookies.INVALID);
        assertThat(cookies.checkV4(0, SERVER, 80, CLIENT + 1, 50_000, 1001, cookie + 1))
                .isEqualTo(SynCookies.INVALID);
        assertThat(cookies.checkV4(0, SERVER, 80, CLIENT, 50_000, 1001 + 0x1000_0000, cookie + 1))
                .isEqualTo(SynCookies.INVALID);
    }

    @Test
    void ipv6CookiesRoundTrip() {
        final int cookie = cookies.cookieV6(5 * S, V6_HI, 1, 443, V6_HI, 2, 60_000, -5, 1440);
        assertThat(cookies.checkV6(5 * S, V6_HI, 1, 443, V6_HI, 2, 60_000, -4, cookie + 1)).isEqualTo(1440);
        assertThat(cookies.checkV6(5 * S, V6_HI, 1, 443, V6_HI, 3, 60_000, -4, cookie + 1))
                .isEqualTo(SynCookies.INVALID);
    }

    @Test
    void secretsComeFromTheSeed() {
        final SynCookies same = new SynCookies(new SimRandom(99).fork("syncookies"));
        final SynCookies other = new SynCookies(new SimRandom(100).fork("syncookies"));
        final int cookie = cookies.cookieV4(0, SERVER, 80, CLIENT, 50_000, 1, 1460);
        assertThat(same.cookieV4(0, SERVER, 80, CLIENT, 50_000, 1, 1460)).isEqualTo(cookie);
        assertThat(other.checkV4(0, SERVER, 80, CLIENT, 50_000, 2, cookie + 1)).isEqualTo(SynCookies.INVALID);
    }

    @Test
    void tablesMustHaveFourToEightAscendingEntries() {
        final SimRandom r = new SimRandom(1);
        assertThatThrownBy(() -> new SynCookies(r, new int[] {536, 1460}, SynCookies.MSS_TABLE_V6))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SynCookies(r, new int[] {536, 1460, 1300, 1440}, SynCookies.MSS_TABLE_V6))
                .isInstanceOf(IllegalArgumentException.class);
        final SynCookies eight = new SynCookies(r, new int[] {256, 536, 1200, 1300, 1400, 1440, 1460, 8960},
                SynCookies.MSS_TABLE_V6);
        final int cookie = eight.cookieV4(0, SERVER, 80, CLIENT, 50_000, 1, 8960);
        assertThat(eight.checkV4(0, SERVER, 80, CLIENT, 50_000, 2, cookie + 1)).isEqualTo(8960);
    }

    @Test
    void optionsTravelInTheLowTimestampBits() {
        final int ts = SynCookies.timestampWithOptions(0x1000_0075, 7, true, false);
        assertThat(ts & 0x3F).isEqualTo(7 | 16);
        assertThat(Integer.compareUnsigned(ts, 0x1000_0075)).isLessThanOrEqualTo(0);
        assertThat(SynCookies.wscaleFromTsecr(ts)).isEqualTo(7);
        assertThat(SynCookies.sackOkFromTsecr(ts)).isTrue();
        assertThat(SynCookies.ecnOkFromTsecr(ts)).isFalse();
        // The option bits exceed tsNow's low bits: step back one 64-tick unit, never forward.
        final int back = SynCookies.timestampWithOptions(0x1000_0040, -1, true, true);
        assertThat(back).isEqualTo(0x1000_0000 | 0x3F);
        assertThat(SynCookies.wscaleFromTsecr(back)).isEqualTo(-1);
        assertThat(SynCookies.ecnOkFromTsecr(back)).isTrue();
    }

    @Test
    void aMillionRandomAcksAreAllRejected() {
        // Expected acceptances: 10^6 * (2 / 256) * (4 / 2^24), about 0.002.
        final SplittableRandom random = new SplittableRandom(20261123L);
        int accepted = 0;
        for (int i = 0; i < 1_000_000; i++) {
            if (cookies.checkV4(random.nextLong(64 * 256 * S), SERVER, 80, CLIENT, 50_000,
                    random.nextInt(), random.nextInt()) != SynCookies.INVALID) {
                accepted++;
            }
        }
        assertThat(accepted).isZero();
    }

    @Property(tries = 2_000)
    void wrongAcksAreRejected(@ForAll int clientIsn, @ForAll int wrongAck, @ForAll char remotePort,
                              @ForAll @IntRange(min = 0, max = 100_000) int nowS) {
        final long now = nowS * S;
        final int cookie = cookies.cookieV4(now, SERVER, 80, CLIENT, remotePort, clientIsn, 1460);
        if (wrongAck != cookie + 1) {
            assertThat(cookies.checkV4(now, SERVER, 80, CLIENT, remotePort, clientIsn + 1, wrongAck))
                    .isEqualTo(SynCookies.INVALID);
        }
        assertThat(cookies.checkV4(now, SERVER, 80, CLIENT, remotePort, clientIsn + 1, cookie + 1)).isEqualTo(1460);
    }

    @Property(tries = 1_000)
    void aFlippedBitAboveTheMssIndexIsRejected(@ForAll int clientIsn, @ForAll @IntRange(min = 3, max = 31) int bit,
                                               @ForAll @IntRange(min = 0, max = 100_000) int nowS) {
        final long now = nowS * S;
        final int cookie = cookies.cookieV4(now, SERVER, 80, CLIENT, 50_000, clientIsn, 1300);
        assertThat(cookies.checkV4(now, SERVER, 80, CLIENT, 50_000, clientIsn + 1, (cookie ^ (1 << bit)) + 1))
                .isEqualTo(SynCookies.INVALID);
    }

    @Property(tries = 300)
    void aFlippedIndexBitAtMostPicksAnotherTableMss(@ForAll int clientIsn, @ForAll @IntRange(min = 0, max = 2) int bit) {
        // As in Linux, the holder of a cookie can steer the low bits; it gains nothing it could not ask for.
        final int cookie = cookies.cookieV4(0, SERVER, 80, CLIENT, 50_000, clientIsn, 1300);
        final int mss = cookies.checkV4(0, SERVER, 80, CLIENT, 50_000, clientIsn + 1, (cookie ^ (1 << bit)) + 1);
        assertThat(mss).isIn(SynCookies.INVALID, 536, 1440, 1460);
    }
}
