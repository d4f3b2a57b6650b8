package dev.toeless.bench.sim;

import dev.toeless.nic.link.LinkFaults;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.tcp.TcpConfig;
import dev.toeless.stack.tcp.LossDetection;
import dev.toeless.stack.tcp.cc.CongestionControls;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one seed of the simulator decides before the run starts: the link, its faults in
 * each direction, the partition windows, the TCP settings of both hosts, the reader's pace and the
 * connections with how much each carries each way. A pure function of the seed
 * ({@link #draw(long)}), printed on failure so a reader sees what the seed set up.
 *
 * @param seed               the seed everything was drawn from
 * @param bitsPerSecond      line rate of both directions
 * @param propagationDelayNs one-way propagation delay
 * @param aToB               faults of the direction from host a to host b during the fault phase
 * @param bToA               faults of the other direction
 * @param partitions         one-way partition windows during the fault phase
 * @param faultPhaseNs       virtual time from the start until the link heals
 * @param tcp                the TCP settings of both hosts
 * @param congestionControl  "newreno", "cubic" or "none"
 * @param readIntervalNs     a slow reader reads every this often (0: reads as soon as data is there)
 * @param readChunkBytes     a slow reader reads at most this much each time
 * @param connections        the connections, 2 to 4
 * @param hostKind           what host b runs its TCP on
 * @param card               host b's TOE card and its faults, null unless {@code hostKind} is {@code toe}
 *                           or {@code toe+ddp}
 * @param cardNode           host b's card node, null unless {@code hostKind} is {@code card-node}
 * @param ddp                the DDP transfers of a {@code toe+ddp} seed, else null
 */
public record SimScenario(long seed, long bitsPerSecond, long propagationDelayNs, LinkFaults aToB, LinkFaults bToA,
                          List<Partition> partitions, long faultPhaseNs, TcpConfig tcp, String congestionControl,
                          long readIntervalNs, int readChunkBytes, List<Connection> connections,
                          SimHostKind hostKind, CardFaults card, CardNodeSetup cardNode, ToeDdpSetup ddp) {

    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;
    /** The most bytes one direction of one connection carries. */
    static final int MAX_STREAM_BYTES = 64 * 1024;

    /**
     * A window in which one direction drops every frame.
     *
     * @param aToB    true for the direction from a to b
     * @param startNs when it starts, in virtual time from the start of the run
     * @param lengthNs how long it lasts
     */
    public record Partition(boolean aToB, long startNs, long lengthNs) {
    }

    /**
     * One connection from host a (the client) to host b.
     *
     * @param ipv6          over IPv6 rather than IPv4
     * @param aToBBytes     bytes the client sends
     * @param bToABytes     bytes the server sends
     * @param abortAtNs     when one side aborts the connection (RST), or -1 for never
     * @param abortByClient the client aborts (else the server)
     */
    public record Connection(boolean ipv6, int aToBBytes, int bToABytes, long abortAtNs, boolean abortByClient) {
        public boolean aborts() {
            return abortAtNs >= 0;
        }
    }

    /** Draws a scenario from {@code seed}, its loss detection too. */
    public static SimScenario draw(long seed) {
        return draw(seed, null);
    }

    /**
     * Draws a scenario from {@code seed}; the loss detection is {@code forced} unless null, else
     * drawn (RACK-TLP three times in four) from a stream of its own, so every other setting of a
     * seed is what it was before loss detection was drawn.
     */
    public static SimScenario draw(long seed, LossDetection forced) {
        return draw(seed, forced, 0);
    }

    /**
     * Draws a scenario from {@code seed}; host b runs a TOE card with probability {@code toeShare},
     * drawn from a stream of its own, so every other setting of a seed is the same with or without
     * toe hosts.
     */
    public static SimScenario draw(long seed, LossDetection forced, double toeShare) {
        return draw(seed, forced, toeShare, 0);
    }

    /**
     * Draws a scenario from {@code seed}; host b runs a TOE card with probability {@code toeShare},
     * else sits behind a card node with probability {@code cardNodeShare}, each drawn from a stream
     * of its own, so every other setting of a seed is the same with or without them (but a card-node
     * seed's connections are all IPv4: the card node has no IPv6).
     */
    public static SimScenario draw(long seed, LossDetection forced, double toeShare, double cardNodeShare) {
        return draw(seed, forced, toeShare, cardNodeShare, 0);
    }

    /**
     * Draws a scenario from {@code seed}; host b runs a TOE card with probability {@code toeShare},
     * else a TOE card with DDP on every connection ({@code toe+ddp}) with probability
     * {@code toeDdpShare}, else sits behind a card node with probability {@code cardNodeShare}, each
     * drawn from a stream of its own, so every other setting of a seed is the same with or without
     * them (a toe seed is the same toe seed whatever the other shares).
     */
    public static SimScenario draw(long seed, LossDetection forced, double toeShare, double cardNodeShare,
                                   double toeDdpShare) {
        final LossDetection detection = forced != null ? forced
            : new SimRandom(seed).fork("loss-detection").chance(0.25) ? LossDetection.RFC6675 : LossDetection.RACK_TLP;
        final SimRandom r = new SimRandom(seed).fork("scenario");
        final long rate = new long[] {10_000_000L, 100_000_000L, 1_000_000_000L}[r.nextInt(3)];
        final long delayNs = 10_000L + r.nextLong(20 * MS);
        final long faultPhaseNs = SECOND + r.nextLong(3 * SECOND);
        final List<Partition> partitions = new ArrayList<>();
        final int windows = r.nextInt(3);
        for (int i = 0; i < windows; i++) {
            partitions.add(new Partition(r.chance(0.5), r.nextLong(faultPhaseNs), 50 * MS + r.nextLong(1500 * MS)));
        }
        final String cc = CongestionControls.NAMES.get(r.nextInt(CongestionControls.NAMES.size()));
        final int mss = r.chance(0.5) ? 1460 : 536 + r.nextInt(925);
        final TcpConfig tcp = TcpConfig.builder()
            .mssBytes(mss)
            .sendBufferBytes(1024 + r.nextInt(31 * 1024))
            .receiveBufferBytes(1024 + r.nextInt(31 * 1024))
            .windowScaling(r.chance(0.7))
            .timestamps(r.chance(0.7))
            .sack(r.chance(0.8))
            .nagle(r.chance(0.5))
            .minRtoNs(200 * MS)
            .maxRtoNs(4 * SECOND)
            .maxSynRetries(30)
            .maxRetries(30)
            .mslNs(500 * MS)
            .finWait2TimeoutNs(60 * SECOND)
            .congestionControl(() -> CongestionControls.create(cc))
            .lossDetection(detection)
            .build();
        final boolean slow = r.chance(0.4);
        final long readIntervalNs = slow ? MS + r.nextLong(30 * MS) : 0;
        final int readChunkBytes = slow ? 64 + r.nextInt(8 * 1024) : Integer.MAX_VALUE;
        final List<Connection> connections = new ArrayList<>();
        final int count = 2 + r.nextInt(3);
        for (int i = 0; i < count; i++) {
            final boolean aborts = r.chance(0.15);
            connections.add(new Connection(r.chance(0.5), r.nextInt(MAX_STREAM_BYTES), r.nextInt(MAX_STREAM_BYTES),
                aborts ? r.nextLong(faultPhaseNs) : -1, r.chance(0.5)));
        }
        // from a stream of its own, so every other setting of a seed is what it was before toe hosts were drawn
        final SimRandom kind = new SimRandom(seed).fork("host-kind");
        final boolean toe = toeShare > 0 && kind.chance(toeShare);
        final SimRandom ddpKind = new SimRandom(seed).fork("toe-ddp");
        final boolean toeDdp = !toe && toeDdpShare > 0 && ddpKind.chance(toeDdpShare);
        final SimRandom node = new SimRandom(seed).fork("card-node");
        final boolean cardNode = !toe && !toeDdp && cardNodeShare > 0 && node.chance(cardNodeShare);
        final ToeDdpSetup ddp = toeDdp ? ToeDdpSetup.draw(ddpKind.fork("setup"), connections, faultPhaseNs) : null;
        if (cardNode) {
            connections.replaceAll(c -> new Connection(false, c.aToBBytes(), c.bToABytes(), c.abortAtNs(),
                c.abortByClient()));
        }
        return new SimScenario(seed, rate, delayNs, faults(r.fork("a>b")), faults(r.fork("b>a")),
            List.copyOf(partitions), faultPhaseNs, tcp, cc, readIntervalNs, readChunkBytes, List.copyOf(connections),
            toe ? SimHostKind.TOE : toeDdp ? SimHostKind.TOE_DDP : cardNode ? SimHostKind.CARD_NODE
                : SimHostKind.HOST_STACK,
            toe ? CardFaults.draw(kind.fork("card"), connections.size(), faultPhaseNs) : ddp != null ? ddp.card() : null,
            cardNode ? CardNodeSetup.draw(node.fork("mode")) : null, ddp);
    }

    private static LinkFaults faults(SimRandom r) {
        final LinkFaults.Builder b = LinkFaults.builder().loss(r.nextDouble() * 0.10);
        if (r.chance(0.5)) {
            b.duplicate(r.nextDouble() * 0.05);
        }
        if (r.chance(0.5)) {
            b.reorder(r.nextDouble() * 0.10, 1 + r.nextLong(20 * MS));
        }
        if (r.chance(0.5)) {
            // One bit per frame: two flips at the same bit of different 16-bit words cancel in the
            // RFC 1071 sum, a corruption only the Ethernet CRC (which the link does not model) catches.
            b.corrupt(r.nextDouble() * 0.03, 1);
        }
        if (r.chance(0.3)) {
            b.truncate(r.nextDouble() * 0.02);
        }
        return b.build();
    }

    /** Bytes the scenario moves, both directions of every connection. */
    public long totalBytes() {
        long n = 0;
        for (Connection c : connections) {
            n += c.aToBBytes() + (long) c.bToABytes();
        }
        return n;
    }

    /** One line per setting, for a failure report. */
    public String describe() {
        final StringBuilder sb = new StringBuilder();
        sb.append("host b ").append(hostKind.label()).append(ddp != null ? ": " + ddp : card != null ? ": " + card : "")
            .append(cardNode != null ? ": " + cardNode : "").append("\n  ");
        sb.append("link ").append(bitsPerSecond / 1_000_000).append(" Mb/s, delay ")
            .append(propagationDelayNs / 1000).append(" us, faults until ").append(faultPhaseNs / MS).append(" ms\n");
        sb.append("  a>b ").append(aToB).append('\n');
        sb.append("  b>a ").append(bToA).append('\n');
        for (Partition p : partitions) {
            sb.append("  partition ").append(p.aToB() ? "a>b" : "b>a").append(" at ").append(p.startNs() / MS)
                .append(" ms for ").append(p.lengthNs() / MS).append(" ms\n");
        }
        sb.append("  tcp mss ").append(tcp.mssBytes()).append(" sndbuf ").append(tcp.sendBufferBytes())
            .append(" rcvbuf ").append(tcp.receiveBufferBytes()).append(" wscale ").append(tcp.windowScaling())
            .append(" ts ").append(tcp.timestamps()).append(" sack ").append(tcp.sack()).append(" nagle ")
            .append(tcp.nagle()).append(' ').append(congestionControl).append(" loss detection ")
            .append(tcp.lossDetection().cliName()).append('\n');
        sb.append("  reader ").append(readIntervalNs == 0 ? "fast" : "every " + readIntervalNs / 1000 + " us, "
            + readChunkBytes + " B").append('\n');
        for (int i = 0; i < connections.size(); i++) {
            final Connection c = connections.get(i);
            sb.append("  conn ").append(i).append(c.ipv6() ? " IPv6 " : " IPv4 ").append(c.aToBBytes())
                .append(" B a>b, ").append(c.bToABytes()).append(" B b>a")
                .append(c.aborts() ? ", aborted by the " + (c.abortByClient() ? "client" : "server") + " at "
                    + c.abortAtNs() / MS + " ms" : "").append('\n');
        }
        return sb.toString();
    }
}
