package dev.toeless.nic.link;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test frames (a numbered Ethernet II frame of a chosen length) and a sink that records arrivals. */
final class Frames {
    static final int ETHERTYPE_EXPERIMENTAL = 0x88B5;
    static final int SEQ_OFFSET = 14;

    private Frames() {
    }

    /** dst 02:00:00:00:00:02, src 02:00:00:00:00:01, ethertype 0x88B5, a 4-byte number, then a byte pattern. */
    static byte[] numbered(int lengthBytes, int number) {
        final byte[] bytes = new byte[lengthBytes];
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        b.putBytes(0, new byte[]{2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
        b.putShort(12, (short) ETHERTYPE_EXPERIMENTAL, ByteOrder.BIG_ENDIAN);
        if (lengthBytes >= SEQ_OFFSET + 4) {
            b.putInt(SEQ_OFFSET, number, ByteOrder.BIG_ENDIAN);
        }
        for (int i = SEQ_OFFSET + 4; i < lengthBytes; i++) {
            bytes[i] = (byte) (i * 31 + number);
        }
        return bytes;
    }

    /** The same frame with an 802.1Q tag (VLAN 7) inserted after the MAC addresses. */
    static byte[] tagged(int lengthBytes) {
        final byte[] bytes = numbered(lengthBytes, 0);
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        b.putShort(12, (short) 0x8100, ByteOrder.BIG_ENDIAN);
        b.putShort(14, (short) 7, ByteOrder.BIG_ENDIAN);
        b.putShort(16, (short) ETHERTYPE_EXPERIMENTAL, ByteOrder.BIG_ENDIAN);
        return bytes;
    }

    static int number(byte[] frame) {
        return new UnsafeBuffer(frame).getInt(SEQ_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** One arrival: when, at which port, which bytes. */
    record Arrival(long timeNs, String port, byte[] bytes) {
        int number() {
            return Frames.number(bytes);
        }

        @Override
        public String toString() {
            return timeNs + " " + port + " " + bytes.length + " " + Integer.toHexString(Arrays.hashCode(bytes));
        }
    }

    /** Records every frame that reaches the ports it is attached to. */
    static final class Recorder {
        final List<Arrival> arrivals = new ArrayList<>();

        FrameSink sinkFor(String port) {
            return (long nowNs, DirectBuffer frame, int offset, int length) -> {
                final byte[] copy = new byte[length];
                frame.getBytes(offset, copy);
                arrivals.add(new Arrival(nowNs, port, copy));
            };
        }

        Recorder attachTo(Link link) {
            link.a().attach(sinkFor("a"));
            link.b().attach(sinkFor("b"));
            return this;
        }

        List<Long> times() {
            return arrivals.stream().map(Arrival::timeNs).toList();
        }

        List<Integer> numbers() {
            return arrivals.stream().map(Arrival::number).toList();
        }
    }
}
