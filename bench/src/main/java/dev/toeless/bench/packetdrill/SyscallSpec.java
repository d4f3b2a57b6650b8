package dev.toeless.bench.packetdrill;

import java.util.List;

/**
 * A system call line: {@code write(4, ..., 1000) = 1000} or {@code connect(3, ..., ...) = -1 EINPROGRESS (...)}.
 *
 * @param name     the call
 * @param args     its arguments as written, split at top-level commas
 * @param expected the expected return value as written
 * @param errno    the expected errno name, or null
 */
record SyscallSpec(String name, List<String> args, String expected, String errno) implements ScriptAction {
    String arg(int i) {
        return i < args.size() ? args.get(i) : "";
    }

    @Override
    public String toString() {
        return name + "(" + String.join(", ", args) + ") = " + expected + (errno == null ? "" : " " + errno);
    }
}
