package dev.toeless.nic.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of TCP option parsing: any option bytes give a status, never an
 * exception; the decoder reads only its own range (the same answer whatever bytes surround it);
 * decoded values stay in their ranges; options of at most 40 bytes that decode become a {@link TcpOptions} value
 * whose emitted bytes decode to the same value; and a TCP header carrying them parses and
 * round-trips as a {@link TcpRepr}. {@code ./toeless fuzz tcp-options} mutates for real.
 */
class TcpOptionsFuzzTest {
    private final TcpOptionsView view = new TcpOptionsView();
    private final TcpOptionsView other = new TcpOptionsView();

    @FuzzTest(maxDuration = "30s")
    void optionBytes(byte[] options) {
        final int n = options.length;
        final ParseStatus status = view.parse(new UnsafeBuffer(options), 0, n);
        assertThat(status).isNotNull();

        final byte[] surrounded = new byte[n + 16];
        Arrays.fill(surrounded, (byte) TcpOptionsView.KIND_SACK);
        System.arraycopy(options, 0, surrounded, 8, n);
        assertThat(other.parse(new UnsafeBuffer(surrounded), 8, n)).as("reads stay inside the options").isEqualTo(status);
        if (status != ParseStatus.OK) {
            return;
        }
        assertThat(view.sackCount()).isBetween(0, TcpOptionsView.MAX_SACK_BLOCKS);
        assertThat(view.windowScale()).isBetween(TcpOptionsView.NONE, TcpOptionsView.MAX_WINDOW_SCALE);
        assertThat(view.mss()).isBetween(TcpOptionsView.NONE, 0xFFFF);
        if (n > TcpHeader.MAX_HEADER_LENGTH - TcpHeader.MIN_HEADER_LENGTH) {
            return; // a header holds at most 40 bytes of options; the value is for what a header can carry
        }
        assertThat(TcpOptions.of(other)).isEqualTo(TcpOptions.of(view));

        final TcpOptions value = TcpOptions.of(view);
        final UnsafeBuffer emitted = new UnsafeBuffer(new byte[value.bufferLength()]);
        assertThat(value.emit(emitted, 0)).isEqualTo(value.bufferLength());
        assertThat(value.bufferLength() % 4).as("emitted options are 4-byte aligned").isZero();
        assertThat(other.parse(emitted, 0, value.bufferLength())).isEqualTo(ParseStatus.OK);
        assertThat(TcpOptions.of(other)).as("emit then parse").isEqualTo(value);
        inAHeader(options);
    }

    /** The options in a TCP header (padded with EOL to a whole word): a {@link TcpRepr} that round-trips. */
    private static void inAHeader(byte[] options) {
        final int padded = (options.length + 3) & ~3;
        final UnsafeBuffer header = new UnsafeBuffer(new byte[TcpHeader.MIN_HEADER_LENGTH + padded]);
        header.putShort(0, (short) 40_000, ByteOrder.BIG_ENDIAN);
        header.putShort(2, (short) 80, ByteOrder.BIG_ENDIAN);
        header.putByte(12, (byte) ((TcpHeader.MIN_HEADER_LENGTH + padded) / 4 << 4));
        header.putByte(13, (byte) 0x12);
        header.putBytes(TcpHeader.MIN_HEADER_LENGTH, options);
        final Parsed<TcpRepr> tcp = TcpRepr.parse(header, 0, header.capacity());
        assertThat(tcp.isOk()).as("options that decode make a header that parses").isTrue();
        ReprRoundTrips.tcp(header, 0, header.capacity());
    }
}
