package dev.toeless.bench.packetdrill;

/** A {@code %{ ... }%} block: Python statements over {@code tcp_info} fields (asserts, assignments, prints). */
record CodeBlock(String source) implements ScriptAction {
}
