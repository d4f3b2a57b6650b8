package dev.toeless.nic.csum;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of
 * 16-bit big-endian words.
 *
 * <p>Sums are carried as a {@code long} accumulator of unfolded 16-bit words, so partial sums
 * over several pieces (pseudo-header, header, payload fragments) can be added together with
 * {@link #add(long, long)} before one {@link #fold(long)}. A piece that starts at an odd
 * stream offset must be byte-swapped before adding: see {@link #sumAt(long, int, long)}.
 *
 * <p>The bulk loop reads eight bytes at a time: eight bytes are four 16-bit words, and adding the
 * two 32-bit halves of a long into a 64-bit accumulator keeps every carry.
 */
public final class InternetChecksum {
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final boolean NATIVE_IS_BIG = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
    private static final ValueLayout.OfLong LONG_NATIVE = ValueLayout.JAVA_LONG_UNALIGNED;
    /**
     * All of the address space, to view the off-heap memory an Agrona buffer points at. Making it
     * is a restricted operation: run with {@code --enable-native-access=ALL-UNNAMED} (the build and
     * launcher do) or the JVM prints a one-time warning.
     */
    private static final MemorySegment ALL_NATIVE_MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private InternetChecksum() {
    }

    /**
     * Adds the 16-bit big-endian words of {@code buffer[offset, offset+length)} to {@code acc}.
     * The range is bounds-checked once, then read with plain loads.
     */
    public static long sum(DirectBuffer buffer, int offset, int length, long acc) {
        buffer.boundsCheck(offset, length);
        final int bulkBytes = length & ~7;
        final long bulk = sumNativeLongs(buffer.byteArray(), buffer.addressOffset() + offset, bulkBytes >>> 3);
        long sum = acc + (NATIVE_IS_BIG ? bulk : swap16(fold(bulk)));
        int i = offset + bulkBytes;
        final int end = offset + length;
        if (end - i >= 4) {
            sum += buffer.getInt(i, BE) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (end - i >= 2) {
            sum += buffer.getShort(i, BE) & 0xFFFF;
            i += 2;
        }
        if (i < end) {
            sum += (buffer.getByte(i) & 0xFF) << 8;
        }
        return sum;
    }

    /**
     * Sums longs read in native byte order. The ones' complement sum does not care about byte order
     * as long as the folded result is swapped back (RFC 1071 section 2 (B)), so the loop skips the
     * per-load byte swap. Off-heap memory (pages, DMA buffers) is read through one whole-memory
     * {@link MemorySegment} because the JIT vectorises segment loops (several times faster than
     * plain loads, see ChecksumBenchmark). Heap arrays take plain loads: a segment view of an array
     * is an allocation the JIT does not always remove. The accumulator cannot overflow: each step
     * adds less than 2^33 and a buffer holds under 2^28 longs.
     */
    private static long sumNativeLongs(byte[] array, long address, int longs) {
        long sum = 0;
        if (array == null) {
            for (int k = 0; k < longs; k++) {
                final long v = ALL_NATIVE_MEMORY.get(LONG_NATIVE, address + ((long) k << 3));
                sum += (v >>> 32) + (v & 0xFFFF_FFFFL);
            }
        } else {
            for (int k = 0; k < longs; k++) {
                final long v = UnsafeApi.getLong(array, address + ((long) k << 3));
                sum += (v >>> 32) + (v & 0xFFFF_FFFFL);
            }
        }
        return sum;
    }

    /**
     * Copies {@code src[srcOffset, srcOffset+length)} to {@code dst[dstOffset, dstOffset+length)}
     * and adds the copied words to {@code acc}, as {@link #sum(DirectBuffer, int, int, long)} of the
     * source would: the one copy-and-sum of the transmit path (a NIC summing payload as its DMA
     * brings it in). Both ranges are bounds-checked once; they must not overlap.
     *
     * <p>The copy is the JVM's memory-copy stub and the sum a second sweep over the destination,
     * which the copy has just put in the L1 cache: on this project's machine (AVX-512) that beats a
     * single loop that loads, stores and adds eight bytes at a time, hand-unrolled four times, by
     * about 2x, because the JIT vectorises the copy stub and the sum loop but not a loop that both
     * stores and sums (ChecksumBenchmark {@code copyAndSum} against {@code fusedScalar}).
     */
    public static long copyAndSum(DirectBuffer src, int srcOffset, MutableDirectBuffer dst, int dstOffset, int length,
                                  long acc) {
        dst.putBytes(dstOffset, src, srcOffset, length);
        return sum(dst, dstOffset, length, acc);
    }

    private static int swap16(int folded) {
        return ((folded & 0xFF) << 8) | (folded >>> 8);
    }

    /** Adds the words of a byte array, for tests and control paths. */
    public static long sum(byte[] bytes, int offset, int length, long acc) {
        long sum = acc;
        int i = offset;
        final int end = offset + length;
        for (; end - i >= 2; i += 2) {
            sum += ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
        }
        if (i < end) {
            sum += (bytes[i] & 0xFF) << 8;
        }
        return sum;
    }

    /**
     * Places a partial sum computed over a piece that starts at stream offset
     * {@code streamOffset} into the stream's word alignment: a piece at an odd offset has its
     * bytes swapped (RFC 1071 section 2 (B)).
     */
    public static long sumAt(long pieceSum, int streamOffset, long acc) {
        if ((streamOffset & 1) == 0) {
            return acc + pieceSum;
        }
        final int folded = fold(pieceSum);
        return acc + (((folded & 0xFF) << 8) | (folded >>> 8));
    }

    /** Adds two unfolded sums. */
    public static long add(long a, long b) {
        return a + b;
    }

    /** Folds an accumulator to 16 bits, not complemented. */
    public static int fold(long sum) {
        long s = (sum & 0xFFFF_FFFFL) + (sum >>> 32); // below 2^33
        s = (s & 0xFFFF) + (s >>> 16);                // below 2^18
        s = (s & 0xFFFF) + (s >>> 16);                // at most 0x10002
        s = (s & 0xFFFF) + (s >>> 16);                // at most 0xFFFF
        return (int) s;
    }

    /** The checksum field value: folded and complemented. */
    public static int finish(long sum) {
        return ~fold(sum) & 0xFFFF;
    }

    /** True when a sum taken over data that includes its checksum field verifies (folds to 0xFFFF). */
    public static boolean verifies(long sum) {
        return fold(sum) == 0xFFFF;
    }

    /** The checksum of a buffer region on its own. */
    public static int checksum(DirectBuffer buffer, int offset, int length) {
        return finish(sum(buffer, offset, length, 0));
    }

    /**
     * Incremental update (RFC 1624, eqn. 3): the new checksum field after one 16-bit word of the
     * covered data changes from {@code oldWord} to {@code newWord}.
     */
    public static int update16(int oldChecksum, int oldWord, int newWord) {
        final long sum = (~oldChecksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return ~fold(sum) & 0xFFFF;
    }

    /** Incremental update for a 32-bit field (two words). */
    public static int update32(int oldChecksum, int oldValue, int newValue) {
        final int c = update16(oldChecksum, oldValue >>> 16, newValue >>> 16);
        return update16(c, oldValue & 0xFFFF, newValue & 0xFFFF);
    }

    /** IPv4 pseudo-header sum (RFC 793 / 9293): addresses, protocol, transport length. */
    public static long pseudoHeaderV4(int srcAddr, int dstAddr, int protocol, int transportLength) {
        return (srcAddr >>> 16) + (srcAddr & 0xFFFF)
            + (dstAddr >>> 16) + (dstAddr & 0xFFFF)
            + (protocol & 0xFF) + (transportLength & 0xFFFF);
    }

    /**
     * IPv6 pseudo-header sum (RFC 8200 section 8.1): the 16-byte addresses at the given buffer
     * offsets, upper-layer length (32 bits) and next header.
     */
    public static long pseudoHeaderV6(DirectBuffer srcBuf, int srcOffset, DirectBuffer dstBuf, int dstOffset,
                                      int nextHeader, long upperLayerLength) {
        long sum = sum(srcBuf, srcOffset, 16, 0);
        sum = sum(dstBuf, dstOffset, 16, sum);
        return sum + (upperLayerLength >>> 16) + (upperLayerLength & 0xFFFF) + (nextHeader & 0xFF);
    }
}
