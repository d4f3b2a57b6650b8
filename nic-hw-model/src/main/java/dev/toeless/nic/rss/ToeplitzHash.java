package dev.toeless.nic.rss;

import org.agrona.DirectBuffer;

import java.util.HexFormat;

/**
 * The Toeplitz hash of Receive Side Scaling, as Microsoft's RSS specification defines it: for
 * each set bit of the input, from the most significant bit of the first byte on, the 32 key bits
 * starting at that bit position are XORed into the result. The key is 40 bytes, so inputs of up
 * to 36 bytes (an IPv6 4-tuple) can be hashed.
 *
 * <p>Inputs are the header fields in wire order, taken as fields, not parsed frames: source
 * address, destination address, then (for the port-including hash types) source port and
 * destination port. Addresses and ports are passed as host integers holding the big-endian
 * (network) value: IPv4 10.0.0.1 is {@code 0x0A000001}.
 *
 * <p>Speed: the key is expanded once into a table of 36 x 256 words (the contribution of each
 * byte value at each input position), so a hash is one lookup and XOR per input byte. Immutable
 * after construction; safe to share.
 */
public final class ToeplitzHash {
    public static final int KEY_LENGTH = 40;
    public static final int MAX_INPUT_BYTES = KEY_LENGTH - 4;
    /** The key of Microsoft's RSS verification suite, also the default of many drivers. */
    public static final String MICROSOFT_KEY_HEX =
        "6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa";

    private final byte[] key;
    private final int[] table = new int[MAX_INPUT_BYTES * 256];

    /** @param key 40 bytes (copied) */
    public ToeplitzHash(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("RSS key must be " + KEY_LENGTH + " bytes: " + key.length);
        }
        this.key = key.clone();
        for (int pos = 0; pos < MAX_INPUT_BYTES; pos++) {
            for (int value = 0; value < 256; value++) {
                int h = 0;
                for (int bit = 0; bit < 8; bit++) {
                    if ((value & (0x80 >>> bit)) != 0) {
                        h ^= keyWindow(pos * 8 + bit);
                    }
                }
                table[pos * 256 + value] = h;
            }
        }
    }

    private static final ToeplitzHash MICROSOFT = new ToeplitzHash(HexFormat.of().parseHex(MICROSOFT_KEY_HEX));

    /** The hash with Microsoft's verification key: one shared instance (immutable), its table built once. */
    public static ToeplitzHash microsoftKey() {
        return MICROSOFT;
    }

    /** The key (a copy). */
    public byte[] key() {
        return key.clone();
    }

    /** The 32 key bits starting at bit {@code bitIndex} (bit 0 = MSB of key byte 0). */
    private int keyWindow(int bitIndex) {
        final int byteIndex = bitIndex >>> 3;
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (byteIndex + i < KEY_LENGTH ? key[byteIndex + i] & 0xFF : 0);
        }
        return (int) (bits >>> (8 - (bitIndex & 7)));
    }

    /** Hash of {@code length} bytes (at most {@value #MAX_INPUT_BYTES}) of a buffer. */
    public int hash(DirectBuffer input, int offset, int length) {
        checkLength(length);
        int h = 0;
        for (int i = 0; i < length; i++) {
            h ^= table[(i << 8) | (input.getByte(offset + i) & 0xFF)];
        }
        return h;
    }

    /** Hash of {@code length} bytes (at most {@value #MAX_INPUT_BYTES}) of an array. */
    public int hash(byte[] input, int offset, int length) {
        checkLength(length);
        int h = 0;
        for (int i = 0; i < length; i++) {
            h ^= table[(i << 8) | (input[offset + i] & 0xFF)];
        }
        return h;
    }

    /** IPv4, addresses only (NDIS_HASH_IPV4). */
    public int hashV4(int srcAddr, int dstAddr) {
        return word(0, srcAddr) ^ word(4, dstAddr);
    }

    /** IPv4 with ports (NDIS_HASH_TCP_IPV4 / UDP). Ports are 16-bit, widened with masks. */
    public int hashV4(int srcAddr, int dstAddr, int srcPort, int dstPort) {
        return hashV4(srcAddr, dstAddr) ^ word(8, ((srcPort & 0xFFFF) << 16) | (dstPort & 0xFFFF));
    }

    /** IPv6, addresses only (NDIS_HASH_IPV6); each address as its high and low 64 bits. */
    public int hashV6(long srcHi, long srcLo, long dstHi, long dstLo) {
        return word(0, (int) (srcHi >>> 32)) ^ word(4, (int) srcHi) ^ word(8, (int) (srcLo >>> 32)) ^ word(12, (int) srcLo)
            ^ word(16, (int) (dstHi >>> 32)) ^ word(20, (int) dstHi) ^ word(24, (int) (dstLo >>> 32)) ^ word(28, (int) dstLo);
    }

    /** IPv6 with ports (NDIS_HASH_TCP_IPV6 / UDP). */
    public int hashV6(long srcHi, long srcLo, long dstHi, long dstLo, int srcPort, int dstPort) {
        return hashV6(srcHi, srcLo, dstHi, dstLo) ^ word(32, ((srcPort & 0xFFFF) << 16) | (dstPort & 0xFFFF));
    }

    private int word(int pos, int value) {
        final int base = pos << 8;
        return table[base | (value >>> 24)]
            ^ table[base + 256 | ((value >>> 16) & 0xFF)]
            ^ table[base + 512 | ((value >>> 8) & 0xFF)]
            ^ table[base + 768 | (value & 0xFF)];
    }

    private static void checkLength(int length) {
        if (length < 0 || length > MAX_INPUT_BYTES) {
            throw new IllegalArgumentException("Toeplitz input must be 0.." + MAX_INPUT_BYTES + " bytes: " + length);
        }
    }
}
