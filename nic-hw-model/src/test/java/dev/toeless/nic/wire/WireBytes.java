package dev.toeless.nic.wire;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.HexFormat;

/** Fixed frames for codec tests: real Linux frames from the shared captures, and hand-built ones. */
final class WireBytes {
    /** v4-plain.pcap frame 1: SYN 10.77.1.1:37336 > 10.77.0.2:6000, MSS 1460, SACK-perm, TS, NOP, WS 10. */
    static final String V4_SYN = "9a9c9f9d3019d228542c4a8f08004500003c086340003f061dbd0a4d01010a4d000291d8177007f1cdd5"
        + "00000000a002faf0a8ab0000020405b40402080a282ae78a000000000103030a";
    /** v6-loss.pcap frame 1: SYN [fd77:1::1]:37954 > [fd77::2]:6000, MSS 1440, SACK-perm, TS, NOP, WS 10. */
    static final String V6_SYN = "162949143e9ace0fac5c4aac86dd600e9a680028063ffd770001000000000000000000000001fd7700000000"
        + "0000000000000000000294421770ca5fdd5900000000a002fd204a240000020405a00402080a8920294c000000000103030a";

    private WireBytes() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static UnsafeBuffer buffer(String s) {
        return new UnsafeBuffer(hex(s));
    }

    static String hexOf(UnsafeBuffer b, int offset, int length) {
        final byte[] out = new byte[length];
        b.getBytes(offset, out);
        return HexFormat.of().formatHex(out);
    }
}
