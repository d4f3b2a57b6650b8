package dev.toeless.bench.packetdrill;

/**
 * How one script ended.
 *
 * @param script  the script's path as given
 * @param folder  its folder (the summary groups by it)
 * @param status  pass, fail or unsupported
 * @param line    the script line of the first mismatch or unsupported step, or 0
 * @param reason  what was expected and what our stack did (empty for a pass)
 * @param timeNs  the virtual time of that step, or -1
 */
public record Outcome(String script, String folder, Status status, int line, String reason, long timeNs) {
    /** The three ends of a script: only {@code PASS} counts as a pass. */
    public enum Status { PASS, FAIL, UNSUPPORTED }

    /** One line for the report: {@code file:line: reason (at 0.300 s)}. */
    public String describe() {
        if (status == Status.PASS) {
            return script + ": pass";
        }
        final String at = timeNs >= 0 ? String.format(" (at %.6f s)", timeNs / 1e9) : "";
        return script + ":" + line + ": " + status.name().toLowerCase() + ": " + reason + at;
    }
}
