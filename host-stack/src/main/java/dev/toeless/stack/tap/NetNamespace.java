package dev.toeless.stack.tap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away Linux network namespace for tests, driven with {@code ip}: create one, move a TAP
 * interface into it, give it addresses, run commands inside, and delete it on {@link #close()}
 * (always: use try-with-resources). Names are {@code toeless-test-<pid>-<n>}; creating one first
 * deletes namespaces left behind by test JVMs that no longer run.
 */
public final class NetNamespace implements AutoCloseable {
    private static final String PREFIX = "toeless-test-";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final long COMMAND_TIMEOUT_SECONDS = 20;

    private final String name;
    private boolean deleted;

    private NetNamespace(String name) {
        this.name = name;
    }

    /** Why these tests cannot run here, or null when they can: root, /dev/net/tun and the ip command. */
    public static String unavailableReason() {
        final String tap = TapDevice.unavailableReason();
        if (tap != null) {
            return tap;
        }
        if (!isRoot()) {
            return "network namespaces need root (this process is not uid 0)";
        }
        try {
            final Result version = run(List.of("ip", "-V"));
            if (version.exitCode != 0) {
                return "the ip command fails: " + version.output;
            }
        } catch (IOException e) {
            return "no ip command (iproute2): " + e.getMessage();
        }
        return null;
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    public static NetNamespace create() throws IOException {
        sweepOrphans();
        final String name = PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        runChecked("ip", "netns", "add", name);
        final NetNamespace ns = new NetNamespace(name);
        try {
            ns.ip("link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** Deletes namespaces of this kind whose creating JVM is gone. */
    private static void sweepOrphans() throws IOException {
        final Result list = run(List.of("ip", "netns", "list"));
        for (String line : list.output.split("\n")) {
            final String ns = line.trim().split("\\s+")[0];
            if (!ns.startsWith(PREFIX)) {
                continue;
            }
            final String[] parts = ns.substring(PREFIX.length()).split("-");
            try {
                final long pid = Long.parseLong(parts[0]);
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
            } catch (NumberFormatException e) {
                continue;
            }
            run(List.of("ip", "netns", "delete", ns));
        }
    }

    public String name() {
        return name;
    }

    /** Moves interface {@code ifName} from this process's namespace into this one, sets an address and brings it up. */
    public void adopt(String ifName, String cidr) throws IOException {
        runChecked("ip", "link", "set", ifName, "netns", name);
        ip("addr", "add", cidr, "dev", ifName);
        ip("link", "set", ifName, "up");
    }

    /** Runs {@code ip -n <ns> args...}; a non-zero exit is an IOException with the output. */
    public void ip(String... args) throws IOException {
        final List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        runChecked(command.toArray(String[]::new));
    }

    /** Runs a command inside the namespace and returns its exit code and output. */
    public Result exec(String... command) throws IOException {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return run(full);
    }

    /**
     * Starts {@code command} inside the namespace without waiting for it: stdin from a file (or
     * nothing), stdout to a file (or discarded), stderr as {@code stderr} says.
     */
    public Process start(Path stdin, Path stdout, ProcessBuilder.Redirect stderr, String... command) throws IOException {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        final ProcessBuilder pb = new ProcessBuilder(full);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
            : ProcessBuilder.Redirect.from(stdin.toFile()));
        pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        pb.redirectError(stderr);
        return pb.start();
    }

    @Override
    public void close() throws IOException {
        if (!deleted) {
            deleted = true;
            runChecked("ip", "netns", "delete", name);
        }
    }

    public record Result(int exitCode, String output) {
    }

    private static void runChecked(String... command) throws IOException {
        final Result result = run(List.of(command));
        if (result.exitCode != 0) {
            throw new IOException(String.join(" ", command) + " exited " + result.exitCode + ": " + result.output);
        }
    }

    public static Result run(List<String> command) throws IOException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Result(process.exitValue(), output);
    }
}
