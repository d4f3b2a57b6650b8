package dev.toeless.bench.demo;

import dev.toeless.bench.cli.CliRun;
import dev.toeless.bench.cli.ToelessCommand;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A demo stopped with Ctrl-C, or one that cannot fit, leaves no part file. */
class DemoInterruptTest {
    @TempDir
    Path dir;

    private static List<Path> partFiles(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    /** Runs the real command line in its own JVM and sends it SIGINT while it receives. */
    @Test
    void ctrlCInTheMiddleOfATransferLeavesNoPartFile() throws Exception {
        final Path out = dir.resolve("out");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access")
                || arg.startsWith("--sun-misc-unsafe")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ToelessCommand.class.getName(),
            "demo", "--size", "2G", "--mode", "none", "--out", out.toString()));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("log.txt").toFile()).start();
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (partFiles(out).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(partFiles(out)).as("receiving: " + Files.readString(dir.resolve("log.txt"))).isNotEmpty();
            final Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped by SIGINT").isTrue();
            assertThat(p.exitValue()).isEqualTo(130);
            assertThat(partFiles(out)).as("no part file left").isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aDemoThatCannotFitIsRefusedBeforeItStarts() throws Exception {
        final long free = Files.getFileStore(dir).getUsableSpace();
        final int modes = DemoMode.all().size();
        Assumptions.assumeTrue(free < modes * (64L << 30), "this disk holds " + modes + " 64 GiB files");
        final CliRun run = CliRun.of("demo", "--size", "64G", "--out", dir.resolve("big").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("not enough free space under " + dir.resolve("big"),
            modes + " mode(s) of 64 GiB need " + modes * 64 + " GiB").doesNotContain("Exception");
        assertThat(partFiles(dir)).isEmpty();
    }
}
