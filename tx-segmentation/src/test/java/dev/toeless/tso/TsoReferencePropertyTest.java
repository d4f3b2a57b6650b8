package dev.toeless.tso;

import dev.toeless.nic.csum.InternetChecksum;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

import static dev.toeless.tso.Templates.BE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's frames (checksums from per-super-segment constant sums plus per-segment fields) are
 * byte for byte the frames of the plain algorithm: copy the template, apply
 * {@link HeaderTemplate#edit}, append the payload, and sum the whole TCP segment with its
 * pseudo-header.
 */
class TsoReferencePropertyTest {
    private final TsoFixture fx = new TsoFixture();

    @Property(tries = 300)
    void framesEqualTheFullRecompute(@ForAll @IntRange(min = 0, max = 60_000) int bytes,
                                     @ForAll @IntRange(min = 1, max = 8960) int mss,
                                     @ForAll @IntRange(min = 0, max = 255) int flags,
                                     @ForAll @IntRange(min = 0, max = 10) int optionWords,
                                     @ForAll boolean ipv6,
                                     @ForAll boolean fixedIpId,
                                     @ForAll @IntRange(min = 0, max = 0xFFFF) int ipId,
                                     @ForAll @IntRange(min = 1, max = 4096) int fragBytes,
                                     @ForAll int seq,
                                     @ForAll short staleChecksums) {
        try {
            final UnsafeBuffer template = ipv6 ? Templates.ipv6(seq, flags, optionWords)
                : Templates.ipv4(seq, flags, ipId, optionWords);
            final int l3 = Templates.ETH;
            final int l4 = l3 + (ipv6 ? 40 : 20);
            // whatever the stack left in the checksum fields (e.g. a CHECKSUM_PARTIAL seed) is replaced
            template.putShort(l4 + 16, staleChecksums, BE);
            if (!ipv6) {
                template.putShort(l3 + 10, (short) ~staleChecksums, BE);
            }
            final byte[] payload = TsoFixture.random(bytes, seq ^ mss);
            final SuperSegment s = fx.superSegment(template, ipv6, mss, payload, fragBytes).fixedIpId(fixedIpId);
            final List<byte[]> frames = TsoFixture.collect(fx.tso, template, s, TsoResult.OK);
            final List<byte[]> expected = reference(template, s, payload);
            assertThat(frames).hasSameSizeAs(expected);
            for (int i = 0; i < frames.size(); i++) {
                assertThat(frames.get(i)).as("segment " + i).isEqualTo(expected.get(i));
            }
        } finally {
            fx.releasePages();
        }
    }

    private static List<byte[]> reference(UnsafeBuffer template, SuperSegment s, byte[] payload) {
        final int headerLength = s.headerLength();
        final int l4 = s.l4Offset();
        final int count = s.segmentCount();
        final List<byte[]> out = new ArrayList<>();
        long done = 0;
        for (int i = 0; i < count; i++) {
            final int n = (int) Math.min(s.gsoSizeBytes(), payload.length - done);
            final UnsafeBuffer f = new UnsafeBuffer(new byte[headerLength + n]);
            f.putBytes(0, template, 0, headerLength);
            HeaderTemplate.edit(f, s, i, count, done, n);
            f.putBytes(headerLength, payload, (int) done, n);
            final int tcpLength = headerLength - l4 + n;
            f.putShort(l4 + 16, (short) 0);
            long sum = HeaderTemplate.pseudoHeader(f, s, tcpLength);
            sum = InternetChecksum.sum(f.byteArray(), l4, tcpLength, sum);
            f.putShort(l4 + 16, (short) InternetChecksum.finish(sum), BE);
            out.add(f.byteArray());
            done += n;
        }
        return out;
    }
}
