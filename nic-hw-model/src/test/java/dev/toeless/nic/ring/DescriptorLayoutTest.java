package dev.toeless.nic.ring;

import dev.toeless.nic.mem.FragList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The descriptor layouts against fixed bytes: what the diagrams promise, byte for byte. */
class DescriptorLayoutTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void rxCompletionBytes() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[RxCompletionDescriptor.LENGTH]);
        final RxCompletionDescriptor c = new RxCompletionDescriptor().wrap(buf, 0).clear()
            .headerBufferIndex(0x0102).headerLength(54).checksumStatus(ChecksumStatus.GOOD).hashType(2)
            .flags(RxCompletionDescriptor.FLAG_SPLIT | RxCompletionDescriptor.FLAG_ACCUMULATED)
            .rssHash(0x51ccc178).vlanTci(0x0064);
        assertThat(c.addFrag(0x00ABCDEF, 3000, 1096, true)).isTrue();
        assertThat(c.addFrag(0x00ABCDF0, 0, 352, false)).isTrue();

        assertThat(buf.byteArray()).isEqualTo(hex(
            "0201 3600 02 01 02 05" + "78c1cc51" + "01 00 6400"
                + "efcdab00 b80b 4804" + "f0cdab00 0000 6001"
                + "0000000000000000".repeat(4)));
        assertThat(c.fragCount()).isEqualTo(2);
        assertThat(c.fragPfn(0)).isEqualTo(0x00ABCDEF);
        assertThat(c.fragOffset(0)).isEqualTo(3000);
        assertThat(c.fragLength(1)).isEqualTo(352);
        assertThat(c.fragPageClosed(0)).isTrue();
        assertThat(c.fragPageClosed(1)).isFalse();
        assertThat(c.payloadLength()).isEqualTo(1448);
        assertThat(c.checksumStatus()).isEqualTo(ChecksumStatus.GOOD);
    }

    @Test
    void rxCompletionWrittenAtOnceHasTheSettersBytes() {
        final byte[] garbage = new byte[RxCompletionDescriptor.LENGTH];
        java.util.Arrays.fill(garbage, (byte) 0x5A);
        for (int n = 0; n <= RxCompletionDescriptor.MAX_FRAGS + 1; n++) {
            final FragList frags = new FragList();
            for (int i = 0; i < n; i++) {
                frags.add(0x00ABCD00 + i, 100 * i, 4096 - 100 * i, i % 2 == 0 ? FragList.FLAG_PAGE_CLOSED : 0);
            }
            final UnsafeBuffer bySetters = new UnsafeBuffer(garbage.clone());
            final RxCompletionDescriptor c = new RxCompletionDescriptor().wrap(bySetters, 0).clear()
                .headerBufferIndex(0xFFFF).headerLength(54).checksumStatus(ChecksumStatus.BAD).hashType(4)
                .rssHash(0x91ccc178).flags(RxCompletionDescriptor.FLAG_SPLIT | RxCompletionDescriptor.FLAG_ERROR);
            for (int i = 0; i < n; i++) {
                c.addFrag(frags.pfn(i), frags.offset(i), frags.length(i), frags.pageClosed(i));
            }
            final UnsafeBuffer atOnce = new UnsafeBuffer(garbage.clone());
            new RxCompletionDescriptor().wrap(atOnce, 0).write(0xFFFF, 54, ChecksumStatus.BAD, 4, 0x91ccc178,
                RxCompletionDescriptor.FLAG_SPLIT | RxCompletionDescriptor.FLAG_ERROR, frags);
            assertThat(atOnce.byteArray()).as("%d fragments", n).isEqualTo(bySetters.byteArray());
        }
    }

    @Test
    void rxCompletionTakesAtMostSixFragments() {
        final RxCompletionDescriptor c = new RxCompletionDescriptor()
            .wrap(new UnsafeBuffer(new byte[RxCompletionDescriptor.LENGTH]), 0).clear();
        for (int i = 0; i < RxCompletionDescriptor.MAX_FRAGS; i++) {
            assertThat(c.addFrag(i, 0, 100, false)).isTrue();
        }
        assertThat(c.addFrag(7, 0, 100, false)).isFalse();
        assertThat(c.fragCount()).isEqualTo(6);
        assertThat(RxCompletionDescriptor.LENGTH).isEqualTo(64);
    }

    @Test
    void anUnknownChecksumCodeReadsAsNotChecked() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[RxCompletionDescriptor.LENGTH]);
        buf.putByte(RxCompletionDescriptor.CSUM_STATUS_OFFSET, (byte) 0xEE);
        assertThat(new RxCompletionDescriptor().wrap(buf, 0).checksumStatus()).isEqualTo(ChecksumStatus.NONE);
    }

    @Test
    void txDescriptorBytes() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[TxDescriptor.LENGTH]);
        final TxDescriptor d = new TxDescriptor().wrap(buf, 0).clear()
            .headerAddress(0x0000_0001_2345_6000L).headerLength(66)
            .flags(TxDescriptor.FLAG_CSUM_PARTIAL | TxDescriptor.FLAG_TSO)
            .csumStart(34).csumOffset(16).gsoSize(1448).gsoType(GsoType.TCPV4).cookie(0x0BADF00D);
        d.addFrag(7, 0, 4096);
        d.addFrag(8, 0, 1000);

        final byte[] expected = new byte[TxDescriptor.LENGTH];
        System.arraycopy(hex("0060452301000000 4200 02 03 2200 1000 a805 01 00 0df0ad0b 0000000000000000"
            + "07000000 0000 0010" + "08000000 0000 e803"), 0, expected, 0, 48);
        assertThat(buf.byteArray()).isEqualTo(expected);
        assertThat(d.payloadLength()).isEqualTo(5096);
        assertThat(GsoType.ofCode(d.gsoTypeCode())).isEqualTo(GsoType.TCPV4);
        assertThat(GsoType.ofCode(9)).isNull();
        assertThat(TxDescriptor.LENGTH).isEqualTo(168);
    }

    @Test
    void txDescriptorTakesSeventeenFragments() {
        final TxDescriptor d = new TxDescriptor().wrap(new UnsafeBuffer(new byte[TxDescriptor.LENGTH]), 0).clear();
        for (int i = 0; i < TxDescriptor.MAX_FRAGS; i++) {
            assertThat(d.addFrag(i, 0, 4096)).isTrue();
        }
        assertThat(d.addFrag(99, 0, 1)).isFalse();
        assertThat(d.payloadLength()).isEqualTo(17L * 4096);
    }

    @Test
    void headerPageAndTxCompletionBytes() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[16]);
        new RxHeaderBufferDescriptor().wrap(buf, 0).address(0x1122_3344_5566_7788L).lengthBytes(256).bufferId(5);
        assertThat(buf.byteArray()).isEqualTo(hex("8877665544332211 00010000 05000000"));

        new RxPageDescriptor().wrap(buf, 0).address(0x0000_0000_0040_0000L).pfn(0x400);
        assertThat(buf.byteArray()).isEqualTo(hex("0000400000000000 00040000 00000000"));

        final TxCompletionDescriptor tc = new TxCompletionDescriptor().wrap(buf, 0)
            .cookie(0x0BADF00D).status(TxCompletionDescriptor.STATUS_OK).segments(45).bytes(66_000L);
        assertThat(buf.byteArray()).isEqualTo(hex("0df0ad0b 0000 2d00 d0010100 00000000"));
        assertThat(tc.bytes()).isEqualTo(66_000L);
    }
}
