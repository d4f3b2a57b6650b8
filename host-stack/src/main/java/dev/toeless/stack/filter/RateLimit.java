package dev.toeless.stack.filter;

/**
 * A rule's rate match, as iptables' {@code -m limit --limit count/unit --limit-burst burst}: the
 * rule matches at most {@code count} packets per {@code unit} on average, with up to
 * {@code burst} at once. A token bucket in virtual time, starting full.
 *
 * @param count the packets per unit, at least 1
 * @param unit  the period
 * @param burst the bucket size in packets, at least 1
 */
public record RateLimit(long count, Unit unit, int burst) {
    /** The periods iptables knows. */
    public enum Unit {
        SECOND(1_000_000_000L),
        MINUTE(60_000_000_000L),
        HOUR(3_600_000_000_000L),
        DAY(86_400_000_000_000L);

        private final long periodNs;

        Unit(long periodNs) {
            this.periodNs = periodNs;
        }

        public long periodNs() {
            return periodNs;
        }

        /** Accepts the spellings iptables does: s, sec, second, m, min, minute, ... */
        static Unit parse(String text) {
            return switch (text) {
                case "s", "sec", "second" -> SECOND;
                case "m", "min", "minute" -> MINUTE;
                case "h", "hour" -> HOUR;
                case "d", "day" -> DAY;
                default -> null;
            };
        }

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RateLimit {
        if (count < 1 || burst < 1 || unit == null) {
            throw new IllegalArgumentException("a rate limit needs a positive count, a unit and a positive burst");
        }
    }

    @Override
    public String toString() {
        return "-m limit --limit " + count + "/" + unit.text() + " --limit-burst " + burst;
    }
}
