package dev.toeless.tso;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.DmaEngine;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.pcap.PcapWriter;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.nic.testing.Tshark;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.toeless.tso.Templates.BE;
import static dev.toeless.tso.Templates.ETH;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(PageLeakCheck.class)
class TsoEngineTest {
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private static final int FIN = 0x01;
    private static final int CWR = 0x80;
    private static final int ECE = 0x40;

    private final TsoFixture fx = new TsoFixture();
    private final HostMemory memory = fx.memory;
    private final DmaEngine dma = fx.dma;
    private final TsoEngine tso = fx.tso;
    private final List<Integer> pages = fx.pages;

    @AfterEach
    void releasePages() {
        fx.releasePages();
    }

    private SuperSegment superSegment(DirectBuffer template, boolean ipv6, int mss, byte[] payload, int fragBytes) {
        return fx.superSegment(template, ipv6, mss, payload, fragBytes);
    }

    private static List<byte[]> collect(TsoEngine engine, DirectBuffer template, SuperSegment s, TsoResult expect) {
        return TsoFixture.collect(engine, template, s, expect);
    }

    @Test
    void aSuperSegmentBecomesMssSizedFramesWithLinuxHeaderRules() {
        final byte[] payload = random(10_000, 1);
        final UnsafeBuffer template = Templates.ipv4(1_000_000, ACK | PSH | FIN | CWR | ECE, 0x1234, 3);
        final SuperSegment s = superSegment(template, false, 1448, payload, 3000);
        final List<byte[]> frames = collect(tso, template, s, TsoResult.OK);

        assertThat(frames).hasSize(7);
        final int l4 = ETH + 20;
        final int headerLength = template.capacity();
        final ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < frames.size(); i++) {
            final UnsafeBuffer f = new UnsafeBuffer(frames.get(i));
            final int bytes = i < 6 ? 1448 : 10_000 - 6 * 1448;
            assertThat(f.capacity()).isEqualTo(headerLength + bytes);
            assertThat(f.getShort(ETH + 2, BE) & 0xFFFF).as("total length").isEqualTo(headerLength - ETH + bytes);
            assertThat(f.getShort(ETH + 4, BE) & 0xFFFF).as("IPv4 ID").isEqualTo(0x1234 + i);
            assertThat(f.getInt(l4 + 4, BE)).as("sequence").isEqualTo(1_000_000 + i * 1448);
            final int flags = f.getByte(l4 + 13) & 0xFF;
            assertThat(flags & CWR).as("CWR on the first only").isEqualTo(i == 0 ? CWR : 0);
            assertThat(flags & (FIN | PSH)).as("FIN, PSH on the last only").isEqualTo(i == 6 ? FIN | PSH : 0);
            assertThat(flags & (ACK | ECE)).as("ACK, ECE on all").isEqualTo(ACK | ECE);
            assertThat(f.getInt(l4 + 20, BE)).as("options copied").isEqualTo(0x0101080A);
            assertThat(Templates.checksumsVerify(f, f.capacity(), false)).isTrue();
            joined.write(frames.get(i), headerLength, bytes);
        }
        assertThat(joined.toByteArray()).isEqualTo(payload);
        assertThat(tso.segments()).isEqualTo(7);
        assertThat(dma.bytesFromHost()).isEqualTo(10_000);
    }

    @Test
    void ipv6LengthsAndChecksums() {
        final byte[] payload = random(5000, 2);
        final UnsafeBuffer template = Templates.ipv6(-100, ACK | PSH, 3);
        final SuperSegment s = superSegment(template, true, 1428, payload, 4096);
        final List<byte[]> frames = collect(tso, template, s, TsoResult.OK);
        assertThat(frames).hasSize(4);
        for (int i = 0; i < 4; i++) {
            final UnsafeBuffer f = new UnsafeBuffer(frames.get(i));
            final int bytes = i < 3 ? 1428 : 5000 - 3 * 1428;
            assertThat(f.getShort(ETH + 4, BE) & 0xFFFF).isEqualTo(32 + bytes);
            assertThat(f.getInt(ETH + 40 + 4, BE)).as("sequence wraps").isEqualTo(-100 + i * 1428);
            assertThat(Templates.checksumsVerify(f, f.capacity(), true)).isTrue();
        }
    }

    @Test
    void fixedIdKeepsTheTemplateId() {
        final UnsafeBuffer template = Templates.ipv4(1, ACK, 77, 0);
        final SuperSegment s = superSegment(template, false, 1000, random(3000, 3), 3000).fixedIpId(true);
        for (byte[] frame : collect(tso, template, s, TsoResult.OK)) {
            assertThat(new UnsafeBuffer(frame).getShort(ETH + 4, BE)).isEqualTo((short) 77);
        }
    }

    @Test
    void badDescriptorsAreErrorCompletionsWithNoFrame() {
        final UnsafeBuffer template = Templates.ipv4(1, ACK, 1, 0);
        final SuperSegment outside = new SuperSegment().set(ETH, ETH + 20, template.capacity(), false, 1448);
        outside.payload().add(63, 0, 4096);
        outside.payload().add(63, 4000, 96);
        // pfn 64 does not exist in a 64-page memory: the DMA address is outside host memory
        outside.payload().add(63, 0, 100);
        final SuperSegment beyond = new SuperSegment().set(ETH, ETH + 20, template.capacity(), false, 1448);
        beyond.payload().add(memory.pageCount() + 5, 0, 100);
        assertThat(collect(tso, template, beyond, TsoResult.DMA_ERROR)).isEmpty();

        final SuperSegment huge = superSegment(template, false, 1448, new byte[0], 1);
        for (int i = 0; i < 17; i++) {
            huge.payload().add(0, 0, 4096); // 68 KiB: more than GSO's 64 KiB
        }
        assertThat(collect(tso, template, huge, TsoResult.TOO_LARGE)).isEmpty();

        final SuperSegment badOffsets = new SuperSegment().set(ETH, ETH + 12, template.capacity(), false, 1448);
        assertThat(collect(tso, template, badOffsets, TsoResult.BAD_HEADER)).isEmpty();

        final UnsafeBuffer udp = Templates.ipv4(1, ACK, 1, 0);
        udp.putByte(ETH + 9, (byte) 17);
        final SuperSegment notTcp = new SuperSegment().set(ETH, ETH + 20, udp.capacity(), false, 1448);
        assertThat(collect(tso, udp, notTcp, TsoResult.NOT_TCP)).isEmpty();

        final SuperSegment jumboMss = superSegment(template, false, 9600, random(9600, 4), 4096);
        assertThat(collect(tso, template, jumboMss, TsoResult.FRAME_TOO_LARGE)).isEmpty();
        assertThat(tso.errors()).isEqualTo(5);
    }

    @Test
    void softwareGsoMakesTheSameFramesAndCountsItsChecksumPass() {
        final TouchLedger ledger = new TouchLedger();
        final SoftwareGso gso = new SoftwareGso(new CpuTouch(memory, ledger));
        final byte[] payload = random(9000, 5);
        final UnsafeBuffer template = Templates.ipv4(555, ACK | PSH, 9, 3);
        final SuperSegment s = superSegment(template, false, 1448, payload, 1000);
        final List<byte[]> hw = collect(tso, template, s, TsoResult.OK);
        final List<byte[]> sw = new ArrayList<>();
        final CpuTouch reader = new CpuTouch(memory, new TouchLedger());
        assertThat(gso.segment(template, s, (header, headerLength, frags) -> {
            final byte[] frame = new byte[headerLength + (int) frags.totalBytes()];
            header.getBytes(0, frame, 0, headerLength);
            int at = headerLength;
            for (int i = 0; i < frags.count(); i++) {
                reader.copyOut(frags.pfn(i), frags.offset(i), frags.length(i), frame, at);
                at += frags.length(i);
            }
            sw.add(frame);
        })).isEqualTo(TsoResult.OK);
        assertThat(sw).hasSameSizeAs(hw);
        for (int i = 0; i < hw.size(); i++) {
            assertThat(sw.get(i)).as("segment " + i).isEqualTo(hw.get(i));
        }
        assertThat(ledger.checksummedBytes()).isEqualTo(9000);
        assertThat(ledger.copiedBytes()).isZero();
    }

    @Test
    void tsharkAcceptsTheTsoOutput(@TempDir Path dir) throws Exception {
        Tshark.assumeInstalled();
        final Path pcap = dir.resolve("tso.pcap");
        int frames = 0;
        try (PcapWriter w = PcapWriter.create(pcap)) {
            final long[] t = {0};
            for (int round = 0; round < 6; round++) {
                final boolean v6 = round % 2 == 1;
                final UnsafeBuffer template = v6 ? Templates.ipv6(round * 70_000, ACK | PSH, 3)
                    : Templates.ipv4(round * 70_000, ACK | PSH, round * 100, 3);
                final SuperSegment s = superSegment(template, v6, 1448 - (v6 ? 20 : 0),
                    random(20_000 + round * 7000, round), 2500);
                frames += s.segmentCount();
                tso.segment(template, s, (f, off, len) -> {
                    try {
                        w.write(t[0] += 1000, f, off, len);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                pages.forEach(memory::release);
                pages.clear();
            }
        }
        final Tshark.Verdict v = Tshark.check(pcap);
        assertThat(v.frames()).isEqualTo(frames);
        assertThat(v.malformedOrBadChecksum()).isZero();
        assertThat(v.tcpChecksumsGood()).isEqualTo(frames);
    }

    private static byte[] random(int n, long seed) {
        return TsoFixture.random(n, seed);
    }
}
