package dev.toeless.stack.tcp;

import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.testing.PageLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.toeless.stack.tcp.Seg.ack;
import static dev.toeless.stack.tcp.Seg.seg;
import static dev.toeless.stack.tcp.TcpScript.LOCAL_ISS;
import static dev.toeless.stack.tcp.TcpScript.REMOTE_ISS;
import static dev.toeless.stack.tcp.TcpFlags.ACK;
import static dev.toeless.stack.tcp.TcpFlags.PSH;

/**
 * A scripted connection with SACK on and a fixed 10,000-byte congestion window, so the loss
 * recovery conversations read without window growth in the way.
 */
@ExtendWith(PageLeakCheck.class)
abstract class SackConversation {
    static final long MS = 1_000_000L;
    static final int L = LOCAL_ISS + 1;
    static final int R = REMOTE_ISS + 1;

    HostMemory memory = new HostMemory(512);
    final FixedWindow cc = new FixedWindow(10_000);
    TcpScript t = new TcpScript(memory, TcpScript.plain().sack(true).congestionControl(() -> cc)
        .lossDetection(lossDetection()).build());

    /** The loss detection under test (a constant: called while the fields are set up). */
    LossDetection lossDetection() {
        return LossDetection.RACK_TLP;
    }

    @AfterEach
    void tearDown() {
        t.finish();
    }

    /** Our SYN, the peer's SYN-ACK (MSS 1000, SACK permitted, window 30,000), our ACK. */
    void establishWithSack() {
        t.establishWithSack(0, 30_000);
    }

    /** Four segments of 1000 bytes leave now, the last with PSH. */
    void sendFourSegments() {
        t.appSend(4000);
        for (int i = 0; i < 4; i++) {
            t.expect(seg(i == 3 ? ACK | PSH : ACK).seq(L + i * 1000).len(1000));
        }
    }

    /**
     * More than the window (10,000) holds is queued: ten segments leave, the peer acknowledges six at
     * 1 ms, six more leave, every later ACK is lost, and the tail loss probe at 3 ms (two round trips,
     * the 2 ms floor) is one new segment beyond the window, at {@code L + 16,000}.
     */
    void congestionLimitedTailProbedWithNewData() {
        t.appSend(20_000);
        for (int i = 0; i < 10; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        t.advanceTo(1 * MS);
        t.recv(ack().seq(R).ack(L + 6000).win(30_000));
        for (int i = 10; i < 16; i++) {
            t.expect(seg(ACK).seq(L + i * 1000).len(1000));
        }
        t.expectNothing(3 * MS - 1);
        t.advanceTo(3 * MS);
        t.expect(seg(ACK).seq(L + 16_000).len(1000));
    }
}
