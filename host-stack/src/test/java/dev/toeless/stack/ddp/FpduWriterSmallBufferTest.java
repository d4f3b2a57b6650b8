package dev.toeless.stack.ddp;

import dev.toeless.nic.card.ddp.DdpCard;
import dev.toeless.nic.card.ddp.DdpCardConfig;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.stack.tcp.FragmentConsumer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An FPDU larger than the byte stream's whole send buffer goes out in parts as room opens. Found
 * by the simulator's {@code toe+ddp} seeds 11, 38 and 40 (socket send buffers of 1,932 and 3,399
 * bytes): a page of WRITE payload was offered whole, never fitted, and both ends waited forever
 * (replay: {@code ./toeless sim --seeds 1 --from 11 --toe-share 0 --toe-ddp-share 1}).
 */
class FpduWriterSmallBufferTest {
    /** A stream that takes at most {@code room} bytes per round, the bytes it took kept in order. */
    private static final class SmallBuffer implements ByteStream {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        final CpuTouch cpu;
        final long capacity;
        long room;
        int refused;

        SmallBuffer(CpuTouch cpu, long capacity) {
            this.cpu = cpu;
            this.capacity = capacity;
            this.room = capacity;
        }

        @Override
        public long read(FragmentConsumer consumer, long maxBytes) {
            return 0;
        }

        @Override
        public boolean send(int pfn, int offset, int lengthBytes) {
            if (lengthBytes > room) {
                refused++;
                return false;
            }
            final byte[] b = new byte[lengthBytes];
            cpu.copyOut(pfn, offset, lengthBytes, b, 0);
            taken.writeBytes(b);
            cpu.memory().release(pfn); // the reference it took
            room -= lengthBytes;
            return true;
        }

        @Override
        public long oversizedRoomBytes() {
            return room == capacity ? room : 0; // only a drained buffer takes a part
        }

        @Override
        public boolean isEndOfStream() {
            return false;
        }

        @Override
        public void shutdown() {
        }
    }

    @Test
    void anFpduLargerThanTheSendBufferGoesInPartsAndEveryByteIsTheSame() {
        final HostMemory memory = new HostMemory(64);
        final CpuTouch cpu = new CpuTouch(memory, new TouchLedger());
        final PagePool headers = new PagePool(memory, "headers", 8);
        final DdpCard card = new DdpCard(memory, DdpCardConfig.DEFAULT);
        final byte[] data = new byte[HostMemory.PAGE_SIZE];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        final SmallBuffer small = new SmallBuffer(cpu, 1932);
        final SmallBuffer whole = new SmallBuffer(cpu, Long.MAX_VALUE);
        for (SmallBuffer out : new SmallBuffer[] {small, whole}) {
            final FpduWriter writer = new FpduWriter(out, cpu, headers, card.placement());
            final int pfn = memory.allocate();
            cpu.copyIn(data, 0, data.length, pfn, 0);
            final FragList payload = new FragList(1).add(pfn, 0, data.length);
            new DdpHeader().wrap(writer.scratch(), MpaFraming.LENGTH_FIELD_BYTES)
                .putTagged(true, RdmapOpcode.WRITE, 0x1234_5601, 0x10_0000L);
            assertThat(writer.fpdu(DdpHeader.TAGGED_BYTES, payload, 0, data.length)).isTrue();
            payload.releaseAll(memory);
            int rounds = 0;
            while (writer.queuedBytes() > 0 && rounds < 10) {
                writer.flush();
                out.room = out.capacity; // the peer acknowledged: the buffer is empty again
                rounds++;
            }
            assertThat(writer.queuedBytes()).as("everything went, in %d rounds", rounds).isZero();
            writer.release();
        }
        assertThat(small.taken.toByteArray()).as("the parts are the FPDU, byte for byte")
            .isEqualTo(whole.taken.toByteArray());
        assertThat(small.taken.size()).isEqualTo(MpaFraming.LENGTH_FIELD_BYTES + DdpHeader.TAGGED_BYTES
            + data.length + MpaFraming.padBytes(DdpHeader.TAGGED_BYTES + data.length) + MpaFraming.CRC_BYTES);
        headers.close();
        memory.assertNoLeaks();
    }
}
