package dev.toeless.bench.sim.flood;

import dev.toeless.bench.report.LatencySummary;

import java.util.Map;

/**
 * What one SYN-flood run measured, all in virtual time. Peaks are over every scheduler event of
 * the run.
 *
 * @param scenario          what ran
 * @param server            the attachment under attack ("host")
 * @param legitAttempted    legitimate connections opened
 * @param legitSucceeded    of those, whole response received within the client timeout
 * @param spoofedSyns       spoofed SYNs sent
 * @param peakHalfOpen      the most half-open connections the listener held at once
 * @param peakSockets       the most connection states the server held at once
 * @param peakSocketMemoryBytes the most bytes charged to the server's socket memory
 * @param peakPages         the most pages of the server's memory referenced at once beyond those it
 *                          holds at rest (its driver's buffers posted to the NIC's rings)
 * @param end               the listener's figures at the end of the attack
 * @param connectTimes      time from connect to the whole response, of the successes: median, 99th
 *                          percentile and the longest (a median hides the clients that waited for a
 *                          retransmitted SYN)
 * @param leak              null, or what the server still held after everything timed out
 * @param virtualNs         virtual time the run covered
 * @param events            scheduler events executed
 * @param queueFullAfterNs  virtual time from the attack's start until the server's SYN queue first held its
 *                          backlog, or -1 when it never did
 * @param serverCounters    the server's own counters at the end (a TOE card's admitted, fallen back, refused)
 */
public record SynFloodResult(SynFloodScenario scenario, String server, long legitAttempted, long legitSucceeded,
                             long spoofedSyns, int peakHalfOpen, int peakSockets, long peakSocketMemoryBytes,
                             long peakPages, ListenerMemory end, LatencySummary connectTimes, String leak, long virtualNs,
                             long events, long queueFullAfterNs, Map<String, Long> serverCounters) {
    /** The goal with SYN cookies: at least this share of legitimate connections succeed. */
    public static final double GOAL = 0.99;

    public SynFloodResult {
        serverCounters = Map.copyOf(serverCounters);
    }

    public double successRate() {
        return legitAttempted == 0 ? 1.0 : (double) legitSucceeded / legitAttempted;
    }

    /** Half-open state never beyond the backlog and nothing leaked. */
    public boolean memoryBounded() {
        return peakHalfOpen <= scenario.backlog() && leak == null;
    }
}
