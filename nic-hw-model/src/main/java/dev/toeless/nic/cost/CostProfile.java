package dev.toeless.nic.cost;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of cost parameters for one CPU (a host of some year, a TOE pipeline, a DPU's cores):
 * the time of every {@link CostOp}, the per-byte rates of every {@link ByteOp} warm and cold, the
 * clock, the core count and the cache that DMA writes land in. Every parameter carries its unit and
 * its source or the word {@code estimate}; {@link #parameters()} lists them in print order.
 *
 * <p>Immutable. Costs are also kept in picoseconds for exact, deterministic sums.
 */
public final class CostProfile {
    public static final String CLOCK_GHZ = "clock_ghz";
    public static final String CORES = "cores";
    public static final String LLC_BYTES = "llc_bytes";
    public static final String DMA_CACHE_BYTES = "dma_cache_bytes";
    /** Device registers the driver reads on each interrupt to learn its cause (0 with MSI-X). */
    public static final String INTERRUPT_CAUSE_READS = "interrupt_cause_reads";

    /** What the profile models. */
    public enum Kind { HOST, TOE_PIPELINE, CARD_CORES }

    private final String name;
    private final Kind kind;
    private final String description;
    private final Map<String, CostParameter> parameters;
    private final long[] opPs = new long[CostOp.values().length];
    private final double[] warmPsPerByte = new double[ByteOp.values().length];
    private final double[] coldPsPerByte = new double[ByteOp.values().length];

    public CostProfile(String name, Kind kind, String description, List<CostParameter> parameters) {
        this.name = name;
        this.kind = kind;
        this.description = description;
        final Map<String, CostParameter> byName = new LinkedHashMap<>();
        for (CostParameter p : parameters) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException(name + ": parameter " + p.name() + " given twice");
            }
        }
        this.parameters = Collections.unmodifiableMap(byName);
        for (String required : List.of(CLOCK_GHZ, CORES, LLC_BYTES, DMA_CACHE_BYTES)) {
            require(required);
        }
        if (value(CORES) < 1 || value(CORES) != Math.rint(value(CORES))) {
            throw new IllegalArgumentException(name + ": cores must be a whole number >= 1");
        }
        if (value(CLOCK_GHZ) <= 0) {
            throw new IllegalArgumentException(name + ": clock_ghz must be above 0");
        }
        for (CostOp op : CostOp.values()) {
            opPs[op.ordinal()] = Math.round(require(op.parameter()).value() * 1000);
        }
        for (ByteOp op : ByteOp.values()) {
            warmPsPerByte[op.ordinal()] = require(op.parameter(true)).value() * 1000;
            coldPsPerByte[op.ordinal()] = require(op.parameter(false)).value() * 1000;
        }
    }

    private CostParameter require(String parameter) {
        final CostParameter p = parameters.get(parameter);
        if (p == null) {
            throw new IllegalArgumentException(name + ": parameter " + parameter + " missing");
        }
        return p;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** Every parameter, in print order. */
    public List<CostParameter> parameters() {
        return new ArrayList<>(parameters.values());
    }

    public CostParameter parameter(String parameterName) {
        return parameters.get(parameterName);
    }

    public double value(String parameterName) {
        return require(parameterName).value();
    }

    /**
     * Non-posted register reads the driver makes per interrupt: a legacy (INTx) driver reads the
     * interrupt cause register, an MSI-X driver knows the cause from the vector. A profile without
     * the parameter (an older calibrated file) reads none.
     */
    public int interruptCauseReads() {
        final CostParameter p = parameter(INTERRUPT_CAUSE_READS);
        return p == null ? 0 : (int) p.value();
    }

    public double clockGhz() {
        return value(CLOCK_GHZ);
    }

    public int cores() {
        return (int) value(CORES);
    }

    /** Bytes of last-level cache that DMA writes are placed in (0: DMA goes to memory, data is cold). */
    public long dmaCacheBytes() {
        return (long) value(DMA_CACHE_BYTES);
    }

    /** Picoseconds one {@code op} costs. */
    public long picos(CostOp op) {
        return opPs[op.ordinal()];
    }

    /** Picoseconds {@code bytes} of {@code op} cost at the warm or cold rate (rounded once). */
    public long picos(ByteOp op, boolean warm, long bytes) {
        return Math.round((warm ? warmPsPerByte : coldPsPerByte)[op.ordinal()] * bytes);
    }

    /** A copy with some parameters replaced (same units); unknown names are refused. */
    public CostProfile with(String newName, String newDescription, List<CostParameter> replacements) {
        final Map<String, CostParameter> merged = new LinkedHashMap<>(parameters);
        for (CostParameter p : replacements) {
            final CostParameter old = merged.get(p.name());
            if (old == null) {
                throw new IllegalArgumentException("unknown parameter " + p.name() + " for profile " + name);
            }
            merged.put(p.name(), new CostParameter(p.name(), p.value(), old.unit(), p.source()));
        }
        return new CostProfile(newName, kind, newDescription, new ArrayList<>(merged.values()));
    }

    /** The same profile with {@code n} cores. */
    public CostProfile withCores(int n) {
        return with(name, description, List.of(new CostParameter(CORES, n, "cores", "command line")));
    }

    /** The parameters as a plain-text table: name, value, unit, source. */
    public String table() {
        int w0 = "parameter".length();
        int w1 = "value".length();
        int w2 = "unit".length();
        final List<String[]> rows = new ArrayList<>();
        for (CostParameter p : parameters.values()) {
            final String[] row = {p.name(), format(p.value()), p.unit(), p.source()};
            rows.add(row);
            w0 = Math.max(w0, row[0].length());
            w1 = Math.max(w1, row[1].length());
            w2 = Math.max(w2, row[2].length());
        }
        final StringBuilder b = new StringBuilder();
        b.append("profile ").append(name).append(" (").append(kind.name().toLowerCase(java.util.Locale.ROOT))
            .append("): ").append(description).append('\n');
        final String fmt = "%-" + w0 + "s | %" + w1 + "s | %-" + w2 + "s | %s%n";
        b.append(String.format(fmt, "parameter", "value", "unit", "source"));
        b.append("-".repeat(w0)).append("-+-").append("-".repeat(w1)).append("-+-").append("-".repeat(w2))
            .append("-+-------\n");
        for (String[] row : rows) {
            b.append(String.format(fmt, (Object[]) row));
        }
        return b.toString();
    }

    /** A value as the table and profile files print it: no trailing zeros, no exponent. */
    public static String format(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return "CostProfile[" + name + "]";
    }
}
