package dev.toeless.stack.ddp;

import dev.toeless.nic.card.ddp.AccessRights;
import dev.toeless.nic.card.ddp.ProtectionError;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.nic.sim.SimRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random hostile steering tags, tagged offsets and lengths thrown at a live DDP stream between two
 * hosts: b holds four regions (one writable, one read-only, one of another protection domain, one
 * invalidated), each laid over guard-filled pages that start and end beyond it; a WRITEs to any
 * STag (those, a wrong key, unknown ones) at any offset (inside, across either edge, near 2^64).
 * Whatever a independent model of siw's check order says is good lands exactly; the first bad one
 * is refused with the right remote protection error, terminates the stream and places nothing; no
 * byte outside a registered region's bounds changes, and the card's DMA wrote exactly the good bytes.
 *
 * <p>Everything derives from the seed; a failure names it with the command that replays it.
 */
class HostileTagsProperties {
    private static final int RW = AccessRights.REMOTE_WRITE | AccessRights.LOCAL_WRITE;

    @Property(tries = 30)
    void hostileTagsPlaceNothingOutsideTheirRegion(@ForAll long seed) {
        run(seed);
    }

    /** The same against a stream in a TOE card's firmware: b's regions, checker and DMA are the card's. */
    @Property(tries = 30)
    void hostileTagsAtAStreamOnTheToeCardPlaceNothingOutsideTheirRegion(@ForAll long seed) {
        run(seed, true);
    }

    /** One region as the model sees it. */
    private record Model(TestRegion region, int rights, int pd, boolean valid) {
    }

    static void run(long seed) {
        run(seed, false);
    }

    static void run(long seed, boolean onCard) {
        final String replay = "seed " + seed + (onCard ? " on the TOE card" : "")
            + " (replay: ./mvnw -o -pl host-stack -am test -Dtest=HostileTagsReplayTest -Dseed=" + seed
            + (onCard ? " -Dcard=true" : "") + " -Dsurefire.failIfNoSpecifiedTests=false)";
        final SimRandom rnd = new SimRandom(seed);
        final DdpPair pair = onCard ? DdpPair.onCard(seed) : new DdpPair(seed);
        final PagePool pool = new PagePool(pair.b.memory(), "b.regions", 64);
        final List<Model> models = new ArrayList<>();
        models.add(new Model(region(pair, pool, rnd, RW, DdpPair.PD), RW, DdpPair.PD, true));
        models.add(new Model(region(pair, pool, rnd, AccessRights.REMOTE_READ, DdpPair.PD), AccessRights.REMOTE_READ,
            DdpPair.PD, true));
        models.add(new Model(region(pair, pool, rnd, RW, DdpPair.PD + 1), RW, DdpPair.PD + 1, true));
        final TestRegion dead = region(pair, pool, rnd, RW, DdpPair.PD);
        pair.cardB.invalidate(dead.stag, DdpPair.PD);
        models.add(new Model(dead, RW, DdpPair.PD, false));

        long goodBytes = 0;
        final int ops = 1 + rnd.nextInt(10);
        ProtectionError refused = ProtectionError.NONE;
        final StringBuilder log = new StringBuilder();
        for (int op = 0; op < ops && refused == ProtectionError.NONE; op++) {
            final Model target = models.get(rnd.chance(0.5) ? 0 : rnd.nextInt(models.size()));
            final int stag = stag(rnd, target.region);
            final long to = offset(rnd, target.region);
            final int length = rnd.nextInt(HostMemory.PAGE_SIZE + 1);
            final ProtectionError expected = expect(models, stag, to, length);
            log.append(String.format(" [stag %08x to %016x len %d -> %s]", stag, to, length, expected));
            final byte[] data = new byte[length];
            rnd.nextBytes(data);
            final long fpdusBefore = pair.responder.counters().fpdusReceived();
            assertThat(pair.initiator.write(stag, to, TestRegion.payload(pair.a.cpu(), pair.messagesA, data)))
                .as(replay).isTrue();
            pair.run(() -> pair.responder.counters().fpdusReceived() > fpdusBefore, DdpPair.SECOND);
            if (expected == ProtectionError.NONE) {
                for (Model m : models) {
                    if (m.region.stag == stag) {
                        m.region.expectWrite(to, data);
                    }
                }
                goodBytes += length;
                assertThat(pair.responder.localTerminate()).as(replay + log).isNull();
            } else {
                refused = expected;
                pair.run(() -> pair.initiator.peerTerminate() != null, DdpPair.SECOND);
                assertThat(pair.responder.localTerminate()).as(replay + log).isEqualTo(TerminateCause.of(expected));
                assertThat(pair.initiator.peerTerminate()).as(replay + log).isNotNull();
                assertThat(pair.initiator.peerTerminate().errorCode()).as(replay + log).isEqualTo(expected.code());
                assertThat(pair.responder.counters().protectionErrors(expected)).as(replay + log).isEqualTo(1);
            }
        }
        for (Model m : models) {
            assertThat(m.region.actual()).as("region %08x pages, %s%s", m.region.stag, replay, log)
                .isEqualTo(m.region.expected);
        }
        assertThat(pair.cardB.placement().dmaBytesToHost()).as("DMA wrote exactly the good bytes, " + replay + log)
            .isEqualTo(goodBytes);
        assertThat(pair.responder.counters().taggedBytesPlaced()).as(replay + log).isEqualTo(goodBytes);
        pair.closeAndCheckNoLeaks(() -> models.forEach(m -> m.region.release()), pool::close);
    }

    private static TestRegion region(DdpPair pair, PagePool pool, SimRandom rnd, int rights, int pd) {
        final int firstOffset = rnd.nextInt(HostMemory.PAGE_SIZE);
        final long length = 1 + rnd.nextLong(3L * HostMemory.PAGE_SIZE);
        final long base = rnd.chance(0.3) ? -(length + 1 + rnd.nextLong(1 << 20)) : rnd.nextLong(1L << 40);
        return new TestRegion(pair.cardB, pair.b.cpu(), pool, firstOffset, length, base, rights, pd,
            (byte) rnd.nextInt(256));
    }

    private static int stag(SimRandom rnd, TestRegion target) {
        final double pick = rnd.nextDouble();
        if (pick < 0.75) {
            return target.stag;
        }
        if (pick < 0.85) {
            return target.stag ^ (1 + rnd.nextInt(255)); // the right slot, another key
        }
        if (pick < 0.95) {
            return (int) rnd.nextLong();
        }
        return 0;
    }

    private static long offset(SimRandom rnd, TestRegion target) {
        final double pick = rnd.nextDouble();
        if (pick < 0.6) {
            return target.base + rnd.nextLong(target.length + 1);
        }
        if (pick < 0.7) {
            return target.base - 1 - rnd.nextLong(HostMemory.PAGE_SIZE);
        }
        if (pick < 0.8) {
            return target.base + target.length - rnd.nextLong(HostMemory.PAGE_SIZE);
        }
        if (pick < 0.9) {
            return -1 - rnd.nextLong(HostMemory.PAGE_SIZE);
        }
        return rnd.nextLong();
    }

    /** siw's order, written out apart from the card's checker: STag, PD, rights, bounds without wrap. */
    private static ProtectionError expect(List<Model> models, int stag, long to, int length) {
        for (Model m : models) {
            if (m.region.stag != stag) {
                continue;
            }
            if (!m.valid) {
                return ProtectionError.INVALID_STAG;
            }
            if (m.pd != DdpPair.PD) {
                return ProtectionError.STAG_NOT_ASSOCIATED;
            }
            if ((m.rights & AccessRights.REMOTE_WRITE) == 0) {
                return ProtectionError.ACCESS_RIGHTS;
            }
            final java.math.BigInteger start = new java.math.BigInteger(Long.toUnsignedString(to));
            final java.math.BigInteger end = start.add(java.math.BigInteger.valueOf(length));
            final java.math.BigInteger base = new java.math.BigInteger(Long.toUnsignedString(m.region.base));
            final java.math.BigInteger limit = base.add(java.math.BigInteger.valueOf(m.region.length));
            final boolean inside = start.compareTo(base) >= 0 && end.compareTo(limit) <= 0;
            return inside ? ProtectionError.NONE : ProtectionError.BASE_OR_BOUNDS;
        }
        return ProtectionError.INVALID_STAG;
    }
}
