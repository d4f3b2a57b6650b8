package dev.toeless.stack.filter;

/**
 * A rule's match on the IP packet length (header included), as iptables' {@code -m length
 * --length min[:max]}.
 *
 * @param min     the shortest length matched, bytes
 * @param max     the longest length matched, bytes
 * @param negated match lengths outside the range
 */
public record LengthMatch(int min, int max, boolean negated) {
    public LengthMatch {
        if (min < 0 || max > 0xFFFF || min > max) {
            throw new IllegalArgumentException("length range " + min + ":" + max + " is not within 0..65535 in order");
        }
    }

    boolean matches(int lengthBytes) {
        return (lengthBytes >= min && lengthBytes <= max) != negated;
    }

    @Override
    public String toString() {
        return (negated ? "! " : "") + "--length " + (min == max ? String.valueOf(min) : min + ":" + max);
    }
}
