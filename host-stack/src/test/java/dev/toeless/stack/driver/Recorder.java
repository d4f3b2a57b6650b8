package dev.toeless.stack.driver;

import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.wire.ParsedFrame;
import dev.toeless.stack.netdev.ReceiveChecksum;
import dev.toeless.stack.netdev.RxHandler;
import dev.toeless.stack.netdev.RxPacket;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A packet handler for tests, standing in for the IP layer (it verifies a checksum the NIC did not, as the IP
 * layer does, through the test's CpuTouch): it keeps every payload fragment (so
 * page numbers stay unique while it holds them), reads the payload through the test's own
 * CpuTouch into a per-flow stream image keyed by TCP sequence number, and notes how full each
 * payload page arrived.
 */
final class Recorder implements RxHandler {
    private final CpuTouch testCpu;
    private final ReceiveChecksum checksum;
    final FragList held = new FragList(1024);
    final Map<Integer, Stream> streams = new HashMap<>();
    final Map<Integer, Integer> bytesPerPage = new HashMap<>();
    final List<Integer> packetPayloads = new ArrayList<>();
    long packets;
    long notTcp;
    long mismatches;

    Recorder(CpuTouch testCpu) {
        this.testCpu = testCpu;
        this.checksum = new ReceiveChecksum(testCpu);
    }

    /** What one flow (keyed by destination port) delivered, relative to its first sequence number. */
    static final class Stream {
        final long firstSeq;
        final byte[] bytes;
        final BitSet received = new BitSet();

        Stream(long firstSeq, int capacity) {
            this.firstSeq = firstSeq;
            this.bytes = new byte[capacity];
        }
    }

    void expect(int dstPort, long firstSeq, int lengthBytes) {
        streams.put(dstPort, new Stream(firstSeq, lengthBytes));
    }

    @Override
    public void receive(long nowNs, RxPacket packet) {
        packets++;
        final ParsedFrame h = packet.parsed();
        if (!h.isOk() || !h.isTcp() || !checksum.ok(packet)) {
            notTcp++;
            return;
        }
        final int dstPort = h.dstPort();
        final long seq = h.tcpSeq();
        final Stream s = streams.get(dstPort);
        if (s == null) {
            notTcp++;
            return;
        }
        packetPayloads.add((int) packet.payloadBytes());
        int at = (int) ((seq - s.firstSeq) & 0xFFFF_FFFFL);
        final FragList frags = packet.fragments();
        for (int i = 0; i < frags.count(); i++) {
            final int len = frags.length(i);
            if (at < 0 || at + len > s.bytes.length) {
                mismatches++;
                return;
            }
            final byte[] piece = new byte[len];
            testCpu.copyOut(frags.pfn(i), frags.offset(i), len, piece, 0);
            for (int k = 0; k < len; k++) {
                if (s.received.get(at + k) && s.bytes[at + k] != piece[k]) {
                    mismatches++;
                }
                s.bytes[at + k] = piece[k];
            }
            s.received.set(at, at + len);
            bytesPerPage.merge(frags.pfn(i), len, Integer::sum);
            at += len;
        }
        packet.takeFragments(held);
    }

    /** Payload pages that arrived completely filled, over all payload pages seen. */
    double fullPageFraction() {
        if (bytesPerPage.isEmpty()) {
            return 0;
        }
        final long full = bytesPerPage.values().stream().filter(b -> b == HostMemory.PAGE_SIZE).count();
        return (double) full / bytesPerPage.size();
    }

    void releaseAll(HostMemory memory) {
        held.releaseAll(memory);
    }
}
