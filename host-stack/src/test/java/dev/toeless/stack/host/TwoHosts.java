package dev.toeless.stack.host;

import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.stack.filter.Prefix;

import org.agrona.DirectBuffer;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Two hosts, a (10.0.0.1, fd00::1) and b (10.0.0.2, fd00::2), on one link, and a loop that runs them. */
final class TwoHosts {
    static final int IP_A = Prefix.parseV4("10.0.0.1");
    static final int IP_B = Prefix.parseV4("10.0.0.2");
    static final Ipv6Address IP6_A = Ipv6Address.parse("fd00::1");
    static final Ipv6Address IP6_B = Ipv6Address.parse("fd00::2");

    final EventScheduler scheduler = new EventScheduler();
    final Link link;
    final Host a;
    final Host b;

    TwoHosts(long seed, LinkConfig linkConfig, HostConfig configA, HostConfig configB) {
        final SimRandom random = new SimRandom(seed);
        this.link = new Link("wire", scheduler, random, linkConfig);
        this.a = new Host(configA, scheduler, random).plugInto(link.a());
        this.b = new Host(configB, scheduler, random).plugInto(link.b());
    }

    TwoHosts(long seed) {
        this(seed, LinkConfig.ethernet(1_000_000_000L).withPropagationDelayNs(50_000),
            HostConfig.of("a", 0x02_00_00_00_00_01L, IP_A, IP6_A),
            HostConfig.of("b", 0x02_00_00_00_00_02L, IP_B, IP6_B));
    }

    /** Runs events, calling {@code step} after each, until {@code done} or {@code limitNs} of virtual time; returns done. */
    boolean runUntil(BooleanSupplier done, Runnable step, long limitNs) {
        return scheduler.runUntil(done, step, limitNs);
    }

    /**
     * Runs until {@code accept} (a listener's) returns a connection, or {@code limitNs} of virtual
     * time pass; returns the connection, or null.
     */
    <S> S accept(Supplier<S> accept, long limitNs) {
        return Accepts.within(scheduler, accept, limitNs);
    }

    /**
     * Closes the given sockets and listeners in order, lets every timer run out, shuts both hosts'
     * devices down and checks that every page of both hosts is home. The buffers a driver posted
     * to its NIC's rings (receive pages, header buffers) are the driver's until its device shuts
     * down, so the check follows {@link Host#close()}: before it, a page still referenced may be
     * a posted buffer as well as a leak.
     */
    void closeAndCheckNoLeaks(Runnable... closes) {
        for (Runnable close : closes) {
            close.run();
        }
        drain();
        checkNoLeaks();
    }

    /** Shuts both hosts' devices down (the pages posted to their rings come back) and checks that every page is home. */
    void checkNoLeaks() {
        a.close();
        b.close();
        a.memory().assertNoLeaks();
        b.memory().assertNoLeaks();
    }

    /**
     * Hands {@code frame[0, length)} to {@code host}'s NIC as if it came off the wire now, and runs
     * the next millisecond of virtual time: the NIC's receive pipeline, its interrupt and the
     * driver's poll take virtual time before the IP layer sees the packet.
     */
    void inject(Host host, DirectBuffer frame, int length) {
        host.frameIn().onFrame(scheduler.nowNs(), frame, 0, length);
        scheduler.runUntil(scheduler.nowNs() + 1_000_000L);
    }

    /** Lets every timer run out (TIME_WAIT included) so all pages come home. */
    void drain() {
        scheduler.runAll(10_000_000);
    }
}
