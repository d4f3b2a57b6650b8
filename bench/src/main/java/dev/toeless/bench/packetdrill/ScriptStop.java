package dev.toeless.bench.packetdrill;

/** Ends a run at the first mismatch ({@code fail}) or the first step we do not model ({@code unsupported}). */
final class ScriptStop extends RuntimeException {
    private final Outcome.Status status;

    private ScriptStop(Outcome.Status status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    static ScriptStop fail(String reason) {
        return new ScriptStop(Outcome.Status.FAIL, reason);
    }

    static ScriptStop unsupported(String reason) {
        return new ScriptStop(Outcome.Status.UNSUPPORTED, reason);
    }

    Outcome.Status status() {
        return status;
    }
}
