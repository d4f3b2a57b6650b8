package dev.toeless.bench.testbed;

import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.link.LinkFaults;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.cardnode.CardNode;
import dev.toeless.stack.cardnode.CardNodeConfig;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.nic.wire.Ipv6Address;
import dev.toeless.stack.filter.Prefix;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Two hosts, {@code a} and {@code b}, at the two ends of one wire, on one virtual clock with one seeded
 * random source. Host {@code a} is 10.0.0.1 (fd00::1), host {@code b} 10.0.0.2 (fd00::2), both in one /24.
 * The link is built first, then {@code a}, then {@code b}: every scenario draws from the random source in
 * that order, so a seed gives the same run whichever scenario built it.
 * <pre>{@code
 * Testbed bed = Testbed.builder(seed)
 *     .link(LinkConfig.ethernet(1_000_000_000L))
 *     .faults(LinkFaults.builder().loss(0.01).build())
 *     .a(c -> c.withNic(DriverMode.STATELESS))
 *     .b(c -> c.withToe(ToeConfig.defaults()))
 *     .build();
 * }</pre>
 * Host {@code b} may instead sit behind a card node ({@link Builder#cardNode}): the card's wire port is then
 * at b's end of the link, with b's wire addresses, and host {@code b} reaches the wire through the card's
 * PCI link.
 */
public final class Testbed implements AutoCloseable {
    public static final int IP_A = Prefix.parseV4("10.0.0.1");
    public static final int IP_B = Prefix.parseV4("10.0.0.2");
    public static final Ipv6Address IP6_A = Ipv6Address.parse("fd00::1");
    public static final Ipv6Address IP6_B = Ipv6Address.parse("fd00::2");
    public static final long MAC_A = 0x02_00_00_00_00_01L;
    public static final long MAC_B = 0x02_00_00_00_00_02L;
    /** The wire most scenarios use: 10 Gbit/s, 10 us each way. */
    public static final LinkConfig TEN_GIGABIT = LinkConfig.ethernet(10_000_000_000L).withPropagationDelayNs(10_000);

    private final EventScheduler scheduler;
    private final SimRandom random;
    private final Link link;
    private final Host a;
    private final Host b;
    /** The card node host b sits behind, or null. */
    private final CardNode cardNode;

    private Testbed(Builder builder) {
        this.scheduler = new EventScheduler();
        this.random = new SimRandom(builder.seed);
        this.link = new Link("wire", scheduler, random, builder.link);
        this.a = new Host(builder.a.apply(HostConfig.of(builder.nameA, MAC_A, IP_A, builder.ipv6 ? IP6_A : null)),
            scheduler, random).plugInto(link.a());
        if (builder.cardNode == null) {
            this.cardNode = null;
            this.b = new Host(builder.b.apply(HostConfig.of(builder.nameB, MAC_B, IP_B, builder.ipv6 ? IP6_B : null)),
                scheduler, random).plugInto(link.b());
        } else {
            this.cardNode = new CardNode(builder.cardNode, scheduler, random).routing(builder.routing)
                .plugInto(link.b());
            this.b = new Host(builder.b.apply(cardNode.config().hostConfig(builder.nameB)), scheduler, random,
                cardNode.hostPort());
            cardNode.adopt(b);
        }
        if (builder.faults != null) {
            link.faults(builder.faults);
        }
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    public EventScheduler scheduler() {
        return scheduler;
    }

    public SimRandom random() {
        return random;
    }

    public Link link() {
        return link;
    }

    public Host a() {
        return a;
    }

    public Host b() {
        return b;
    }

    /** The card node host {@code b} sits behind ({@link Builder#cardNode}), or null. */
    public CardNode cardNode() {
        return cardNode;
    }

    /** Shuts both hosts' devices down, {@code a} first (see {@link Host#close()}), then the card node. */
    @Override
    public void close() {
        a.close();
        b.close();
        if (cardNode != null) {
            cardNode.close();
        }
    }

    /** What a testbed is made of; every part has a default. */
    public static final class Builder {
        private final long seed;
        private LinkConfig link = TEN_GIGABIT;
        private LinkFaults faults;
        private boolean ipv6 = true;
        private String nameA = "a";
        private String nameB = "b";
        private CardNodeConfig cardNode;
        private boolean routing;
        private UnaryOperator<HostConfig> a = UnaryOperator.identity();
        private UnaryOperator<HostConfig> b = UnaryOperator.identity();

        private Builder(long seed) {
            this.seed = seed;
        }

        /** The wire's configuration in both directions; {@link #TEN_GIGABIT} unless set. */
        public Builder link(LinkConfig config) {
            this.link = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Faults on the wire in both directions from the start; none unless set. */
        public Builder faults(LinkFaults faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /**
         * The hosts' names ({@code a} and {@code b} unless set): what the report calls them and what names
         * their random streams, so another name is another run.
         */
        public Builder names(String a, String b) {
            this.nameA = Objects.requireNonNull(a, "a");
            this.nameB = Objects.requireNonNull(b, "b");
            return this;
        }

        /**
         * Host {@code b} behind a card node: {@code card}'s wire port on the link, host b on the card's PCI
         * link, its config starting from {@link CardNodeConfig#hostConfig} (what {@link #b} changes applies
         * to that). With {@code routing} the card forwards IP and host b ends TCP; without, only the card's own
         * addresses are served (a splice proxy on the card relays to host b).
         */
        public Builder cardNode(CardNodeConfig card, boolean routing) {
            this.cardNode = Objects.requireNonNull(card, "card");
            this.routing = routing;
            return this;
        }

        /** Hosts with IPv4 addresses only (no fd00:: address, so no IPv6 neighbour traffic). */
        public Builder ipv4Only() {
            this.ipv6 = false;
            return this;
        }

        /** How host {@code a} differs from {@link HostConfig#of}'s defaults at its addresses. */
        public Builder a(UnaryOperator<HostConfig> configure) {
            this.a = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /** How host {@code b} differs from {@link HostConfig#of}'s defaults at its addresses. */
        public Builder b(UnaryOperator<HostConfig> configure) {
            this.b = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /** Both hosts configured alike. */
        public Builder hosts(UnaryOperator<HostConfig> configure) {
            return a(configure).b(configure);
        }

        public Testbed build() {
            return new Testbed(this);
        }
    }
}
