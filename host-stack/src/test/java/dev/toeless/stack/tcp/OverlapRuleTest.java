package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.TouchLedger;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Out-of-order segments that overlap with different bytes: the receiver keeps what Linux keeps
 * (tcp_data_queue_ofo, tcp_ofo_queue): the segment that starts first keeps the overlap, one that
 * starts as early and reaches further replaces the queued one.
 */
class OverlapRuleTest {
    private static final int R = TcpScript.REMOTE_ISS + 1;

    private final HostMemory memory = new HostMemory(256);
    private final CpuTouch touch = new CpuTouch(memory, new TouchLedger());

    private TcpSegment piece(char fill, int off, int len) {
        final byte[] bytes = new byte[len];
        Arrays.fill(bytes, (byte) fill);
        final TcpSegment s = new TcpSegment().header(R + off, TcpScript.LOCAL_ISS + 1, TcpFlags.ACK, 8192);
        final int pfn = memory.allocate();
        touch.copyIn(bytes, 0, len, pfn, 0);
        s.addFragment(pfn, 0, len);
        return s;
    }

    private String receive(TcpSegment... segments) {
        final TcpScript t = new TcpScript(memory, TcpScript.plain().receiveBufferBytes(65_535).build());
        final StringBuilder got = new StringBuilder();
        try {
            t.establishActive();
            for (TcpSegment s : segments) {
                t.conn.onSegment(t.nowNs, s);
                t.drain();
            }
            t.conn.read(t.nowNs, (pfn, off, len) -> {
                final byte[] b = new byte[len];
                touch.copyOut(pfn, off, len, b, 0);
                got.append(new String(b, StandardCharsets.US_ASCII));
                memory.release(pfn);
            }, Long.MAX_VALUE);
        } finally {
            t.finish();
        }
        assertThat(memory.pagesInUse()).isZero();
        return got.toString();
    }

    @Test
    void aSegmentThatStartsFirstKeepsTheOverlapWithOneQueuedAfterIt() {
        assertThat(receive(piece('x', 20, 20), piece('y', 10, 20), piece('0', 0, 10)))
            .isEqualTo("0".repeat(10) + "y".repeat(20) + "x".repeat(10));
    }

    @Test
    void aQueuedSegmentThatStartsFirstKeepsTheOverlap() {
        assertThat(receive(piece('x', 10, 20), piece('y', 20, 20), piece('0', 0, 10)))
            .isEqualTo("0".repeat(10) + "x".repeat(20) + "y".repeat(10));
    }

    @Test
    void aSegmentStartingAsEarlyAndReachingFurtherReplacesTheQueuedOne() {
        assertThat(receive(piece('x', 10, 5), piece('y', 10, 10), piece('0', 0, 10)))
            .isEqualTo("0".repeat(10) + "y".repeat(10));
    }

    @Test
    void inOrderTheFirstBytesReceivedStay() {
        assertThat(receive(piece('x', 0, 10), piece('y', 5, 10))).isEqualTo("x".repeat(10) + "y".repeat(5));
    }
}
