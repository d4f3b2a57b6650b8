package dev.toeless.nic.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in profiles: host CPUs of 2003, 2010, 2018 and 2025, and the card CPUs the TOE issues
 * will use (a TOE ASIC pipeline, BlueField-2 and BlueField-3 Arm cores). Public figures anchor
 * each year (the source column says which and how a value was derived from it); everything no
 * public source gives is marked {@code estimate}. The split of a measured total over the
 * per-operation costs is always an estimate.
 */
public final class CostProfiles {
    private static final String FOONG = "Foong et al., TCP performance re-visited, ISPASS 2003";
    private static final String DUMAZET = "Dumazet, tcp_mmap with TCP_ZEROCOPY_RECEIVE, netdev 2018";
    private static final String ZCRX = "io_uring zero copy rx v14 cover letter (EPYC 9454, 200G bnxt)";
    private static final String DDIO = "Intel DDIO: DMA writes to 2 of 11 LLC ways (Farshin et al., ATC 2020)";
    private static final String NO_DDIO = "no DDIO before Xeon E5 (2012): DMA writes go to memory, data is cold";
    private static final String PCIE_BENCH = "posted write about 100 ns to issue (pcie-bench, Neugebauer et al., "
        + "SIGCOMM 2018)";
    private static final String LEGACY_IRQ =
        "Linux e1000_intr (drivers/net/ethernet/intel/e1000/e1000_main.c) reads ICR on every interrupt";
    private static final String MSIX_IRQ =
        "MSI-X: the vector names the queue; ixgbe and mlx5 read no register per interrupt";
    private static final String MMIO = "herjulf/mmio_test: 0.7-0.9 us per e1000 register read at 2.4 GHz";
    private static final Map<String, CostProfile> BUILT_IN = new LinkedHashMap<>();

    static {
        for (CostProfile p : List.of(host2003(), host2010(), host2018(), host2025(), toeAsic(), blueField2(),
            blueField3())) {
            BUILT_IN.put(p.name(), p);
        }
    }

    private CostProfiles() {
    }

    /** Every built-in profile, by name, in print order. */
    public static Map<String, CostProfile> builtIn() {
        return java.util.Collections.unmodifiableMap(BUILT_IN);
    }

    /** A built-in profile, or null. */
    public static CostProfile named(String name) {
        return BUILT_IN.get(name.toLowerCase(Locale.ROOT));
    }

    /** The profile every command uses when none is given. */
    public static CostProfile defaultHost() {
        return BUILT_IN.get("host-2025");
    }

    static CostProfile host2003() {
        return new Builder("host-2003", CostProfile.Kind.HOST,
            "2.4 GHz Pentium 4 Xeon, 512 KiB L2, gigabit NIC; per-op costs scaled so the demo's csum mode at "
                + "1 Gbit/s costs about 8 cycles per byte, 1 Hz per bit/s (" + FOONG + ")")
            .basics(2.4, "Foong et al. test system, 2.4 GHz", 1, 512 << 10, "Pentium 4 Xeon 512 KiB L2", 0, NO_DDIO)
            .op(CostOp.INTERRUPT, 1900).op(CostOp.NAPI_POLL, 300).op(CostOp.RX_DESCRIPTOR, 45)
            .op(CostOp.TX_DESCRIPTOR, 57).op(CostOp.DRIVER_RX_PACKET, 265).op(CostOp.DRIVER_TX_PACKET, 340)
            .op(CostOp.GRO_SEGMENT, 95).op(CostOp.IP_INPUT, 170).op(CostOp.IP_OUTPUT, 190)
            .op(CostOp.TCP_FAST_PATH, 340).op(CostOp.TCP_SLOW_PATH, 1330).op(CostOp.PURE_ACK, 380)
            .op(CostOp.TIMER, 230).op(CostOp.WAKEUP, 760).op(CostOp.SYSCALL, 230).op(CostOp.PAGE_FLIP, 265)
            .op(CostOp.CONNECTION_SETUP, 9500).op(CostOp.CONNECTION_TEARDOWN, 4560)
            .op(CostOp.DOORBELL, 200, "estimate: posted write on a 2003 chipset")
            .op(CostOp.MMIO_READ, 800, MMIO)
            .bytes(ByteOp.COPY, 0.45, 1.2).bytes(ByteOp.CHECKSUM, 0.35, 0.8)
            .extra(new CostParameter(CostProfile.INTERRUPT_CAUSE_READS, 1, "reads", LEGACY_IRQ))
            .build();
    }

    static CostProfile host2010() {
        return new Builder("host-2010", CostProfile.Kind.HOST,
            "2.93 GHz Xeon X5670 (Westmere), 12 MiB L3, 10G NIC, no DDIO; no public total, all estimates")
            .basics(2.93, "Xeon X5670 data sheet", 1, 12 << 20, "Xeon X5670: 12 MiB L3", 0, NO_DDIO)
            .op(CostOp.INTERRUPT, 2000).op(CostOp.NAPI_POLL, 300).op(CostOp.RX_DESCRIPTOR, 25)
            .op(CostOp.TX_DESCRIPTOR, 40).op(CostOp.DRIVER_RX_PACKET, 150).op(CostOp.DRIVER_TX_PACKET, 300)
            .op(CostOp.GRO_SEGMENT, 70).op(CostOp.IP_INPUT, 90).op(CostOp.IP_OUTPUT, 120)
            .op(CostOp.TCP_FAST_PATH, 160).op(CostOp.TCP_SLOW_PATH, 900).op(CostOp.PURE_ACK, 260)
            .op(CostOp.TIMER, 200).op(CostOp.WAKEUP, 800).op(CostOp.SYSCALL, 100).op(CostOp.PAGE_FLIP, 250)
            .op(CostOp.CONNECTION_SETUP, 8000).op(CostOp.CONNECTION_TEARDOWN, 5000)
            .op(CostOp.DOORBELL, 100, PCIE_BENCH).op(CostOp.MMIO_READ, 1000, "estimate: about 1 us round trip")
            .bytes(ByteOp.COPY, 0.12, 0.3).bytes(ByteOp.CHECKSUM, 0.1, 0.25)
            .extra(new CostParameter(CostProfile.INTERRUPT_CAUSE_READS, 0, "reads", MSIX_IRQ))
            .build();
    }

    static CostProfile host2018() {
        return new Builder("host-2018", CostProfile.Kind.HOST,
            "2.4 GHz Xeon Skylake-SP with DDIO; copy and page-flip costs derived from " + DUMAZET)
            .basics(2.4, ESTIMATE_SERVER_CLOCK, 1, 33 << 20, "Xeon Platinum 8160: 33 MiB L3", 6 << 20,
                DDIO + ", 2/11 of 33 MiB")
            .op(CostOp.INTERRUPT, 1300).op(CostOp.NAPI_POLL, 200).op(CostOp.RX_DESCRIPTOR, 13)
            .op(CostOp.TX_DESCRIPTOR, 26).op(CostOp.DRIVER_RX_PACKET, 80).op(CostOp.DRIVER_TX_PACKET, 200)
            .op(CostOp.GRO_SEGMENT, 45).op(CostOp.IP_INPUT, 52).op(CostOp.IP_OUTPUT, 80)
            .op(CostOp.TCP_FAST_PATH, 90).op(CostOp.TCP_SLOW_PATH, 520).op(CostOp.PURE_ACK, 160)
            .op(CostOp.TIMER, 130).op(CostOp.WAKEUP, 520).op(CostOp.SYSCALL, 250)
            .op(CostOp.PAGE_FLIP, 285, "derived: 60-86 us/MB zero copy over 256 pages/MB, an upper bound ("
                + DUMAZET + ")")
            .op(CostOp.CONNECTION_SETUP, 5000).op(CostOp.CONNECTION_TEARDOWN, 3200)
            .op(CostOp.DOORBELL, 100, PCIE_BENCH).op(CostOp.MMIO_READ, 1000, "estimate: about 1 us round trip")
            .bytes(ByteOp.COPY, 0.055, new CostParameter(ByteOp.COPY.parameter(false), 0.108, "ns/B",
                "derived: (155-207) - (60-86) us/MB of CPU, copy vs zero copy (" + DUMAZET + ")"))
            .bytes(ByteOp.CHECKSUM, 0.05, 0.1)
            .extra(new CostParameter(CostProfile.INTERRUPT_CAUSE_READS, 0, "reads", MSIX_IRQ))
            .build();
    }

    private static final String ESTIMATE_SERVER_CLOCK = "estimate: a 2018 server core";

    static CostProfile host2025() {
        return new Builder("host-2025", CostProfile.Kind.HOST,
            "AMD EPYC 9454 (Zen 4) core, 32 MiB L3 per CCD; copy cost bounded by " + ZCRX)
            .basics(2.75, "AMD EPYC 9454 base clock", 1, 32 << 20, "AMD EPYC 9454: 32 MiB L3 per CCD", 4 << 20,
                "estimate: DMA data kept in 4 MiB of L3 (no DDIO documented on EPYC)")
            .op(CostOp.INTERRUPT, 1000).op(CostOp.NAPI_POLL, 150).op(CostOp.RX_DESCRIPTOR, 10)
            .op(CostOp.TX_DESCRIPTOR, 20).op(CostOp.DRIVER_RX_PACKET, 60).op(CostOp.DRIVER_TX_PACKET, 150)
            .op(CostOp.GRO_SEGMENT, 35).op(CostOp.IP_INPUT, 40).op(CostOp.IP_OUTPUT, 60)
            .op(CostOp.TCP_FAST_PATH, 70).op(CostOp.TCP_SLOW_PATH, 400).op(CostOp.PURE_ACK, 120)
            .op(CostOp.TIMER, 100).op(CostOp.WAKEUP, 400).op(CostOp.SYSCALL, 120).op(CostOp.PAGE_FLIP, 60)
            .op(CostOp.CONNECTION_SETUP, 4000).op(CostOp.CONNECTION_TEARDOWN, 2500)
            .op(CostOp.DOORBELL, 100, PCIE_BENCH).op(CostOp.MMIO_READ, 1000, "estimate: about 1 us round trip")
            .bytes(ByteOp.COPY, 0.045, new CostParameter(ByteOp.COPY.parameter(false), 0.09, "ns/B",
                "derived: epoll 82.2 Gbit/s on one app core bounds copy + syscalls at 0.097 ns/B (" + ZCRX + ")"))
            .bytes(ByteOp.CHECKSUM, 0.04, 0.08)
            .extra(new CostParameter(CostProfile.INTERRUPT_CAUSE_READS, 0, "reads", MSIX_IRQ))
            .build();
    }

    static CostProfile toeAsic() {
        final Builder b = new Builder("toe-asic", CostProfile.Kind.TOE_PIPELINE,
            "a TOE ASIC's fixed-function pipeline: a fixed time per segment (Chelsio T6 class)")
            .basics(1, "estimate: pipeline clock", 1, 0, "no cache: a pipeline", 0, "no cache: a pipeline");
        final String lineRate = "derived: line rate at 100 Gbit/s is at most 120 ns per 1500-byte segment "
            + "(Chelsio product pages)";
        for (CostOp op : CostOp.values()) {
            switch (op) {
                case TCP_FAST_PATH, TCP_SLOW_PATH, PURE_ACK -> b.op(op, 120, lineRate);
                case CONNECTION_SETUP -> b.op(op, 2000, "estimate: the card's control processor (firmware), not "
                    + "the pipeline, opens a connection: TID, lookup-hash and L2T entries, about 2 us");
                case CONNECTION_TEARDOWN -> b.op(op, 1000, "estimate: the card's control processor frees the TID "
                    + "and its entries, about 1 us");
                default -> b.op(op, 0, "not a pipeline operation");
            }
        }
        b.bytes(ByteOp.COPY, zero(ByteOp.COPY, true), zero(ByteOp.COPY, false));
        b.bytes(ByteOp.CHECKSUM, zero(ByteOp.CHECKSUM, true), zero(ByteOp.CHECKSUM, false));
        b.extra(new CostParameter("added_latency_ns", 1000, "ns",
            "Chelsio product pages: under 1 us through the card (T5/T6)"));
        return b.build();
    }

    private static CostParameter zero(ByteOp op, boolean warm) {
        return new CostParameter(op.parameter(warm), 0, "ns/B", "in the pipeline's datapath at line rate");
    }

    static CostProfile blueField2() {
        return cardCores("bluefield-2", "BlueField-2 DPU: 8 Arm A72 cores, PCIe Gen4", 8, 2.5, 2.5,
            "NVIDIA BlueField-2 documentation: 8 Arm A72 cores",
            "estimate: host-2018 x 2.5, so 8 cores carry about half of 100 Gbit/s in kernel TCP (arXiv 2105.06619)");
    }

    static CostProfile blueField3() {
        return cardCores("bluefield-3", "BlueField-3 DPU: 16 Arm A78 cores, PCIe Gen5", 16, 3.0, 1.5,
            "NVIDIA BlueField-3 documentation: 16 Arm A78 cores", "estimate: host-2018 x 1.5 per core");
    }

    private static CostProfile cardCores(String name, String description, int cores, double ghz, double factor,
                                         String coreSource, String opSource) {
        final CostProfile base = host2018();
        final Builder b = new Builder(name, CostProfile.Kind.CARD_CORES, description)
            .basics(ghz, "estimate: Arm core clock", cores, coreSource, 6 << 20, "estimate: 6 MiB L3", 0,
                "estimate: card DMA lands in card memory");
        for (CostOp op : CostOp.values()) {
            b.op(op, base.value(op.parameter()) * factor, opSource);
        }
        for (ByteOp op : ByteOp.values()) {
            b.bytes(op, new CostParameter(op.parameter(true), base.value(op.parameter(true)) * factor, "ns/B", opSource),
                new CostParameter(op.parameter(false), base.value(op.parameter(false)) * factor, "ns/B", opSource));
        }
        return b.build();
    }

    /** Builds a profile's parameter list in print order. */
    private static final class Builder {
        private final String name;
        private final CostProfile.Kind kind;
        private final String description;
        private final List<CostParameter> basics = new ArrayList<>();
        private final Map<CostOp, CostParameter> ops = new LinkedHashMap<>();
        private final List<CostParameter> bytes = new ArrayList<>();
        private final List<CostParameter> extras = new ArrayList<>();

        Builder(String name, CostProfile.Kind kind, String description) {
            this.name = name;
            this.kind = kind;
            this.description = description;
        }

        Builder basics(double ghz, String ghzSource, int cores, long llc, String llcSource, long dma, String dmaSource) {
            return basics(ghz, ghzSource, cores, "estimate: one core per host unless --cores says otherwise", llc,
                llcSource, dma, dmaSource);
        }

        Builder basics(double ghz, String ghzSource, int cores, String coresSource, long llc, String llcSource,
                       long dma, String dmaSource) {
            basics.add(new CostParameter(CostProfile.CLOCK_GHZ, ghz, "GHz", ghzSource));
            basics.add(new CostParameter(CostProfile.CORES, cores, "cores", coresSource));
            basics.add(new CostParameter(CostProfile.LLC_BYTES, llc, "bytes", llcSource));
            basics.add(new CostParameter(CostProfile.DMA_CACHE_BYTES, dma, "bytes", dmaSource));
            return this;
        }

        Builder op(CostOp op, double ns) {
            return op(op, ns, CostParameter.ESTIMATE);
        }

        Builder op(CostOp op, double ns, String source) {
            ops.put(op, new CostParameter(op.parameter(), ns, "ns", source));
            return this;
        }

        Builder bytes(ByteOp op, double warm, double cold) {
            return bytes(op, CostParameter.estimate(op.parameter(true), warm, "ns/B"),
                CostParameter.estimate(op.parameter(false), cold, "ns/B"));
        }

        Builder bytes(ByteOp op, double warm, CostParameter cold) {
            return bytes(op, CostParameter.estimate(op.parameter(true), warm, "ns/B"), cold);
        }

        Builder bytes(ByteOp op, CostParameter warm, CostParameter cold) {
            bytes.add(warm);
            bytes.add(cold);
            return this;
        }

        Builder extra(CostParameter p) {
            extras.add(p);
            return this;
        }

        CostProfile build() {
            final List<CostParameter> all = new ArrayList<>(basics);
            for (CostOp op : CostOp.values()) {
                all.add(ops.get(op));
            }
            all.addAll(bytes);
            all.addAll(extras);
            return new CostProfile(name, kind, description, all);
        }
    }
}
