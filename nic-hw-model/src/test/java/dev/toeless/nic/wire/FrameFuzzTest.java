package dev.toeless.nic.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the frame parser and every header {@code Repr}: any bytes give a
 * status, never an exception; every offset of an OK parse lies inside the frame; the result does
 * not depend on where the frame sits in its buffer or on the bytes around it; a split parse that
 * succeeds agrees with the whole-frame parse; and every header that parses emits bytes that parse
 * back to the same value. In {@code ./toeless test} it replays {@code FrameFuzzTestInputs/};
 * {@code ./toeless fuzz frames} mutates for real.
 */
class FrameFuzzTest {
    private static final int GUARD = 13;
    private static final Ipv6Address A = Ipv6Address.parse("fe80::1");
    private static final Ipv6Address B = Ipv6Address.parse("ff02::1:ff00:2");

    private final FrameParser parser = new FrameParser(true);
    private final FrameParser lenient = new FrameParser(false);
    private final ParsedFrame atZero = new ParsedFrame();
    private final ParsedFrame shifted = new ParsedFrame();
    private final ParsedFrame split = new ParsedFrame();

    /** Input: the frame's bytes, then one byte (at the end) choosing the split point. */
    @FuzzTest(maxDuration = "30s")
    void framesAndHeaders(FuzzedDataProvider data) {
        final int splitAt = data.consumeInt(0, 255);
        final byte[] frame = data.consumeRemainingAsBytes();
        final int n = frame.length;

        parser.parse(new UnsafeBuffer(frame), 0, n, atZero);
        FrameChecks.insideFrame(atZero, 0, n);

        // The same frame in the middle of a larger buffer, junk on both sides: the same answer, shifted.
        final byte[] padded = new byte[n + 2 * GUARD];
        java.util.Arrays.fill(padded, (byte) 0xA5);
        System.arraycopy(frame, 0, padded, GUARD, n);
        parser.parse(new UnsafeBuffer(padded), GUARD, n, shifted);
        FrameChecks.sameShifted(atZero, shifted, GUARD);
        FrameChecks.insideFrame(shifted, GUARD, n);

        lenient.parse(new UnsafeBuffer(frame), 0, n, shifted);
        FrameChecks.insideFrame(shifted, 0, n);

        splitParse(frame, Math.min(splitAt, n));
        reprsOf(frame, atZero);
    }

    /** Headers {@code [0, k)} in their own buffer, the rest as payload elsewhere. */
    private void splitParse(byte[] frame, int k) {
        final byte[] header = java.util.Arrays.copyOf(frame, k);
        final ParseStatus status = parser.parseSplit(new UnsafeBuffer(header), 0, k, frame.length - k, split);
        if (status != ParseStatus.OK) {
            return;
        }
        assertThat(atZero.status()).as("a split parse that succeeds agrees with the whole frame").isEqualTo(ParseStatus.OK);
        assertThat(split.l4()).isEqualTo(atZero.l4());
        assertThat(split.payloadOffset()).isEqualTo(atZero.payloadOffset());
        assertThat(split.payloadLength()).isEqualTo(atZero.payloadLength());
        assertThat(split.srcPort()).isEqualTo(atZero.srcPort());
        assertThat(split.dstPort()).isEqualTo(atZero.dstPort());
        assertThat(split.tcpSeq()).isEqualTo(atZero.tcpSeq());
        if (split.l4() == ParsedFrame.L4.TCP || split.l4() == ParsedFrame.L4.UDP) {
            assertThat(split.payloadOffset()).as("the split point is where the headers end").isEqualTo(k);
        }
    }

    /** Every Repr on the frame's own layers and on the raw bytes: a result, and a round trip when OK. */
    private static void reprsOf(byte[] frame, ParsedFrame f) {
        final UnsafeBuffer b = new UnsafeBuffer(frame);
        final int n = frame.length;
        ReprRoundTrips.all(b, 0, n, A, B);
        if (f.l3Offset() >= 0 && f.l3Offset() <= n) {
            ReprRoundTrips.all(b, f.l3Offset(), n - f.l3Offset(), A, B);
        }
        if (f.l4Offset() >= 0 && f.l4Offset() <= n) {
            final int end = Math.min(n, Math.max(f.l4Offset(), f.ipEnd()));
            final Ipv6Address src = f.isIpv6() ? new Ipv6Address(f.srcHigh(), f.srcLow()) : A;
            final Ipv6Address dst = f.isIpv6() ? new Ipv6Address(f.dstHigh(), f.dstLow()) : B;
            ReprRoundTrips.all(b, f.l4Offset(), end - f.l4Offset(), src, dst);
        }
    }
}
