package dev.toeless.bench.debate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The ten claims, C1..C10, with their seeds' words (quoted from {@code shared/seeds/}). */
public final class Claims {
    private static final Map<String, Claim> ALL = new LinkedHashMap<>();

    static {
        add("C1", "Receive page accumulation lets data go to the device with the CPU never touching a byte",
            "With my scheme you can receive the data, go direct to the device, and the cpu never touches one byte.",
            "David S. Miller, netdev, 14 Jul 2003 (seed 000)",
            "a bulk transfer into a file, every mode, on the same link and cost profile");
        add("C2", "Processing TCP headers takes few cycles (header prediction)",
            "Jacobson showed how to use \"header prediction\" to process the common case for a TCP connection in very few "
                + "instructions. The overhead of the TCP protocol per se does not justify offloading.",
            "Jeffrey Mogul, \"TCP offload is a dumb idea whose time has come\", HotOS 2003 (seed 002)",
            "a bulk transfer in none and stateless: modeled host cost per segment on the fast path and off it, and the "
                + "share of host time in protocol work against touching data");
        add("C3", "For connection-intensive work (HTTP) TOE often underperforms",
            "For connection intensive protocols such as HTTP, TOE often underperforms.",
            "Linux Foundation, \"toe\" (seed 003)",
            "short connections (request, response, close), response size swept, every mode");
        add("C4", "TOE cards run out of resources with thousands of connections, then fall back or deny",
            "Once resources are exhausted, TOE will either fall back to 100% software net stack, defeating the purpose of "
                + "TOE, or will deny service to additional clients.",
            "Linux Foundation, \"toe\" (seed 003)",
            "concurrent connections ramped up: admitted, fallen back, refused; bytes per connection host against card");
        add("C5", "A SYN flood can use up all TOE resources in seconds",
            "For example, a SYN flood could potentially use up all TOE resources in a matter of seconds.",
            "Linux Foundation, \"toe\" (seed 003)",
            "a SYN flood at rising rates beside legitimate clients; the host stack answers with SYN cookies");
        add("C6", "Host CPUs catch up with TOE; the card becomes the bottleneck",
            "Each TOE NIC has a limited lifetime of usefulness, because system hardware rapidly catches up to TOE "
                + "performance levels, and eventually exceeds TOE performance levels.",
            "Linux Foundation, \"toe\" (seed 003); Mogul (seed 002): \"The TOE can become the bottleneck\"",
            "the cost model's projection: host CPU per byte of each generation (measured by a transfer on the model) "
                + "against line rates of 1..400 Gbit/s, beside cards of fixed speed");
        add("C7", "TOE loses netfilter, QoS, congestion-control choice and the global view of socket memory",
            "TOE NICs will not provide netfilter, packet scheduling, QoS, and many other features that Linux users depend "
                + "on. [...] the VM cannot adequately manage overall socket buffer memory usage.",
            "Linux Foundation, \"toe\" (seed 003)",
            "during a transfer, a filter rule, a qdisc rate limit, a congestion-control switch and a global socket "
                + "memory cap are applied; which modes honour each, and the effect measured");
        add("C8", "Transport offload pays off for RDMA/DDP: few long, high-bandwidth connections",
            "offloading the transport layer becomes valuable not for its own sake, but rather because that allows "
                + "offloading of the RDMA",
            "Jeffrey Mogul, HotOS 2003 (seed 002)",
            "DDP against stateless: few large transfers and many small; bad steering tags");
        add("C9", "A card running a full stack as its own node, 64 KiB MTU over PCI, no checksums",
            "your host system OS will communicate with the Linux kernel running on the card across the PCI bus, using IP "
                + "packets (64K fixed MTU).",
            "Jeff Garzik, \"The ultimate TOE design\", 15 Sep 2004 (seed 001)",
            "a bulk transfer through the card node: host packets per GB and host CPU per byte against stateless");
        add("C10", "ULP headers mingled with data defeat page placement",
            "this still leaves ULP protocol headers mingled with ULP data, unless complex features are included in the "
                + "TOE interface.",
            "Jeffrey Mogul, HotOS 2003 (seed 002)",
            "uploads of a body behind a protocol header of swept size, stateless mode, with and without the alignment hint");
    }

    private Claims() {
    }

    private static void add(String id, String title, String quote, String source, String experiment) {
        ALL.put(id, new Claim(id, title, quote, source, experiment));
    }

    public static List<Claim> all() {
        return List.copyOf(ALL.values());
    }

    public static Claim get(String id) {
        return ALL.get(id.toUpperCase(Locale.ROOT));
    }

    /** The claims a comma list names ({@code C1,C4}), in C1..C10 order; an unknown id throws. */
    public static List<Claim> parse(List<String> ids) {
        final List<String> wanted = new ArrayList<>();
        for (String id : ids) {
            final Claim c = get(id.trim());
            if (c == null) {
                throw new IllegalArgumentException("unknown claim '" + id.trim() + "' (C1..C10)");
            }
            if (wanted.contains(c.id())) {
                throw new IllegalArgumentException("claim " + c.id() + " named twice");
            }
            wanted.add(c.id());
        }
        return ALL.values().stream().filter(c -> wanted.contains(c.id())).toList();
    }
}
