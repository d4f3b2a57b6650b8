package dev.toeless.stack.ddp;

import dev.toeless.nic.card.ddp.AccessRights;
import dev.toeless.nic.card.ddp.DdpCardConfig;
import dev.toeless.nic.mem.PagePool;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MPA as a foreign peer sees it: host a speaks raw bytes built by hand ({@link RawMpa}) to b's DDP
 * stream. The start frames negotiate markers off and CRC on; an FPDU whose CRC does not match is
 * not processed: b terminates with MPA's CRC error (LLP layer, code 0x02), counts it, and places
 * nothing of it.
 */
class MpaCrcAndStartTest {
    private static final long BASE = 0x4000;

    private DdpPair pair;
    private final ByteArrayOutputStream heard = new ByteArrayOutputStream();

    private void raw(byte[] bytes) {
        assertThat(pair.client.write(bytes, 0, bytes.length)).isEqualTo(bytes.length);
    }

    private void settle() {
        pair.runUntil(() -> false, () -> {
            pair.responder.poll();
            heard.writeBytes(RawMpa.drain(pair.client));
        }, DdpPair.SECOND / 10);
    }

    private byte[] negotiate() {
        pair = new DdpPair(3, DdpCardConfig.DEFAULT, DdpStream.DEFAULT_SEGMENT_PAYLOAD, true);
        raw(RawMpa.startFrame(MpaStartFrame.request()));
        settle();
        assertThat(pair.responder.isRunning()).isTrue();
        final byte[] reply = heard.toByteArray();
        heard.reset();
        return reply;
    }

    @Test
    void theResponderRepliesMarkersOffCrcOn() {
        final byte[] reply = negotiate();
        final MpaStartFrame frame = MpaStartFrame.parse(new UnsafeBuffer(reply), 0, reply.length);
        assertThat(frame).isEqualTo(MpaStartFrame.reply(false));
        assertThat(Arrays.copyOf(reply, 16)).asString().isEqualTo("MPA ID Rep Frame");
        assertThat(reply[16]).as("M=0 C=1 R=0").isEqualTo((byte) 0x40);
        pair.closeAndCheckNoLeaks();
    }

    @Test
    void aPeerThatDemandsMarkersIsRejected() {
        pair = new DdpPair(4, DdpCardConfig.DEFAULT, DdpStream.DEFAULT_SEGMENT_PAYLOAD, true);
        raw(RawMpa.startFrame(new MpaStartFrame(false, true, true, false, 1, new byte[0])));
        settle();
        final byte[] reply = heard.toByteArray();
        final MpaStartFrame frame = MpaStartFrame.parse(new UnsafeBuffer(reply), 0, reply.length);
        assertThat(frame).isEqualTo(MpaStartFrame.reply(true));
        assertThat(pair.responder.phase()).isEqualTo(DdpStream.Phase.REFUSED);
        assertThat(pair.responder.localTerminate()).isEqualTo(TerminateCause.MPA_START);
        assertThat(pair.responder.counters().startFramesRefused()).isEqualTo(1);
        assertThat(pair.client.isEndOfStream()).as("b closed the stream").isTrue();
        pair.closeAndCheckNoLeaks();
    }

    @Test
    void anInitiatorRejectedByItsPeerClosesWithoutSendingAnFpdu() {
        pair = new DdpPair(6, DdpCardConfig.DEFAULT, DdpStream.DEFAULT_SEGMENT_PAYLOAD, false, true);
        final ByteArrayOutputStream request = new ByteArrayOutputStream();
        pair.runUntil(() -> request.size() >= MpaStartFrame.HEADER_BYTES, () -> {
            pair.initiator.poll();
            request.writeBytes(RawMpa.drain(pair.server));
        }, DdpPair.SECOND);
        assertThat(request.toByteArray()).as("the initiator's request").isEqualTo(RawMpa.startFrame(MpaStartFrame.request()));
        final byte[] reject = RawMpa.startFrame(MpaStartFrame.reply(true));
        assertThat(pair.server.write(reject, 0, reject.length)).isEqualTo(reject.length);
        pair.run(() -> pair.initiator.phase() != DdpStream.Phase.AWAIT_START, DdpPair.SECOND);
        assertThat(pair.initiator.phase()).isEqualTo(DdpStream.Phase.REFUSED);
        assertThat(pair.initiator.localTerminate()).as("the peer refused; no error of ours").isNull();
        assertThat(pair.initiator.counters().startFramesRefused()).isEqualTo(1);
        final var payload = new dev.toeless.nic.mem.FragList(1).add(pair.messagesA.allocate(), 0, 10);
        assertThat(pair.initiator.write(1 << 8, 0, payload)).as("no WRITE on a refused stream").isFalse();
        payload.releaseAll(pair.a.memory());
        pair.runUntil(() -> pair.server.isEndOfStream(), () -> {
            pair.initiator.poll();
            RawMpa.drain(pair.server);
        }, DdpPair.SECOND);
        assertThat(pair.server.isEndOfStream()).as("the initiator closed the stream").isTrue();
        pair.closeAndCheckNoLeaks();
    }

    @Test
    void aSendOutOfSequenceIsAnInvalidMsn() {
        negotiate();
        final PagePool pool = new PagePool(pair.b.memory(), "b.regions", 2);
        final TestRegion buffers = new TestRegion(pair.cardB, pair.b.cpu(), pool, 0, 4096, 0,
            AccessRights.LOCAL_WRITE, DdpPair.PD, (byte) 0);
        pair.responder.post(new PostedBuffer(buffers.stag, 0, 512));
        raw(RawMpa.send(2, 0, true, new byte[8]));
        settle();
        assertThat(pair.responder.localTerminate()).isEqualTo(TerminateCause.INVALID_MSN);
        assertThat(buffers.actual()).isEqualTo(buffers.expected);
        pair.closeAndCheckNoLeaks(buffers::release, pool::close);
    }

    @Test
    void aBadCrcTerminatesTheStreamAndPlacesNothing() {
        negotiate();
        final PagePool pool = new PagePool(pair.b.memory(), "b.regions", 8);
        final TestRegion region = new TestRegion(pair.cardB, pair.b.cpu(), pool, 0, 8192, BASE,
            AccessRights.REMOTE_WRITE, DdpPair.PD, (byte) 0x11);
        final byte[] good = new byte[1000];
        Arrays.fill(good, (byte) 0x22);
        raw(RawMpa.taggedWrite(region.stag, BASE, good));
        settle();
        region.expectWrite(BASE, good);
        assertThat(region.actual()).isEqualTo(region.expected);

        final byte[] bad = RawMpa.taggedWrite(region.stag, BASE + 2000, good);
        bad[40] ^= 0x04; // one payload bit flipped after the CRC was computed
        raw(bad);
        settle();
        assertThat(pair.responder.localTerminate()).isEqualTo(TerminateCause.MPA_CRC);
        assertThat(pair.responder.counters().crcErrors()).isEqualTo(1);
        assertThat(pair.responder.counters().taggedBytesPlaced()).isEqualTo(1000);
        assertThat(region.actual()).as("nothing of the bad FPDU placed").isEqualTo(region.expected);

        final byte[] t = heard.toByteArray();
        final UnsafeBuffer b = new UnsafeBuffer(t);
        final int ulpdu = b.getShort(0, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        assertThat(t.length).as("one TERMINATE FPDU, then the close").isEqualTo(MpaFraming.fpduBytes(ulpdu));
        final CRC32C crc = new CRC32C();
        crc.update(t, 0, t.length - 4);
        assertThat(b.getInt(t.length - 4, ByteOrder.BIG_ENDIAN)).as("its own CRC is right").isEqualTo((int) crc.getValue());
        final DdpHeader h = new DdpHeader().wrap(b, 2);
        assertThat(UntaggedSegment.parse(h)).isEqualTo(
            new UntaggedSegment(true, RdmapOpcode.TERMINATE, 0, DdpHeader.QN_TERMINATE, 1, 0));
        final TerminateControl control = TerminateControl.parse(b, 2 + DdpHeader.UNTAGGED_BYTES);
        assertThat(control).isEqualTo(new TerminateControl(2, 0, 0x02, false));
        assertThat(pair.client.isEndOfStream()).isTrue();

        raw(RawMpa.taggedWrite(region.stag, BASE, new byte[10]));
        settle();
        assertThat(region.actual()).as("nothing placed after the TERMINATE").isEqualTo(region.expected);
        pair.closeAndCheckNoLeaks(region::release, pool::close);
    }

    @Test
    void aSendGoesIntoThePostedBufferAndASendWithoutOneIsRefused() {
        negotiate();
        final PagePool pool = new PagePool(pair.b.memory(), "b.regions", 8);
        final TestRegion buffers = new TestRegion(pair.cardB, pair.b.cpu(), pool, 0, 4096, 0,
            AccessRights.LOCAL_WRITE, DdpPair.PD, (byte) 0);
        pair.responder.post(new PostedBuffer(buffers.stag, 1024, 512));
        final byte[] message = "file.bin 8388608".getBytes();
        raw(RawMpa.send(1, 0, true, message));
        settle();
        final ReceivedMessage m = pair.responder.pollReceived();
        assertThat(m).isEqualTo(new ReceivedMessage(1, new PostedBuffer(buffers.stag, 1024, 512), message.length));
        buffers.expectWrite(1024, message);
        assertThat(buffers.actual()).isEqualTo(buffers.expected);

        raw(RawMpa.send(2, 0, true, message));
        settle();
        assertThat(pair.responder.localTerminate()).isEqualTo(TerminateCause.NO_BUFFER);
        assertThat(pair.responder.counters().otherErrors()).isEqualTo(1);
        pair.closeAndCheckNoLeaks(buffers::release, pool::close);
    }
}
