package dev.toeless.stack.ip;

import dev.toeless.nic.stats.CounterSet;
import dev.toeless.nic.stats.CounterVisitor;

import java.util.Locale;

/** Counters of the IP layer: packets in and out, and every drop by {@link IpDrop} reason. */
public final class IpCounters implements CounterSet {
    private static final IpDrop[] DROPS = IpDrop.values();
    private static final String[] DROP_NAMES = new String[DROPS.length];

    static {
        for (IpDrop d : DROPS) {
            DROP_NAMES[d.ordinal()] = "dropped_" + d.name().toLowerCase(Locale.ROOT);
        }
    }

    private final long[] drops = new long[DROPS.length];
    long received;
    long delivered;
    long sent;
    long echoRequests;
    long echoReplies;
    long icmpErrorsIn;
    long pathMtuReports;
    long rejectsSent;

    void drop(IpDrop reason) {
        drops[reason.ordinal()]++;
    }

    public long drops(IpDrop reason) {
        return drops[reason.ordinal()];
    }

    public long totalDrops() {
        long n = 0;
        for (long d : drops) {
            n += d;
        }
        return n;
    }

    /** Frames the device delivered to the IP layer. */
    public long received() {
        return received;
    }

    /** Packets handed to TCP or answered here (ICMP, ARP, ND). */
    public long delivered() {
        return delivered;
    }

    /** Packets handed to the device. */
    public long sent() {
        return sent;
    }

    public long echoRequests() {
        return echoRequests;
    }

    public long echoReplies() {
        return echoReplies;
    }

    public long icmpErrorsIn() {
        return icmpErrorsIn;
    }

    public long pathMtuReports() {
        return pathMtuReports;
    }

    /** RSTs and ICMP unreachables sent because a filter rule rejected a packet. */
    public long rejectsSent() {
        return rejectsSent;
    }

    /** Every count under its report name: traffic, then each drop reason as {@code dropped_REASON}. */
    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.counter("received", received);
        visitor.counter("delivered", delivered);
        visitor.counter("sent", sent);
        visitor.counter("echo_requests", echoRequests);
        visitor.counter("echo_replies", echoReplies);
        visitor.counter("icmp_errors_in", icmpErrorsIn);
        visitor.counter("path_mtu_reports", pathMtuReports);
        visitor.counter("rejects_sent", rejectsSent);
        for (IpDrop d : DROPS) {
            visitor.counter(DROP_NAMES[d.ordinal()], drops[d.ordinal()]);
        }
    }

    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder("IpCounters[in ").append(received).append(" delivered ")
            .append(delivered).append(" out ").append(sent);
        for (IpDrop d : IpDrop.values()) {
            if (drops[d.ordinal()] != 0) {
                b.append(' ').append(d).append('=').append(drops[d.ordinal()]);
            }
        }
        return b.append(']').toString();
    }
}
