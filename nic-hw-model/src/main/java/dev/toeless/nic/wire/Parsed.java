package dev.toeless.nic.wire;

/**
 * The outcome of a control-path {@code ...Repr.parse}: a value when {@link #status()} is OK, else
 * null and the reason. Hot paths use the flyweights and {@link FrameParser}, which do not allocate.
 */
public record Parsed<T>(ParseStatus status, T value) {
    public static <T> Parsed<T> ok(T value) {
        return new Parsed<>(ParseStatus.OK, value);
    }

    public static <T> Parsed<T> error(ParseStatus status) {
        if (status == ParseStatus.OK) {
            throw new IllegalArgumentException("an error needs a reason other than OK");
        }
        return new Parsed<>(status, null);
    }

    public boolean isOk() {
        return status == ParseStatus.OK;
    }

    /** The value; throws when parsing failed (for tests and callers that have checked). */
    public T orElseThrow() {
        if (value == null) {
            throw new IllegalStateException("parse failed: " + status);
        }
        return value;
    }
}
