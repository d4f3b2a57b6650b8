package dev.toeless.stack.tcp.cookie;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.tcp.isn.SipHash24;

import java.util.Arrays;

/**
 * SYN cookies in the Linux style ({@code net/ipv4/syncookies.c}): when the SYN backlog is full, the
 * listener answers a SYN without keeping state, encoding what it must remember into its own ISN,
 *
 * <pre>
 *   ISN = H0(tuple) + clientIsn + (count &lt;&lt; 24) + ((H1(tuple, count) + mssIndex) mod 2^24)
 *
 *    31       24 23                                   0
 *   +-----------+--------------------------------------+
 *   | count+..  |  H1(tuple, count) + mssIndex         |   (after subtracting H0 + clientIsn)
 *   +-----------+--------------------------------------+
 * </pre>
 *
 * where {@code count} is a coarse clock of 64-second periods taken from {@code nowNs}, H0 and H1 are
 * SipHash-2-4 under two secrets drawn from the seeded random source, and {@code mssIndex} points into
 * a table of four to eight MSS values. The ACK that completes the handshake carries
 * {@code ISN + 1} and the client's {@code ISN + 1}; {@link #checkV4} recovers count and mssIndex
 * from them and accepts the cookie if it is from the current or the previous period (so it lives
 * between 64 and 128 seconds) and the index is in the table. A random ACK passes with probability
 * about {@code 2/256 * tableSize/2^24}, below 2 in 10^9. As in Linux the index is added, not
 * authenticated: whoever holds a cookie can steer its low bits to another table MSS, which gains
 * nothing it could not have asked for in its SYN; a cookie for another tuple cannot be made.
 *
 * <p>When the client sent timestamps, the options that do not fit (window scale, SACK permitted,
 * ECN) travel in the low 6 bits of our TSval, as Linux does: see {@link #timestampWithOptions} and
 * {@link #wscaleFromTsecr}.
 *
 * <p>One instance per host (or listener); single-threaded; no allocation per call.
 */
public final class SynCookies {
    /** Bits of the cookie below the period counter. */
    public static final int COOKIE_BITS = 24;
    private static final int COOKIE_MASK = (1 << COOKIE_BITS) - 1;
    /** Length of one period of the cookie clock. */
    public static final long PERIOD_NS = 64_000_000_000L;
    /** A cookie is accepted while the counter is less than this many periods past its own. */
    public static final int MAX_AGE_PERIODS = 2;
    /** What {@link #checkV4} and {@link #checkV6} answer for a cookie they do not accept. */
    public static final int INVALID = -1;

    /** Linux's IPv4 table: 536, 1300, 1440 (PPPoE), 1460. */
    public static final int[] MSS_TABLE_V4 = {536, 1300, 1440, 1460};
    /** Linux's IPv6 table: 1280, 1480, 1500 and 9000 byte MTUs less 60. */
    public static final int[] MSS_TABLE_V6 = {1220, 1420, 1440, 8940};

    /** Low TSval bits that carry options. */
    public static final int TS_OPTION_BITS = 6;
    private static final int TS_WSCALE_MASK = 0xF;
    private static final int TS_SACK = 1 << 4;
    private static final int TS_ECN = 1 << 5;
    private static final int MAX_WSCALE = 14;

    private final long[] keys = new long[4];
    private final int[] mssV4;
    private final int[] mssV6;
    private final SipHash24 sip = new SipHash24();
    private long cookiesIssued;
    private long cookiesAccepted;
    private long cookiesRejected;

    /** Linux's MSS tables; the secrets are drawn from {@code random}. */
    public SynCookies(SimRandom random) {
        this(random, MSS_TABLE_V4, MSS_TABLE_V6);
    }

    /** @param mssV4 ascending MSS values, 4 to 8 of them; likewise {@code mssV6} */
    public SynCookies(SimRandom random, int[] mssV4, int[] mssV6) {
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextLong();
        }
        this.mssV4 = checkTable(mssV4);
        this.mssV6 = checkTable(mssV6);
    }

    private static int[] checkTable(int[] table) {
        if (table.length < 4 || table.length > 8) {
            throw new IllegalArgumentException("MSS table needs 4 to 8 entries: " + table.length);
        }
        for (int i = 0; i < table.length; i++) {
            if (table[i] <= 0 || (i > 0 && table[i] <= table[i - 1])) {
                throw new IllegalArgumentException("MSS table must ascend and be positive: "
                        + Arrays.toString(table));
            }
        }
        return table.clone();
    }

    /** The cookie clock: 64-second periods of virtual time. */
    public static int counter(long nowNs) {
        return (int) Math.floorDiv(nowNs, PERIOD_NS);
    }

    /** The index of the largest table MSS not above {@code clientMss} (0 if all are above). */
    static int mssIndex(int[] table, int clientMss) {
        int index = 0;
        while (index + 1 < table.length && table[index + 1] <= clientMss) {
            index++;
        }
        return index;
    }

    /** The MSS a cookie for a client announcing {@code clientMss} will promise, IPv4. */
    public int cookieMssV4(int clientMss) {
        return mssV4[mssIndex(mssV4, clientMss)];
    }

    /** The MSS a cookie for a client announcing {@code clientMss} will promise, IPv6. */
    public int cookieMssV6(int clientMss) {
        return mssV6[mssIndex(mssV6, clientMss)];
    }

    /** Our ISN for a SYN with sequence number {@code clientIsn} and MSS option {@code clientMss}. */
    public int cookieV4(long nowNs, int localIp, int localPort, int remoteIp, int remotePort,
                        int clientIsn, int clientMss) {
        final int count = counter(nowNs);
        final int h0 = (int) sip.tupleV4(keys[0], keys[1], localIp, localPort, remoteIp, remotePort, 0);
        final int h1 = (int) sip.tupleV4(keys[2], keys[3], localIp, localPort, remoteIp, remotePort, count);
        cookiesIssued++;
        return encode(h0, h1, clientIsn, count, mssIndex(mssV4, clientMss));
    }

    /** Our ISN for an IPv6 SYN; addresses as two longs, most significant first. */
    public int cookieV6(long nowNs, long localHi, long localLo, int localPort,
                        long remoteHi, long remoteLo, int remotePort, int clientIsn, int clientMss) {
        final int count = counter(nowNs);
        final int h0 = (int) sip.tupleV6(keys[0], keys[1], localHi, localLo, localPort, remoteHi, remoteLo,
                remotePort, 0);
        final int h1 = (int) sip.tupleV6(keys[2], keys[3], localHi, localLo, localPort, remoteHi, remoteLo,
                remotePort, count);
        cookiesIssued++;
        return encode(h0, h1, clientIsn, count, mssIndex(mssV6, clientMss));
    }

    private static int encode(int h0, int h1, int clientIsn, int count, int mssIndex) {
        return h0 + clientIsn + (count << COOKIE_BITS) + ((h1 + mssIndex) & COOKIE_MASK);
    }

    /**
     * Checks the ACK that should complete a cookie handshake.
     *
     * @param segSeq the ACK segment's sequence number (the client's ISN + 1)
     * @param segAck its acknowledgment number (our cookie ISN + 1)
     * @return the MSS the cookie carried, or {@link #INVALID}
     */
    public int checkV4(long nowNs, int localIp, int localPort, int remoteIp, int remotePort,
                       int segSeq, int segAck) {
        final int count = counter(nowNs);
        final int h0 = (int) sip.tupleV4(keys[0], keys[1], localIp, localPort, remoteIp, remotePort, 0);
        final int rest = (segAck - 1) - h0 - (segSeq - 1);
        final int age = ageOf(count, rest);
        if (age < 0) {
            return reject();
        }
        final int h1 = (int) sip.tupleV4(keys[2], keys[3], localIp, localPort, remoteIp, remotePort, count - age);
        return decodeMss(mssV4, rest, h1);
    }

    /** As {@link #checkV4}, for IPv6. */
    public int checkV6(long nowNs, long localHi, long localLo, int localPort,
                       long remoteHi, long remoteLo, int remotePort, int segSeq, int segAck) {
        final int count = counter(nowNs);
        final int h0 = (int) sip.tupleV6(keys[0], keys[1], localHi, localLo, localPort, remoteHi, remoteLo,
                remotePort, 0);
        final int rest = (segAck - 1) - h0 - (segSeq - 1);
        final int age = ageOf(count, rest);
        if (age < 0) {
            return reject();
        }
        final int h1 = (int) sip.tupleV6(keys[2], keys[3], localHi, localLo, localPort, remoteHi, remoteLo,
                remotePort, count - age);
        return decodeMss(mssV6, rest, h1);
    }

    /** Periods since the cookie was made, or -1 if too old (or from the future). */
    private static int ageOf(int count, int rest) {
        final int age = (count - (rest >>> COOKIE_BITS)) & (0xFFFF_FFFF >>> COOKIE_BITS);
        return age < MAX_AGE_PERIODS ? age : -1;
    }

    private int decodeMss(int[] table, int rest, int h1) {
        final int index = (rest - h1) & COOKIE_MASK;
        if (index >= table.length) {
            return reject();
        }
        cookiesAccepted++;
        return table[index];
    }

    private int reject() {
        cookiesRejected++;
        return INVALID;
    }

    /**
     * Linux's {@code cookie_init_timestamp}: our TSval {@code tsNow} with its low 6 bits replaced by
     * the options (window scale, or 15 for none; SACK permitted; ECN), moved back one step if that
     * put it in the future.
     *
     * @param wscale the client's window scale, or -1 if it sent none
     */
    public static int timestampWithOptions(int tsNow, int wscale, boolean sackOk, boolean ecnOk) {
        int options = wscale < 0 ? TS_WSCALE_MASK : Math.min(wscale, MAX_WSCALE);
        if (sackOk) {
            options |= TS_SACK;
        }
        if (ecnOk) {
            options |= TS_ECN;
        }
        int ts = (tsNow & -(1 << TS_OPTION_BITS)) | options;
        if (Integer.compareUnsigned(ts, tsNow) > 0) {
            ts -= 1 << TS_OPTION_BITS;
        }
        return ts;
    }

    /** The client's window scale carried in an echoed TSval, or -1 for none. */
    public static int wscaleFromTsecr(int tsecr) {
        final int wscale = tsecr & TS_WSCALE_MASK;
        return wscale == TS_WSCALE_MASK ? -1 : wscale;
    }

    /** Whether the client offered SACK, from an echoed TSval. */
    public static boolean sackOkFromTsecr(int tsecr) {
        return (tsecr & TS_SACK) != 0;
    }

    /** Whether the client offered ECN, from an echoed TSval. */
    public static boolean ecnOkFromTsecr(int tsecr) {
        return (tsecr & TS_ECN) != 0;
    }

    /** Cookies handed out. */
    public long cookiesIssued() {
        return cookiesIssued;
    }

    /** ACKs whose cookie was accepted. */
    public long cookiesAccepted() {
        return cookiesAccepted;
    }

    /** ACKs whose cookie was rejected (forged, for another tuple, or expired). */
    public long cookiesRejected() {
        return cookiesRejected;
    }
}
