package dev.toeless.vfs.sink;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.vfs.testing.SinkFixture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any fragmentation of a stream, in any page placement, mildly reordered and duplicated, yields
 * the exact file, with flip/copy accounting that adds up and no page left behind. A failure
 * prints its parameters; replay one with {@code @Property(seed = "...")} as jqwik reports, or by
 * the {@code seed} parameter, which drives every random choice.
 */
class RandomFragmentationProperties {
    private static final int PAGE = HostMemory.PAGE_SIZE;

    /** One fragment as the NIC delivers it. */
    private record Frag(long streamOffset, int pfn, int pageOffset, int length) {
    }

    @Property(tries = 150)
    void theFileIsAlwaysExactAndTheAccountingAddsUp(@ForAll long seed,
                                                    @ForAll @IntRange(min = 0, max = 90_000) int fileLength,
                                                    @ForAll @IntRange(min = 0, max = 6000) int fileStart,
                                                    @ForAll boolean lengthKnownAhead,
                                                    @ForAll @IntRange(min = 0, max = 30) int reorderPercent) throws IOException {
        final Path dir = Files.createTempDirectory("vfs-prop");
        final Fixture fx = new Fixture();
        try {
            final SimRandom random = new SimRandom(seed);
            final byte[] stream = randomStream(seed, fileStart + fileLength);
            SinkConfig config = SinkConfig.of(dir.resolve("f.bin")).withFileStart(fileStart).withDirtyLimitPages(64);
            if (lengthKnownAhead) {
                config = config.withLength(fileLength);
            }
            final FileSink sink = fx.newSink(config);
            final List<Frag> frags = fx.fragment(stream, fileStart, random);
            deliverOrder(frags, random, reorderPercent);
            for (Frag f : frags) {
                sink.accept(f.streamOffset(), f.pfn(), f.pageOffset(), f.length());
                fx.runDisk();
            }
            sink.finish(stream.length);
            fx.runDisk();

            final String replay = "seed=" + seed + " fileLength=" + fileLength + " fileStart=" + fileStart;
            assertThat(sink.result()).as(replay).isInstanceOf(SinkResult.Completed.class);
            assertThat(Files.readAllBytes(dir.resolve("f.bin"))).as(replay)
                .isEqualTo(java.util.Arrays.copyOfRange(stream, fileStart, stream.length));
            final long pages = (fileLength + PAGE - 1) / PAGE;
            assertThat(sink.stats().pagesFlipped() + sink.stats().pagesCopied()).as(replay).isEqualTo(pages);
            assertThat(fx.ledgerCopied()).as(replay).isEqualTo(sink.stats().bytesCopied());
            assertThat(sink.stats().bytesCopied()).as(replay).isLessThanOrEqualTo(fileLength);
            if (sink.stats().pagesCopied() == 0) {
                assertThat(sink.stats().bytesCopied()).as(replay).isZero();
            }
            assertThat(sink.stats().bytesWritten()).as(replay).isEqualTo(fileLength);
            fx.assertNoLeaks();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static byte[] randomStream(long seed, int length) {
        final byte[] out = new byte[length];
        new java.util.SplittableRandom(seed ^ 0x5EEDL).nextBytes(out);
        return out;
    }

    /** Swaps some neighbours and repeats some fragments (each repeat with its own page reference). */
    private static void deliverOrder(List<Frag> frags, SimRandom random, int reorderPercent) {
        for (int i = 0; i + 1 < frags.size(); i++) {
            if (random.nextInt(100) < reorderPercent) {
                Collections.swap(frags, i, i + 1);
                i++;
            }
        }
    }

    /** The test's NIC, memory and disk. */
    private static final class Fixture extends SinkFixture {
        Fixture() {
            super(8192);
        }

        FileSink newSink(SinkConfig config) {
            return sink(config);
        }

        void runDisk() {
            drain();
        }

        long ledgerCopied() {
            return ledger.copiedBytes();
        }

        void assertNoLeaks() {
            memory.assertNoLeaks();
        }

        /**
         * Cuts the stream into fragments of random length. Each goes either into a fresh page at
         * the file-aligned offset (as an alignment hint places it), at a random offset, or on into
         * the page of the previous fragment when it continues it (as the accumulator appends).
         */
        List<Frag> fragment(byte[] stream, int fileStart, SimRandom random) {
            final List<Frag> out = new ArrayList<>();
            int pfn = HostMemory.NO_PAGE;
            int pageEnd = PAGE;
            long s = 0;
            while (s < stream.length) {
                final int aligned = Math.floorMod(s - fileStart, PAGE);
                final boolean append = pfn != HostMemory.NO_PAGE && pageEnd < PAGE && random.nextInt(100) < 80;
                final int offset;
                if (append) {
                    offset = pageEnd;
                    memory.retain(pfn);
                } else {
                    pfn = rxPool.allocate();
                    offset = random.nextInt(100) < 75 ? aligned : random.nextInt(PAGE);
                }
                final int want = random.nextInt(100) < 30 ? PAGE : 1 + random.nextInt(3000);
                final int len = (int) Math.min(Math.min(want, PAGE - offset), stream.length - s);
                dmaInto(pfn, stream, (int) s, offset, len);
                out.add(new Frag(s, pfn, offset, len));
                if (random.nextInt(100) < 5) {
                    memory.retain(pfn);
                    out.add(new Frag(s, pfn, offset, len)); // a duplicate delivery
                }
                pageEnd = offset + len;
                s += len;
                if (offset != Math.floorMod(s - len - fileStart, PAGE)) {
                    pageEnd = PAGE; // only aligned pages are appended to
                }
            }
            out.sort(Comparator.comparingLong(Frag::streamOffset)); // duplicates stay next to their original
            return out;
        }
    }
}
