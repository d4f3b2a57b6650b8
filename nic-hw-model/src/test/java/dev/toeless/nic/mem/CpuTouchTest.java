package dev.toeless.nic.mem;

import dev.toeless.nic.csum.InternetChecksum;
import dev.toeless.nic.testing.PageLeakCheck;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(PageLeakCheck.class)
class CpuTouchTest {
    private final HostMemory memory = new HostMemory(4);
    private final TouchLedger ledger = new TouchLedger();
    private final CpuTouch cpu = new CpuTouch(memory, ledger);

    @Test
    void everyByteTheCpuPassesOverIsCounted() {
        final int a = memory.allocate();
        final int b = memory.allocate();
        final byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        cpu.copyIn(data, 0, 1000, a, 100);
        cpu.copy(a, 100, b, 0, 1000);
        final long sum = cpu.checksum(b, 0, 1000, 0);
        assertThat(InternetChecksum.fold(sum)).isEqualTo(InternetChecksum.fold(InternetChecksum.sum(data, 0, 1000, 0)));
        assertThat(cpu.contentEquals(b, 0, 1000, new UnsafeBuffer(data), 0)).isTrue();
        assertThat(ledger.copiedBytes()).isEqualTo(2000);
        assertThat(ledger.checksummedBytes()).isEqualTo(1000);
        assertThat(ledger.comparedBytes()).isEqualTo(1000);
        assertThat(ledger.touchedBytes()).isEqualTo(4000);
        assertThat(ledger.copyOps()).isEqualTo(2);
        memory.release(a);
        memory.release(b);
    }

    @Test
    void headerBytesAreNotPayload() {
        final int a = memory.allocate();
        cpu.copyHeader(a, 0, 54, new UnsafeBuffer(new byte[64]), 0);
        assertThat(ledger.headerBytes()).isEqualTo(54);
        assertThat(ledger.touchedBytes()).isZero();
        memory.release(a);
    }

    @Test
    void aRangeCrossingAPageIsRefused() {
        final int a = memory.allocate();
        assertThatThrownBy(() -> cpu.copyOut(a, 4000, 200, new byte[200], 0))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(ledger.copiedBytes()).isZero();
        memory.release(a);
    }
}
