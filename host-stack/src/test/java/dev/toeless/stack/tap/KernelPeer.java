package dev.toeless.stack.tap;

import dev.toeless.stack.realtime.RealTimeBridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Linux side of the kernel-interop tests: the kernel's own tools ({@code nc}, {@code ss}) run
 * in a network namespace, and a stream they send is drained from one of our listeners while the
 * bridge runs the model in real time.
 */
final class KernelPeer {
    private KernelPeer() {
    }

    /** Skips the calling test, saying why, when there is no namespace to make or no {@code nc} to run. */
    static void assumeAvailable(String test) {
        assumeAvailable(test, "nc");
    }

    /** Skips the calling test, saying why, when there is no namespace to make or one of {@code tools} is missing. */
    static void assumeAvailable(String test, String... tools) {
        String reason = NetNamespace.unavailableReason();
        for (String tool : tools) {
            if (reason == null && !Files.isExecutable(Path.of("/usr/bin", tool)) && !Files.isExecutable(Path.of("/bin", tool))) {
                reason = "no " + tool + " command (.ci/run installs it)";
            }
        }
        if (reason != null) {
            System.out.println(test + " skipped: " + reason);
        }
        assumeTrue(reason == null, reason);
    }

    /** Starts {@code command} in the namespace: stdin from a file (or nothing), stdout to a file (or discarded). */
    static Process start(NetNamespace ns, Path stdin, Path stdout, String... command) throws IOException {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
        full.addAll(List.of(command));
        final ProcessBuilder pb = new ProcessBuilder(full);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
            : ProcessBuilder.Redirect.from(stdin.toFile()));
        pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    /** Pumps the bridge until something in the namespace listens on TCP {@code port}. */
    static void awaitListening(NetNamespace ns, RealTimeBridge bridge, int port) throws IOException {
        for (int i = 0; i < 100; i++) {
            final NetNamespace.Result r = ns.exec("ss", "-ltnH", "sport", "= :" + port);
            if (r.exitCode() == 0 && !r.output().isBlank()) {
                return;
            }
            final long until = System.nanoTime() + 50_000_000L;
            bridge.runUntil(() -> System.nanoTime() > until, () -> { }, 100);
        }
        throw new IOException("nc did not start listening");
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
