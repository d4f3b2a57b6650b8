package dev.toeless.stack.tap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

    /** Starts {@code command} in the namespace: stdin from a file (or nothing), stdout to a file (or discarded), stderr to the test's. */
    static Process start(NetNamespace ns, Path stdin, Path stdout, String... command) throws IOException {
        return ns.start(stdin, stdout, ProcessBuilder.Redirect.INHERIT, command);
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
