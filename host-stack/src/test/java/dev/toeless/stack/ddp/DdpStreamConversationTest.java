package dev.toeless.stack.ddp;

import dev.toeless.nic.card.ddp.AccessRights;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.SimRandom;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two DDP streams talking over host TCP, as a conversation: a WRITE longer than a segment from
 * payload at odd page offsets lands exactly across page edges of the region; a SEND longer than a
 * segment fills its posted buffer in order (MO by MO); a SEND longer than the buffer posted for it
 * is refused with DDP's "message too long" and ends the stream.
 */
class DdpStreamConversationTest {
    private static final long BASE = 0x10_0000;

    @Test
    void longWritesAndSendsArriveWholeAndAnOversizedSendEndsTheStream() {
        final DdpPair pair = new DdpPair(5);
        final PagePool pool = new PagePool(pair.b.memory(), "b.regions", 16);
        final TestRegion region = new TestRegion(pair.cardB, pair.b.cpu(), pool, 3000, 8 * 4096, BASE,
            AccessRights.REMOTE_WRITE | AccessRights.LOCAL_WRITE, DdpPair.PD, (byte) 0x77);

        final byte[] data = new byte[20_000];
        new SimRandom(5).nextBytes(data);
        final FragList odd = new FragList(8);
        final FragList aligned = TestRegion.payload(pair.a.cpu(), pair.messagesA, data);
        // the same bytes cut at other places: 100 bytes, then the rest, each from its own page offset
        odd.add(aligned.pfn(0), 0, 100);
        odd.add(aligned.pfn(0), 100, 4096 - 100);
        for (int i = 1; i < aligned.count(); i++) {
            odd.add(aligned.pfn(i), aligned.offset(i), aligned.length(i));
        }
        pair.a.memory().retain(aligned.pfn(0)); // two fragments of the first page, one reference each
        assertThat(pair.initiator.write(region.stag, BASE + 123, odd)).isTrue();
        pair.run(() -> pair.responder.counters().taggedBytesPlaced() == data.length, DdpPair.SECOND);
        region.expectWrite(BASE + 123, data);
        assertThat(region.actual()).isEqualTo(region.expected);
        assertThat(pair.responder.counters().fpdusReceived()).as("5 segments of at most a page").isEqualTo(5);

        pair.responder.post(new PostedBuffer(region.stag, BASE + 20_000, 12_000));
        final byte[] message = Arrays.copyOf(data, 10_000);
        assertThat(pair.initiator.send(TestRegion.payload(pair.a.cpu(), pair.messagesA, message))).isTrue();
        final ReceivedMessage[] got = new ReceivedMessage[1];
        pair.run(() -> (got[0] = pair.responder.pollReceived()) != null, DdpPair.SECOND);
        assertThat(got[0]).as("%s / %s", pair.initiator, pair.responder).isEqualTo(new ReceivedMessage(1, new PostedBuffer(region.stag, BASE + 20_000, 12_000), 10_000));
        region.expectWrite(BASE + 20_000, message);
        assertThat(region.actual()).isEqualTo(region.expected);

        pair.responder.post(new PostedBuffer(region.stag, BASE, 100));
        assertThat(pair.initiator.sendBytes(new byte[101])).isTrue();
        pair.run(() -> pair.initiator.peerTerminate() != null, DdpPair.SECOND);
        assertThat(pair.responder.localTerminate()).isEqualTo(TerminateCause.MESSAGE_TOO_LONG);
        assertThat(pair.initiator.peerTerminate().cause()).isEqualTo(TerminateCause.MESSAGE_TOO_LONG);
        assertThat(region.actual()).as("nothing of the refused SEND placed").isEqualTo(region.expected);
        pair.closeAndCheckNoLeaks(region::release, pool::close);
    }
}
