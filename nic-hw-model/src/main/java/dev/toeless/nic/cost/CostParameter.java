package dev.toeless.nic.cost;

/**
 * One named parameter of a cost model: its value, its unit and where the value comes from (a
 * public source, a derivation from one, a measurement, or the word {@code estimate}).
 */
public record CostParameter(String name, double value, String unit, String source) {
    public static final String ESTIMATE = "estimate";

    public CostParameter {
        if (name == null || name.isBlank() || unit == null || source == null || source.isBlank()) {
            throw new IllegalArgumentException("a parameter needs a name, a unit and a source: " + name);
        }
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(name + " must be a finite value >= 0: " + value);
        }
    }

    public static CostParameter estimate(String name, double value, String unit) {
        return new CostParameter(name, value, unit, ESTIMATE);
    }

    public boolean isEstimate() {
        return source.contains(ESTIMATE);
    }

    public CostParameter withValue(double newValue, String newSource) {
        return new CostParameter(name, newValue, unit, newSource);
    }
}
