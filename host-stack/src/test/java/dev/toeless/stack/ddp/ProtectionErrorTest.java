package dev.toeless.stack.ddp;

import dev.toeless.nic.card.ddp.AccessRights;
import dev.toeless.nic.card.ddp.ProtectionError;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.SimRandom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One scripted conversation per RFC 5040 remote protection error, over a live TCP connection
 * between two hosts: host a WRITEs into host b's regions; b's card checks the tag, refuses,
 * places nothing, sends a TERMINATE naming the error, and both ends close the stream. A good
 * WRITE first shows the same region takes what it should.
 */
class ProtectionErrorTest {
    private static final int RW = AccessRights.REMOTE_WRITE | AccessRights.LOCAL_WRITE;
    private static final long BASE = 0x7F00_0000_1000L;
    private static final int LENGTH = 3 * 4096 - 300;

    private DdpPair pair;
    private PagePool regionPool;
    private TestRegion region;

    private void setUp(int rights, int pd) {
        pair = pair(7);
        regionPool = new PagePool(pair.b.memory(), "b.regions", 64);
        region = new TestRegion(pair.cardB, pair.b.cpu(), regionPool, 100, LENGTH, BASE, rights, pd, (byte) 0x5A);
    }

    /** The two ends: host TCP at both here, b's end on a TOE card in {@link CardProtectionErrorTest}. */
    DdpPair pair(long seed) {
        return new DdpPair(seed);
    }

    private byte[] bytes(int n, long seed) {
        final byte[] out = new byte[n];
        new SimRandom(seed).nextBytes(out);
        return out;
    }

    /** a writes {@code n} bytes to (stag, to); runs until b has dealt with it. */
    private byte[] write(int stag, long to, int n) {
        final byte[] data = bytes(n, to ^ n);
        assertThat(pair.initiator.write(stag, to, TestRegion.payload(pair.a.cpu(), pair.messagesA, data))).isTrue();
        final long before = pair.responder.counters().fpdusReceived();
        pair.run(() -> pair.responder.counters().fpdusReceived() > before, DdpPair.SECOND);
        return data;
    }

    private void expectTerminated(TerminateCause cause, ProtectionError error) {
        pair.run(() -> pair.initiator.peerTerminate() != null, DdpPair.SECOND);
        assertThat(pair.responder.localTerminate()).isEqualTo(cause);
        assertThat(pair.responder.phase()).isEqualTo(DdpStream.Phase.TERMINATED);
        assertThat(pair.responder.counters().protectionErrors(error)).isEqualTo(1);
        assertThat(pair.responder.counters().terminatesSent()).isEqualTo(1);
        assertThat(pair.cardB.checker().count(error)).isEqualTo(1);
        final TerminateControl t = pair.initiator.peerTerminate();
        assertThat(t).as("a heard the TERMINATE").isNotNull();
        assertThat(t.layer()).as("RDMAP layer").isZero();
        assertThat(t.errorType()).as("remote protection error").isEqualTo(1);
        assertThat(t.errorCode()).isEqualTo(error.code());
        assertThat(t.ddpHeader()).as("the offending DDP header is included").isTrue();
        assertThat(t.cause()).isEqualTo(cause);
        assertThat(pair.initiator.phase()).isEqualTo(DdpStream.Phase.TERMINATED);
        final var late = TestRegion.payload(pair.a.cpu(), pair.messagesA, bytes(10, 1));
        assertThat(pair.initiator.write(region.stag, BASE, late)).as("no WRITE after a TERMINATE").isFalse();
        late.releaseAll(pair.a.memory());
    }

    private void finish() {
        assertThat(region.actual()).as("every byte of the region's pages as expected").isEqualTo(region.expected);
        pair.closeAndCheckNoLeaks(region::release, regionPool::close);
    }

    @Test
    void aGoodWriteLandsExactlyThenAnInvalidStagIsRefused() {
        setUp(RW, DdpPair.PD);
        region.expectWrite(BASE + 10, write(region.stag, BASE + 10, 5000));
        assertThat(pair.responder.counters().taggedBytesPlaced()).isEqualTo(5000);
        assertThat(region.actual()).isEqualTo(region.expected);

        final int wrongKey = region.stag ^ 0x01;
        write(wrongKey, BASE, 100);
        expectTerminated(TerminateCause.INVALID_STAG, ProtectionError.INVALID_STAG);
        assertThat(pair.responder.counters().taggedBytesPlaced()).isEqualTo(5000);
        finish();
    }

    @Test
    void anInvalidatedStagIsAnInvalidStag() {
        setUp(RW, DdpPair.PD);
        assertThat(pair.cardB.invalidate(region.stag, DdpPair.PD)).isTrue();
        write(region.stag, BASE, 100);
        expectTerminated(TerminateCause.INVALID_STAG, ProtectionError.INVALID_STAG);
        finish();
    }

    @Test
    void aWritePastTheEndIsABaseOrBoundsViolation() {
        setUp(RW, DdpPair.PD);
        write(region.stag, BASE + LENGTH - 50, 100);
        expectTerminated(TerminateCause.BASE_OR_BOUNDS, ProtectionError.BASE_OR_BOUNDS);
        assertThat(pair.cardB.placement().dmaBytesToHost()).as("not one byte placed").isZero();
        finish();
    }

    @Test
    void aWriteWhoseEndWrapsPastTwoToTheSixtyFourIsABaseOrBoundsViolation() {
        setUp(RW, DdpPair.PD);
        write(region.stag, -16L, 64);
        expectTerminated(TerminateCause.BASE_OR_BOUNDS, ProtectionError.BASE_OR_BOUNDS);
        finish();
    }

    @Test
    void aRegionWithoutRemoteWriteIsAnAccessRightsViolation() {
        setUp(AccessRights.REMOTE_READ | AccessRights.LOCAL_WRITE, DdpPair.PD);
        write(region.stag, BASE, 100);
        expectTerminated(TerminateCause.ACCESS_RIGHTS, ProtectionError.ACCESS_RIGHTS);
        finish();
    }

    @Test
    void aRegionOfAnotherProtectionDomainIsNotAssociatedWithTheStream() {
        setUp(RW, DdpPair.PD + 1);
        write(region.stag, BASE, 100);
        expectTerminated(TerminateCause.STAG_NOT_ASSOCIATED, ProtectionError.STAG_NOT_ASSOCIATED);
        finish();
    }

    @Test
    void theChecksComeInSiwsOrder() {
        // Out of bounds, without the right, in another domain, and invalidated: the STag wins.
        setUp(AccessRights.REMOTE_READ, DdpPair.PD + 1);
        pair.cardB.invalidate(region.stag, DdpPair.PD + 1);
        write(region.stag, BASE + LENGTH, 100);
        expectTerminated(TerminateCause.INVALID_STAG, ProtectionError.INVALID_STAG);
        finish();
    }
}
