package dev.toeless.nic.rss;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** The table-driven hash equals the specification's bit-by-bit loop, for any key and input. */
class ToeplitzPropertyTest {
    /** Microsoft's pseudocode, literally: for each set input bit, XOR in the key's leftmost 32 bits, shift. */
    private static int reference(byte[] key, byte[] input, int length) {
        int result = 0;
        for (int bit = 0; bit < length * 8; bit++) {
            if ((input[bit >>> 3] & (0x80 >>> (bit & 7))) != 0) {
                int window = 0;
                for (int k = 0; k < 32; k++) {
                    final int kb = bit + k;
                    window = (window << 1) | ((key[kb >>> 3] >>> (7 - (kb & 7))) & 1);
                }
                result ^= window;
            }
        }
        return result;
    }

    @Property(tries = 300)
    void tableDrivenEqualsBitByBit(@ForAll @Size(40) byte[] key, @ForAll @Size(36) byte[] input,
                                   @ForAll @IntRange(min = 0, max = 36) int length) {
        assertThat(new ToeplitzHash(key).hash(input, 0, length)).isEqualTo(reference(key, input, length));
    }

    @Property(tries = 200)
    void fieldFormsEqualTheByteForm(@ForAll @Size(40) byte[] key, @ForAll @Size(36) byte[] input) {
        final ToeplitzHash hash = new ToeplitzHash(key);
        final ByteBuffer b = ByteBuffer.wrap(input);
        assertThat(hash.hashV4(b.getInt(0), b.getInt(4), b.getShort(8), b.getShort(10)))
            .isEqualTo(reference(key, new byte[] {input[0], input[1], input[2], input[3], input[4], input[5],
                input[6], input[7], input[8], input[9], input[10], input[11]}, 12));
        assertThat(hash.hashV6(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24), b.getShort(32), b.getShort(34)))
            .isEqualTo(reference(key, input, 36));
        assertThat(hash.hashV6(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24)))
            .isEqualTo(reference(key, input, 32));
    }
}
