package dev.toeless.bench.fuzz;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a fuzzing run printed that the summary needs: libFuzzer's closing
 * {@code Done N runs in S second(s)} line and whether Jazzer reported a finding.
 */
final class FuzzOutput {
    private static final Pattern DONE = Pattern.compile("^Done (\\d+) runs in (\\d+) second");
    private static final Pattern FINDING = Pattern.compile("^== Java Exception:|^== Java Assertion Error|"
        + "^== libFuzzer crashing input ==|^ERROR: libFuzzer:|^==\\d+== ERROR: libFuzzer");

    private long executions = -1;
    private long seconds = -1;
    private boolean finding;

    void accept(String line) {
        final Matcher done = DONE.matcher(line);
        if (done.find()) {
            executions = Long.parseLong(done.group(1));
            seconds = Long.parseLong(done.group(2));
        }
        if (FINDING.matcher(line).find()) {
            finding = true;
        }
    }

    /** Executions libFuzzer reported at the end, or -1 when it printed no closing line. */
    long executions() {
        return executions;
    }

    long seconds() {
        return seconds;
    }

    boolean finding() {
        return finding;
    }
}
