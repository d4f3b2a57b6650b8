package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.nic.sim.SimRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reassembly: a stream cut into random overlapping pieces, delivered in random order with
 * duplicates, comes out of {@link TcpConnection#read} byte for byte, with every page released.
 */
class ReassemblyProperties {
    static final int R = TcpScript.REMOTE_ISS + 1;

    @Property(tries = 200)
    void anyOrderAnyOverlapReassemblesExactly(@ForAll long seed) {
        final SimRandom rnd = new SimRandom(seed);
        final HostMemory memory = new HostMemory(2048);
        final CpuTouch touch = new CpuTouch(memory, new TouchLedger());
        final boolean sack = rnd.chance(0.5);
        final TcpScript t = new TcpScript(memory, TcpScript.plain().sack(sack).receiveBufferBytes(65_535).build());
        final int streamBytes = 1 + rnd.nextInt(40_000);
        final byte[] stream = new byte[streamBytes];
        rnd.nextBytes(stream);
        final byte[] got = new byte[streamBytes];
        final int[] read = {0};
        try {
            t.establishActive();
            final int pieces = 1 + rnd.nextInt(60);
            final int[][] cuts = new int[pieces + streamBytes / 1000 + 1][];
            int n = 0;
            for (int off = 0; off < streamBytes; off += 1000) {
                cuts[n++] = new int[] {off, Math.min(1000, streamBytes - off)};
            }
            for (int i = 0; i < pieces; i++) {
                final int off = rnd.nextInt(streamBytes);
                cuts[n++] = new int[] {off, 1 + rnd.nextInt(Math.min(3000, streamBytes - off))};
            }
            for (int i = n - 1; i > 0; i--) {
                final int j = rnd.nextInt(i + 1);
                final int[] tmp = cuts[i];
                cuts[i] = cuts[j];
                cuts[j] = tmp;
            }
            for (int i = 0; i < n; i++) {
                t.conn.onSegment(t.nowNs, piece(memory, touch, stream, cuts[i][0], cuts[i][1]));
                t.drain();
            }
            t.conn.read(t.nowNs, (pfn, off, len) -> {
                touch.copyOut(pfn, off, len, got, read[0]);
                read[0] += len;
                memory.release(pfn);
            }, Long.MAX_VALUE);
            assertThat(read[0]).as("seed " + seed).isEqualTo(streamBytes);
            assertThat(got).as("seed " + seed).isEqualTo(stream);
            assertThat(t.conn.rcvNxt()).isEqualTo(R + streamBytes);
            assertThat(t.conn.outOfOrderBytes()).isZero();
        } finally {
            t.finish();
        }
        assertThat(memory.pagesInUse()).as("pages leaked, seed " + seed).isZero();
    }

    /** A data segment carrying stream bytes [off, off+len), split over pages at random points. */
    private static TcpSegment piece(HostMemory memory, CpuTouch touch, byte[] stream, int off, int len) {
        final TcpSegment s = new TcpSegment().header(R + off, TcpScript.LOCAL_ISS + 1, TcpFlags.ACK, 8192);
        int done = 0;
        while (done < len) {
            final int n = Math.min(len - done, 1 + (off + done) % 1500);
            final int pfn = memory.allocate();
            final int pageOffset = (off + done) % 97;
            touch.copyIn(stream, off + done, n, pfn, pageOffset);
            s.addFragment(pfn, pageOffset, n);
            done += n;
        }
        return s;
    }
}
