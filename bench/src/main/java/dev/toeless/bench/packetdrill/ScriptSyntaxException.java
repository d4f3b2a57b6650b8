package dev.toeless.bench.packetdrill;

/** A script line the parser cannot read. */
final class ScriptSyntaxException extends RuntimeException {
    private final int line;

    ScriptSyntaxException(int line, String message) {
        super(message);
        this.line = line;
    }

    int line() {
        return line;
    }
}
