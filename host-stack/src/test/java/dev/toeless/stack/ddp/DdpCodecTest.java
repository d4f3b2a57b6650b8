package dev.toeless.stack.ddp;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The MPA, DDP and RDMAP layouts against fixed bytes: build, parse, and what a bad one gives. */
class DdpCodecTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void aTaggedWriteHeaderIsFourteenBytes() {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[DdpHeader.TAGGED_BYTES]);
        assertThat(new TaggedSegment(true, RdmapOpcode.WRITE, 0x0001_2345, 0x7F00_0000_1000L).emit(b, 0)).isEqualTo(14);
        // T=1 L=1 DV=1 | RV=1 opcode 0 | STag | TO
        assertThat(b.byteArray()).isEqualTo(hex("c1 40 00012345 00007f0000001000"));
        assertThat(TaggedSegment.parse(new DdpHeader().wrap(b, 0)))
            .isEqualTo(new TaggedSegment(true, RdmapOpcode.WRITE, 0x0001_2345, 0x7F00_0000_1000L));
    }

    @Test
    void anUntaggedSendHeaderIsEighteenBytes() {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[DdpHeader.UNTAGGED_BYTES]);
        new UntaggedSegment(false, RdmapOpcode.SEND, 0, DdpHeader.QN_SEND, 7, 4096).emit(b, 0);
        assertThat(b.byteArray()).isEqualTo(hex("01 43 00000000 00000000 00000007 00001000"));
        final DdpHeader h = new DdpHeader().wrap(b, 0);
        assertThat(h.tagged()).isFalse();
        assertThat(h.headerBytes()).isEqualTo(18);
        assertThat(UntaggedSegment.parse(h)).isEqualTo(new UntaggedSegment(false, RdmapOpcode.SEND, 0, 0, 7, 4096));
        assertThat(TaggedSegment.parse(h)).as("not tagged").isNull();
    }

    @Test
    void otherVersionsAndReservedOpcodesDoNotParse() {
        assertThat(TaggedSegment.parse(new DdpHeader().wrap(new UnsafeBuffer(hex("c2 40 00000000 0000000000000000")), 0)))
            .as("DDP version 2").isNull();
        assertThat(TaggedSegment.parse(new DdpHeader().wrap(new UnsafeBuffer(hex("c1 80 00000000 0000000000000000")), 0)))
            .as("RDMAP version 2").isNull();
        assertThat(TaggedSegment.parse(new DdpHeader().wrap(new UnsafeBuffer(hex("c1 4f 00000000 0000000000000000")), 0)))
            .as("opcode 15 is reserved").isNull();
    }

    @Test
    void mpaPadsLengthUlpduAndPadToFourBytes() {
        assertThat(MpaFraming.padBytes(14)).isEqualTo(0);
        assertThat(MpaFraming.padBytes(15)).isEqualTo(3);
        assertThat(MpaFraming.padBytes(16)).isEqualTo(2);
        assertThat(MpaFraming.padBytes(17)).isEqualTo(1);
        assertThat(MpaFraming.fpduBytes(14 + 4096)).isEqualTo(2 + 4110 + 0 + 4);
        for (int n = 0; n < 64; n++) {
            assertThat(MpaFraming.fpduBytes(n) % 4).isZero();
        }
    }

    @Test
    void startFramesAgainstTheirBytes() {
        final byte[] request = RawMpa.startFrame(MpaStartFrame.request());
        assertThat(request).isEqualTo(hex("4d504120494420526571204672616d65 40 01 0000"));
        assertThat(MpaStartFrame.parse(new UnsafeBuffer(request), 0, request.length)).isEqualTo(MpaStartFrame.request());
        final byte[] reject = RawMpa.startFrame(MpaStartFrame.reply(true));
        assertThat(reject).isEqualTo(hex("4d504120494420526570204672616d65 60 01 0000"));
        final byte[] withData = hex("4d504120494420526571204672616d65 c0 01 0003 616263");
        assertThat(MpaStartFrame.parse(new UnsafeBuffer(withData), 0, withData.length))
            .isEqualTo(new MpaStartFrame(false, true, true, false, 1, "abc".getBytes()));
        assertThat(MpaStartFrame.parse(new UnsafeBuffer(withData), 0, withData.length - 1)).as("truncated").isNull();
        final byte[] badKey = hex("4d504120494420526571204672616d66 40 01 0000");
        assertThat(MpaStartFrame.parse(new UnsafeBuffer(badKey), 0, badKey.length)).as("unknown key").isNull();
    }

    @Test
    void terminateControlAgainstItsBytes() {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4]);
        TerminateControl.of(TerminateCause.BASE_OR_BOUNDS, true).emit(b, 0);
        assertThat(b.byteArray()).isEqualTo(hex("01 01 40 00"));
        TerminateControl.of(TerminateCause.MPA_CRC, false).emit(b, 0);
        assertThat(b.byteArray()).isEqualTo(hex("20 02 00 00"));
        assertThat(TerminateControl.parse(b, 0).cause()).isEqualTo(TerminateCause.MPA_CRC);
        TerminateControl.of(TerminateCause.NO_BUFFER, true).emit(b, 0);
        assertThat(b.byteArray()).isEqualTo(hex("12 02 40 00"));
    }
}
