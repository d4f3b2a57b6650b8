package dev.toeless.bench.packetdrill;

import java.util.List;
import java.util.Map;

/**
 * A parsed packetdrill script.
 *
 * @param name    where it came from (for reports)
 * @param options the {@code --name=value} lines
 * @param events  the events in order (the setup command first, as an event at time 0)
 */
record Script(String name, Map<String, String> options, List<ScriptEvent> events) {
}
