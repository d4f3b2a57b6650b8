package dev.toeless.tso;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import static dev.toeless.tso.Templates.BE;
import static dev.toeless.tso.Templates.ETH;
import static org.assertj.core.api.Assertions.assertThat;

class TsoGroPropertyTest {
    private static final int FIN = 0x01;
    private final TsoFixture fx = new TsoFixture();
    private final List<Integer> pages = fx.pages;
    private final dev.toeless.nic.mem.HostMemory memory = fx.memory;
    private final TsoEngine tso = fx.tso;

    /** GRO in reverse: merging the frames back gives exactly the super-segment. */
    @Property(tries = 200)
    void groMergeRestoresTheSuperSegment(@ForAll @IntRange(min = 0, max = 60_000) int bytes,
                                         @ForAll @IntRange(min = 64, max = 8960) int mss,
                                         @ForAll @IntRange(min = 0, max = 255) int flags,
                                         @ForAll @IntRange(min = 0, max = 10) int optionWords,
                                         @ForAll boolean ipv6,
                                         @ForAll @IntRange(min = 1, max = 4096) int fragBytes,
                                         @ForAll int seq) {
        try {
            final int f = flags & ~0x07 | (flags & FIN); // no SYN/RST on data
            final UnsafeBuffer template = ipv6 ? Templates.ipv6(seq, f, optionWords)
                : Templates.ipv4(seq, f, 4242, optionWords);
            final byte[] payload = TsoFixture.random(bytes, seq);
            final SuperSegment s = fx.superSegment(template, ipv6, mss, payload, fragBytes);
            final List<byte[]> frames = TsoFixture.collect(tso, template, s, TsoResult.OK);
            assertThat(frames).hasSize(s.segmentCount());
            final int headerLength = template.capacity();
            final int l4 = ETH + (ipv6 ? 40 : 20);
            final ByteArrayOutputStream merged = new ByteArrayOutputStream();
            int mergedFlags = 0;
            int expectSeq = seq;
            for (int i = 0; i < frames.size(); i++) {
                final UnsafeBuffer fr = new UnsafeBuffer(frames.get(i));
                assertThat(fr.getInt(l4 + 4, BE)).isEqualTo(expectSeq);
                assertThat(Templates.checksumsVerify(fr, fr.capacity(), ipv6)).isTrue();
                final int len = fr.capacity() - headerLength;
                assertThat(len).isLessThanOrEqualTo(mss);
                expectSeq += len;
                mergedFlags |= fr.getByte(l4 + 13) & 0xFF;
                merged.write(frames.get(i), headerLength, len);
                // everything but lengths, ID, checksums and the edited TCP fields equals the template
                final byte[] h = Arrays.copyOf(frames.get(i), headerLength);
                final byte[] t = new byte[headerLength];
                template.getBytes(0, t);
                for (int at : ipv6 ? new int[]{ETH + 4, ETH + 5} : new int[]{ETH + 2, ETH + 3, ETH + 4, ETH + 5, ETH + 10, ETH + 11}) {
                    h[at] = t[at];
                }
                for (int at : new int[]{l4 + 4, l4 + 5, l4 + 6, l4 + 7, l4 + 13, l4 + 16, l4 + 17}) {
                    h[at] = t[at];
                }
                assertThat(h).isEqualTo(t);
            }
            assertThat(merged.toByteArray()).isEqualTo(payload);
            assertThat(mergedFlags).isEqualTo(f);
        } finally {
            fx.releasePages();
            memory.assertNoLeaks();
        }
    }

}
