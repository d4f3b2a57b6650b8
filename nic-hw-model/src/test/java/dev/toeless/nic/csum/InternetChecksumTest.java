package dev.toeless.nic.csum;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InternetChecksumTest {

    /** The plain RFC 1071 loop, one 16-bit word at a time, folding as it goes. */
    static int reference(byte[] data, int offset, int length) {
        int sum = 0;
        for (int i = 0; i < length; i += 2) {
            final int hi = data[offset + i] & 0xFF;
            final int lo = i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    /** Any 64-bit accumulator folds to its end-around-carry sum: 0 only for 0, else 1..0xFFFF. */
    @Property(tries = 2000)
    void foldIsTheEndAroundCarrySum(@ForAll long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        assertThat(InternetChecksum.fold(sum)).isEqualTo((int) s);
    }

    @Test
    void foldAtTheEdges() {
        for (long sum : new long[] {0, 1, 0xFFFF, 0x10000, 0x1FFFE, 0xFFFF_FFFFL, 0x1_FFFF_FFFEL, -1L, Long.MIN_VALUE,
            Long.MAX_VALUE, 0xFFFF_0000_FFFF_0000L}) {
            long s = sum;
            while ((s >>> 16) != 0) {
                s = (s & 0xFFFF) + (s >>> 16);
            }
            assertThat(InternetChecksum.fold(sum)).as("fold of %x", sum).isEqualTo((int) s);
        }
    }

    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2
        final byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertThat(InternetChecksum.fold(InternetChecksum.sum(new UnsafeBuffer(b), 0, 8, 0))).isEqualTo(0xddf2);
        assertThat(InternetChecksum.checksum(new UnsafeBuffer(b), 0, 8)).isEqualTo(~0xddf2 & 0xFFFF);
    }

    @Test
    void aKnownIpv4Header() {
        // The classic example header, checksum field 0xb861 (wikipedia, IPv4 header checksum)
        final byte[] h = hex("450000730000400040110000c0a80001c0a800c7");
        assertThat(InternetChecksum.checksum(new UnsafeBuffer(h), 0, h.length)).isEqualTo(0xb861);
        h[10] = (byte) 0xb8;
        h[11] = 0x61;
        assertThat(InternetChecksum.verifies(InternetChecksum.sum(new UnsafeBuffer(h), 0, h.length, 0))).isTrue();
    }

    @Property(tries = 500)
    void eightByteLoopMatchesTheReference(@ForAll @Size(max = 3000) byte[] data,
                                          @ForAll @IntRange(max = 7) int offset) {
        final byte[] padded = new byte[data.length + 8];
        System.arraycopy(data, 0, padded, offset, data.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(padded);
        assertThat(InternetChecksum.checksum(buffer, offset, data.length)).isEqualTo(reference(padded, offset, data.length));
    }

    @Property(tries = 300)
    void offHeapMemoryAtAnyAlignmentMatchesTheReference(@ForAll @Size(max = 3000) byte[] data,
                                                        @ForAll @IntRange(max = 7) int offset) {
        final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(data.length + 8));
        offHeap.putBytes(offset, data);
        assertThat(InternetChecksum.checksum(offHeap, offset, data.length)).isEqualTo(reference(data, 0, data.length));
    }

    /**
     * The copy-and-sum of the transmit path copies exactly the range (the bytes around it in the
     * destination stay as they were) and sums what the reference sums, for every source and
     * destination alignment, on and off the heap, with a carried-in accumulator.
     */
    @Property(tries = 500)
    void copyAndSumCopiesTheRangeAndMatchesTheReference(@ForAll @Size(max = 3000) byte[] data,
                                                        @ForAll @IntRange(max = 7) int srcOffset,
                                                        @ForAll @IntRange(max = 7) int dstOffset,
                                                        @ForAll boolean offHeapSource,
                                                        @ForAll @IntRange(max = 0xFFFF) int seedWord) {
        assertCopyAndSum(data, srcOffset, dstOffset, offHeapSource, seedWord);
    }

    @Property(tries = 20)
    void copyAndSumOfA64KiBSuperSegment(@ForAll @Size(min = 65_536, max = 65_536) byte[] data,
                                        @ForAll @IntRange(max = 7) int srcOffset,
                                        @ForAll @IntRange(max = 7) int dstOffset,
                                        @ForAll boolean offHeapSource) {
        assertCopyAndSum(data, srcOffset, dstOffset, offHeapSource, 0);
    }

    private static void assertCopyAndSum(byte[] data, int srcOffset, int dstOffset, boolean offHeapSource,
                                         int seedWord) {
        final UnsafeBuffer src = offHeapSource
            ? new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(data.length + 8))
            : new UnsafeBuffer(new byte[data.length + 8]);
        src.putBytes(srcOffset, data);
        final UnsafeBuffer dst = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(data.length + 16));
        dst.setMemory(0, dst.capacity(), (byte) 0x5A);
        final long sum = InternetChecksum.copyAndSum(src, srcOffset, dst, dstOffset, data.length, seedWord);
        final byte[] copied = new byte[data.length];
        dst.getBytes(dstOffset, copied);
        assertThat(copied).isEqualTo(data);
        for (int i = 0; i < dst.capacity(); i++) {
            if (i < dstOffset || i >= dstOffset + data.length) {
                assertThat(dst.getByte(i)).as("byte %d outside the range", i).isEqualTo((byte) 0x5A);
            }
        }
        final byte[] withSeed = new byte[data.length + (data.length & 1) + 2];
        System.arraycopy(data, 0, withSeed, 0, data.length);
        withSeed[withSeed.length - 2] = (byte) (seedWord >>> 8);
        withSeed[withSeed.length - 1] = (byte) seedWord;
        assertThat(InternetChecksum.finish(sum)).isEqualTo(reference(withSeed, 0, withSeed.length));
    }

    @Property(tries = 500)
    void piecesAtOddOffsetsAddUpToTheWhole(@ForAll @Size(min = 1, max = 2000) byte[] data,
                                           @ForAll @IntRange(min = 0, max = 2000) int cutAt) {
        final int cut = Math.min(cutAt, data.length);
        final UnsafeBuffer b = new UnsafeBuffer(data);
        long acc = InternetChecksum.sumAt(InternetChecksum.sum(b, 0, cut, 0), 0, 0);
        acc = InternetChecksum.sumAt(InternetChecksum.sum(b, cut, data.length - cut, 0), cut, acc);
        assertThat(InternetChecksum.finish(acc)).isEqualTo(reference(data, 0, data.length));
    }

    @Property(tries = 500)
    void incrementalUpdateMatchesRecomputation(@ForAll @Size(min = 2, max = 200) byte[] data,
                                               @ForAll @IntRange(max = 99) int wordIndex,
                                               @ForAll @IntRange(max = 0xFFFF) int newWord) {
        final int words = data.length / 2;
        if (words == 0) {
            return;
        }
        final int w = wordIndex % words;
        final int before = reference(data, 0, data.length);
        final int oldWord = ((data[2 * w] & 0xFF) << 8) | (data[2 * w + 1] & 0xFF);
        data[2 * w] = (byte) (newWord >>> 8);
        data[2 * w + 1] = (byte) newWord;
        final int after = reference(data, 0, data.length);
        final int updated = InternetChecksum.update16(before, oldWord, newWord);
        // RFC 1624: both representations of zero (0x0000 and 0xFFFF) are the same sum
        assertThat(updated == after || (updated ^ after) == 0xFFFF && (after == 0 || after == 0xFFFF)).isTrue();
    }

    static byte[] hex(String s) {
        final byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
