package dev.toeless.stack.tcp.cc;

import java.util.List;
import java.util.Locale;

/** Creates a {@link CongestionControl} by the name used on the command line and in reports. */
public final class CongestionControls {
    /** The names {@link #create(String)} accepts. */
    public static final List<String> NAMES = List.of("newreno", "cubic", "none");

    private CongestionControls() {
    }

    /**
     * A fresh instance, one per connection.
     *
     * @param name "newreno", "cubic" or "none" (case-insensitive; "none" is for lab comparisons only)
     * @throws IllegalArgumentException naming the known algorithms, for any other name
     */
    public static CongestionControl create(String name) {
        if (name != null) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "newreno":
                    return new NewReno();
                case "cubic":
                    return new Cubic();
                case "none":
                    return ConstantWindow.unlimited();
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(
                "unknown congestion control '" + name + "'; known: " + String.join(", ", NAMES));
    }
}
