package dev.toeless.stack.tcp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.stack.tcp.seq.SeqNum;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of a live connection, in the scripted-conversation style of
 * {@link TcpScript}: after an honest handshake the fuzzer plays the network between us and an
 * honest peer. It may send any flags, sequence and acknowledgment numbers (near the window or
 * anywhere), windows, options, SACK blocks and payload lengths split over pages at any offsets,
 * move the clock, and make our application send and read. What it may not do is forge data:
 * every payload byte it sends is the honest peer's byte for that sequence number (a network
 * duplicates, reorders, cuts and mangles headers; it does not author a stream). Invariants after
 * every step: no exception, the receive point never moves back, {@code snd.una <= snd.nxt};
 * at the end the delivered stream is a prefix of the honest one and every page is back.
 * {@code ./toeless fuzz tcp} mutates for real.
 */
class TcpConnectionFuzzTest {
    private static final int R = TcpScript.REMOTE_ISS + 1;
    private static final int BUFFER = 16_384;
    private static final int MAX_STEPS = 64;
    /** Payload pages per segment at most, as a NIC's receive path would hand them over. */
    private static final int MAX_FRAGMENTS = 4;
    private static final long MS = 1_000_000L;

    /** One memory for every run: each run must hand back every page, so it starts empty. */
    private final HostMemory memory = new HostMemory(4096);
    private final CpuTouch touch = new CpuTouch(memory, new TouchLedger());

    @FuzzTest(maxDuration = "30s")
    void fuzzedSegments(FuzzedDataProvider in) {
        assertThat(memory.pagesInUse()).isZero();
        final boolean options = in.consumeBoolean();
        final TcpScript t = new TcpScript(memory, TcpScript.plain().windowScaling(options).timestamps(options)
            .sack(options).receiveBufferBytes(BUFFER).build());
        final long[] delivered = {0};
        try {
            if (in.consumeBoolean()) {
                t.establishActive();
            } else {
                t.establishPassive();
            }
            int rcvNxt = t.conn.rcvNxt();
            for (int step = 0; step < MAX_STEPS && in.remainingBytes() > 0 && t.conn.state() != TcpState.CLOSED; step++) {
                act(in, t, memory, touch, delivered);
                t.drain();
                if (t.conn.state() == TcpState.CLOSED) {
                    break;
                }
                assertThat(SeqNum.ge(t.conn.rcvNxt(), rcvNxt)).as("rcv.nxt moved back").isTrue();
                rcvNxt = t.conn.rcvNxt();
                assertThat(SeqNum.le(t.conn.sndUna(), t.conn.sndNxt())).as("snd.una after snd.nxt").isTrue();
                assertThat(t.conn.readableBytes()).as("readable beyond the buffer").isLessThanOrEqualTo(BUFFER + 4096);
            }
            read(t, memory, touch, delivered, Long.MAX_VALUE);
        } finally {
            t.finish();
        }
        assertThat(memory.pagesInUse()).as("pages leaked").isZero();
    }

    private static void act(FuzzedDataProvider in, TcpScript t, HostMemory memory, CpuTouch touch, long[] delivered) {
        switch (in.consumeInt(0, 5)) {
            case 0, 1 -> t.conn.onSegment(t.nowNs, segment(in, t, memory, touch));
            case 2 -> {
                final int bytes = in.consumeInt(1, 6000);
                if (t.conn.state() == TcpState.ESTABLISHED && t.conn.sendSpaceBytes() >= bytes) {
                    t.appSend(bytes);
                }
            }
            case 3 -> read(t, memory, touch, delivered, in.consumeInt(0, 20_000));
            case 4 -> t.advanceTo(t.nowNs + in.consumeLong(0, 3000 * MS));
            default -> {
                if (in.consumeBoolean()) {
                    t.conn.shutdown(t.nowNs);
                } else {
                    t.advanceTo(t.nowNs + in.consumeLong(0, 5 * MS));
                }
            }
        }
    }

    /** A segment from the network: any header, the honest peer's bytes as payload. */
    private static TcpSegment segment(FuzzedDataProvider in, TcpScript t, HostMemory memory, CpuTouch touch) {
        final int flags = in.consumeBoolean() ? TcpFlags.ACK | (in.consumeBoolean() ? TcpFlags.PSH : 0)
            : in.consumeInt(0, 0xFF);
        final int seq = in.consumeBoolean() ? t.conn.rcvNxt() + in.consumeInt(-4000, 24_000) : in.consumeInt();
        final int ack = in.consumeBoolean() ? t.conn.sndUna() + in.consumeInt(-3000, 8000) : in.consumeInt();
        final TcpSegment s = new TcpSegment().header(seq, ack, flags, in.consumeInt(0, 0xFFFF));
        if (in.consumeBoolean()) {
            s.timestamps(in.consumeInt(), in.consumeInt());
        }
        for (int blocks = in.consumeInt(0, 4); blocks > 0; blocks--) {
            final int left = t.conn.sndUna() + in.consumeInt(-3000, 20_000);
            s.addSackBlock(left, left + in.consumeInt(-200, 6000));
        }
        if (in.consumeInt(0, 15) == 0) {
            s.mssOption(in.consumeInt(0, 0xFFFF)).windowScaleOption(in.consumeInt(0, 255)).sackPermitted(in.consumeBoolean());
        }
        final int length = in.consumeInt(0, 3000);
        int done = 0;
        for (int fragment = 1; done < length; fragment++) {
            final int left = length - done;
            final int n = fragment == MAX_FRAGMENTS ? left : in.consumeInt(1, left);
            final int pageOffset = in.consumeInt(0, HostMemory.PAGE_SIZE - n);
            final int pfn = memory.allocate();
            touch.copyIn(honest(seq + done - R, n), 0, n, pfn, pageOffset);
            s.addFragment(pfn, pageOffset, n);
            done += n;
        }
        return s;
    }

    /** Reads up to {@code max} bytes and checks each against the honest stream. */
    private static void read(TcpScript t, HostMemory memory, CpuTouch touch, long[] delivered, long max) {
        t.conn.read(t.nowNs, (pfn, off, len) -> {
            final byte[] got = new byte[len];
            touch.copyOut(pfn, off, len, got, 0);
            assertThat(got).as("stream bytes %d..%d are the honest peer's", delivered[0], delivered[0] + len)
                .isEqualTo(honest((int) delivered[0], len));
            delivered[0] += len;
            memory.release(pfn);
        }, max);
    }

    /** The honest peer's bytes at stream offsets {@code [from, from+n)} (offsets modulo 2^32). */
    static byte[] honest(int from, int n) {
        final byte[] b = new byte[n];
        if (n <= HONEST_SPILL) {
            System.arraycopy(HonestStream.BYTES, from & HONEST_PERIOD - 1, b, 0, n);
            return b;
        }
        for (int i = 0; i < n; i++) {
            b[i] = honestByte(from + i);
        }
        return b;
    }

    private static byte honestByte(int x) {
        return (byte) (x ^ x >>> 8 ^ x >>> 16 ^ 0x5A);
    }

    /** An honest byte depends on the low 24 bits of its offset only. */
    private static final int HONEST_PERIOD = 1 << 24;
    /** Bytes past one period in the table, so a run that wraps is one copy. */
    private static final int HONEST_SPILL = 8192;

    /**
     * The honest stream over one period, computed once: the fuzzer instruments every comparison
     * in test code, and a loop per payload byte was most of each execution's time.
     */
    private static final class HonestStream {
        static final byte[] BYTES = new byte[HONEST_PERIOD + HONEST_SPILL];

        static {
            for (int x = 0; x < BYTES.length; x++) {
                BYTES[x] = honestByte(x);
            }
        }
    }
}
