package dev.toeless.bench.packetdrill;

/** What a script event does: a packet, a system call, a {@code %{ }%} block or a shell command. */
sealed interface ScriptAction permits PacketSpec, SyscallSpec, CodeBlock, ShellCommand {
}
