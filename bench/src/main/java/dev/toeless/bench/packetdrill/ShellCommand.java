package dev.toeless.bench.packetdrill;

/** A back-quoted shell command (the setup lines, a sysctl, a {@code tc} qdisc change). */
record ShellCommand(String text) implements ScriptAction {
}
