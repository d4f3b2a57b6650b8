package dev.toeless.stack.tcp.isn;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit pseudorandom function for short
 * inputs, used for RFC 6528 ISNs and SYN cookies. The 128-bit key is two longs, {@code k0} from
 * key bytes 0..7 and {@code k1} from bytes 8..15, both little-endian, as in the reference code.
 *
 * <p>Besides the byte-array form, the connection 4-tuple is hashed word by word without building a
 * message; its message layout is given on {@link #tupleV4} and {@link #tupleV6}. An instance holds
 * the running state and is reused by its owner (one per generator); not thread-safe, no allocation.
 */
public final class SipHash24 {
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    /** SipHash-2-4 of {@code length} bytes of {@code message} from {@code offset}. */
    public long hash(long k0, long k1, byte[] message, int offset, int length) {
        begin(k0, k1);
        final int words = length >>> 3;
        for (int w = 0; w < words; w++) {
            word(littleEndian(message, offset + 8 * w, 8));
        }
        return finish(littleEndian(message, offset + 8 * words, length & 7), length);
    }

    /**
     * The hash of the 16-byte message: {@code localIp, remoteIp} as one little-endian word
     * ({@code localIp | remoteIp << 32}), then {@code localPort | remotePort << 16 | extra << 32}.
     */
    public long tupleV4(long k0, long k1, int localIp, int localPort, int remoteIp, int remotePort, int extra) {
        begin(k0, k1);
        word((localIp & 0xFFFF_FFFFL) | ((long) remoteIp << 32));
        word(portsWord(localPort, remotePort, extra));
        return finish(0, 16);
    }

    /**
     * The hash of the 40-byte message: the words {@code localHi, localLo, remoteHi, remoteLo}
     * (each address as two longs, most significant first), then
     * {@code localPort | remotePort << 16 | extra << 32}.
     */
    public long tupleV6(long k0, long k1, long localHi, long localLo, int localPort,
                        long remoteHi, long remoteLo, int remotePort, int extra) {
        begin(k0, k1);
        word(localHi);
        word(localLo);
        word(remoteHi);
        word(remoteLo);
        word(portsWord(localPort, remotePort, extra));
        return finish(0, 40);
    }

    private static long portsWord(int localPort, int remotePort, int extra) {
        return (localPort & 0xFFFFL) | (remotePort & 0xFFFFL) << 16 | (long) extra << 32;
    }

    private void begin(long k0, long k1) {
        v0 = k0 ^ 0x736f6d6570736575L;
        v1 = k1 ^ 0x646f72616e646f6dL;
        v2 = k0 ^ 0x6c7967656e657261L;
        v3 = k1 ^ 0x7465646279746573L;
    }

    private void word(long m) {
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }

    /** {@code tail}: the last {@code length % 8} bytes, little-endian. */
    private long finish(long tail, int length) {
        word(tail | ((long) length << 56));
        v2 ^= 0xff;
        round();
        round();
        round();
        round();
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private void round() {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13);
        v1 ^= v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17);
        v1 ^= v2;
        v2 = Long.rotateLeft(v2, 32);
    }

    private static long littleEndian(byte[] bytes, int offset, int count) {
        long w = 0;
        for (int i = count - 1; i >= 0; i--) {
            w = (w << 8) | (bytes[offset + i] & 0xFFL);
        }
        return w;
    }
}
