package dev.toeless.nic.cost;

import java.util.List;

/**
 * What registering memory for direct data placement costs the host, in virtual time: a fixed part
 * per registration call (the system call, the driver, the card command that writes the region's
 * entry) and a part per 4 KiB page pinned (fault in, pin, DMA-map, write one translation entry).
 * The per-page figure has a public source; the fixed part does not and says {@code estimate}.
 *
 * @param perCall  ns per registration call
 * @param perPage  ns per 4 KiB page pinned
 */
public record RegistrationCost(CostParameter perCall, CostParameter perPage) {
    /** The per-page source: 256 GB in more than 20 s is 20 s over 64 Mi pages, 0.30 us a page. */
    public static final String LIBFABRIC_4738 = "libfabric issue 4738: fi_mr_reg (verbs) of 256 GB took "
        + "more than 20 s, so 20 s / 64 Mi pages = 0.30 us per 4 KiB page";

    /** The default: 0.3 us per page (libfabric issue 4738) and 2 us per call (estimate). */
    public static final RegistrationCost DEFAULT = new RegistrationCost(
        CostParameter.estimate("mr_register_call_ns", 2_000, "ns per registration call"),
        new CostParameter("mr_pin_page_ns", 300, "ns per 4 KiB page pinned", LIBFABRIC_4738));

    public RegistrationCost {
        if (perCall == null || perPage == null) {
            throw new IllegalArgumentException("a registration cost needs both parts");
        }
    }

    /** Nanoseconds one registration of {@code pages} pages costs. */
    public long ns(int pages) {
        return Math.round(perCall.value() + perPage.value() * Math.max(0, pages));
    }

    public List<CostParameter> parameters() {
        return List.of(perCall, perPage);
    }

    /** One line per parameter: name, value, unit, source ({@code estimate} where there is none). */
    public String table() {
        final StringBuilder sb = new StringBuilder();
        for (CostParameter p : parameters()) {
            sb.append(p.name()).append(" = ").append(CostProfile.format(p.value())).append(' ').append(p.unit())
                .append("  (").append(p.source()).append(")\n");
        }
        return sb.toString();
    }
}
