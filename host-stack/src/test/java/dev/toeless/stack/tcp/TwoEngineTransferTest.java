package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import dev.toeless.stack.tcp.cc.CongestionControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Two engines moving known data both ways through a lossy, reordering pipe. */
@ExtendWith(PageLeakCheck.class)
class TwoEngineTransferTest {
    static final long SECOND = 1_000_000_000L;

    HostMemory memory = new HostMemory(16 * 1024);

    static TcpConfig.Builder config() {
        return TcpConfig.builder().receiveBufferBytes(128 * 1024).sendBufferBytes(128 * 1024)
            .congestionControl(() -> new FixedWindow(64 * 1024));
    }

    private TwoEngines transfer(long seed, double loss, long jitterNs, TcpConfig ca, TcpConfig cb, long bytes) {
        final TwoEngines e = new TwoEngines(memory, seed, ca, cb);
        e.lossRate = loss;
        e.jitterNs = jitterNs;
        final String replay = " (seed " + seed + ", loss " + loss + "; replay with this seed)";
        try {
            final boolean finished = e.run(bytes, bytes / 2, 0x7000_0000 + (int) seed, (int) (seed * 77), 3600 * SECOND);
            assertThat(e.a.corruption).as("corruption" + replay).isNull();
            assertThat(e.b.corruption).as("corruption" + replay).isNull();
            assertThat(finished).as("transfer finished" + replay + " a=" + e.a.conn + " b=" + e.b.conn
                + " a.rx=" + e.a.received + " b.rx=" + e.b.received).isTrue();
        } finally {
            e.finish();
        }
        assertThat(memory.pagesInUse()).as("pages back" + replay).isZero();
        return e;
    }

    @Test
    void cleanPipeMovesDataBothWays() {
        final TwoEngines e = transfer(1, 0, 0, config().build(), config().build(), 4L << 20);
        assertThat(e.b.received).isEqualTo(4L << 20);
        assertThat(e.a.received).isEqualTo(2L << 20);
        assertThat(e.a.conn.counters().retransmittedSegments()).isZero();
        assertThat(e.b.conn.counters().fastPathData()).isPositive();
        assertThat(e.a.conn.counters().fastPathData()).isPositive();
    }

    @Test
    void emptyExchangeClosesSimultaneouslyIntoTimeWait() {
        final TwoEngines e = new TwoEngines(memory, 5, config().build(), config().build());
        try {
            assertThat(e.run(0, 0, 100, 200, 3600 * SECOND)).isTrue();
            e.sched.runUntil(e.sched.nowNs() + SECOND);
            assertThat(e.a.conn.state()).isIn(TcpState.TIME_WAIT, TcpState.CLOSED);
            assertThat(e.b.conn.state()).isIn(TcpState.TIME_WAIT, TcpState.CLOSED);
            e.sched.runUntil(e.sched.nowNs() + 61 * SECOND);
            assertThat(e.a.conn.state()).isEqualTo(TcpState.CLOSED);
            assertThat(e.b.conn.state()).isEqualTo(TcpState.CLOSED);
            assertThat(e.a.conn.closeReason()).isEqualTo(CloseReason.NORMAL);
            assertThat(e.b.conn.closeReason()).isEqualTo(CloseReason.NORMAL);
        } finally {
            e.finish();
        }
    }

    @Test
    void oneWayBulkTakesTheFastPaths() {
        final TwoEngines e = new TwoEngines(memory, 99, config().build(), config().build());
        try {
            assertThat(e.run(8L << 20, 0, 1, 2, 3600 * SECOND)).isTrue();
            final TcpCounters sender = e.a.conn.counters();
            final TcpCounters receiver = e.b.conn.counters();
            assertThat(receiver.fastPathData()).isGreaterThan(receiver.segmentsIn() * 9 / 10);
            assertThat(sender.fastPathAcks()).isGreaterThan(sender.segmentsIn() * 9 / 10);
            assertThat(receiver.segmentsOut()).as("delayed ACK: about one per two segments")
                .isLessThan(sender.dataSegmentsOut() * 6 / 10);
        } finally {
            e.finish();
        }
    }

    @Test
    void moreThanFourGibibytesWrapTheSequenceSpace() {
        final TcpConfig c = config().mssBytes(60_000).receiveBufferBytes(8 << 20).sendBufferBytes(8 << 20)
            .congestionControl(() -> new FixedWindow(8 << 20)).build();
        final TwoEngines e = new TwoEngines(memory, 7, c, c);
        e.checkBytes = false; // pages travel by reference; the byte check is the lossy tests' job
        e.delayNs = 100_000L;
        final long bytes = (4L << 30) + (512L << 20);
        try {
            assertThat(e.run(bytes, 1 << 20, -5000, -7_000_000, 3600 * SECOND)).isTrue();
            assertThat(e.b.received).isEqualTo(bytes);
            assertThat(e.a.received).isEqualTo(1 << 20);
            assertThat(e.a.conn.counters().retransmittedSegments()).isZero();
        } finally {
            e.finish();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {2, 3, 4, 5, 6, 7, 8, 9})
    void lossyReorderingPipeDeliversExactly(long seed) {
        final TwoEngines e = transfer(seed, 0.02, 3_000_000L, config().build(), config().build(), 3L << 20);
        assertThat(e.segmentsLost).isPositive();
        assertThat(e.a.conn.counters().retransmittedSegments()).isPositive();
        assertThat(e.b.conn.counters().outOfOrderSegments()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34, 35, 36})
    void newRenoAndCubicWithSackRecover(long seed) {
        final String cc = seed % 2 == 0 ? "newreno" : "cubic";
        final TcpConfig c = config().congestionControl(() -> CongestionControls.create(cc)).build();
        final TwoEngines e = transfer(seed, 0.03, 2_000_000L, c, c, 4L << 20);
        assertThat(e.a.conn.counters().fastRetransmits()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(longs = {51, 52})
    void tsoSuperSegmentsThroughALossyPipe(long seed) {
        final TcpConfig c = config().tsoMaxBytes(65_535).receiveBufferBytes(512 * 1024).sendBufferBytes(512 * 1024)
            .congestionControl(() -> CongestionControls.create("cubic")).build();
        final TwoEngines e = transfer(seed, 0.01, 1_000_000L, c, c, 8L << 20);
        assertThat(e.a.conn.counters().superSegmentsOut()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43})
    void newRenoWithoutSack(long seed) {
        final TcpConfig c = config().sack(false).congestionControl(() -> CongestionControls.create("newreno")).build();
        transfer(seed, 0.03, 2_000_000L, c, c, 2L << 20);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void heavyLossWithoutOptions(long seed) {
        final TcpConfig c = config().sack(false).timestamps(false).windowScaling(false)
            .receiveBufferBytes(32 * 1024).build();
        transfer(seed, 0.08, 2_000_000L, c, c, 1L << 20);
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22})
    void tinyBuffers(long seed) {
        final TcpConfig c = config().receiveBufferBytes(2048).sendBufferBytes(4096).build();
        transfer(seed, 0.01, 1_000_000L, c, c, 256 * 1024);
    }
}
