package dev.toeless.bench.cli;

import dev.toeless.bench.report.ErrorText;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error names the file and says what is wrong with it; a /proc file is sent whole. */
class ErrorMessagesTest {
    @TempDir
    Path dir;

    private CliRun demo(String... args) {
        final String[] all = new String[args.length + 4];
        all[0] = "demo";
        all[1] = "--mode";
        all[2] = "none";
        all[3] = "--size=64K";
        System.arraycopy(args, 0, all, 4, args.length);
        return CliRun.of(all);
    }

    @Test
    void aFileToSendThatIsNotAFileSaysWhatItIs() {
        final CliRun directory = demo("--file", dir.toString(), "--out", dir.resolve("o").toString());
        assertThat(directory.exitCode()).isEqualTo(1);
        assertThat(directory.err()).contains(dir + ": is a directory, not a file to send");
        final CliRun device = demo("--file", "/dev/null", "--out", dir.resolve("o").toString());
        assertThat(device.exitCode()).isEqualTo(1);
        assertThat(device.err()).contains("/dev/null: not a regular file");
        final CliRun missing = demo("--file", dir.resolve("gone").toString(), "--out", dir.resolve("o").toString());
        assertThat(missing.err()).contains(dir.resolve("gone") + ": no such file to send");
    }

    @Test
    void aProcFileOfSizeZeroIsSentToItsEnd() throws Exception {
        final Path proc = Path.of("/proc/self/status");
        Assumptions.assumeTrue(Files.isReadable(proc) && Files.size(proc) == 0, "no /proc here");
        final CliRun run = demo("--file", proc.toString(), "--out", dir.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("| yes");
        assertThat(Files.size(dir.resolve("none/status"))).isPositive();
    }

    @Test
    void anOutputThatCannotBeWrittenNamesTheFileAndTheReason() {
        final CliRun full = demo("--pcap", "/dev/full", "--out", dir.toString());
        assertThat(full.exitCode()).isEqualTo(1);
        assertThat(full.err()).contains("--pcap /dev/full", "No space left on device");
        final CliRun noDir = demo("--pcap", dir.resolve("no/such/dir/w.pcap").toString(), "--out", dir.toString());
        assertThat(noDir.exitCode()).isEqualTo(1);
        assertThat(noDir.err()).contains(dir.resolve("no/such/dir/w.pcap").toString(), "no such file or directory");
        final CliRun isDir = demo("--pcap", dir.toString(), "--out", dir.resolve("o").toString());
        assertThat(isDir.err()).contains("--pcap " + dir, "Is a directory");
        final CliRun outIsFile = demo("--out", "/dev/full");
        assertThat(outIsFile.exitCode()).isEqualTo(2);
        assertThat(outIsFile.err()).contains("--out /dev/full exists and is not a directory");
    }

    @Test
    void aFileSystemErrorIsItsPathAndItsReason() {
        assertThat(ErrorText.describe(new AccessDeniedException("/srv/x"))).isEqualTo("/srv/x: permission denied");
        assertThat(ErrorText.describe(new NoSuchFileException("/srv/y"))).isEqualTo("/srv/y: no such file or directory");
        final CliRun replayDir = CliRun.of("replay", dir.toString(), "--out", dir.resolve("r").toString());
        assertThat(replayDir.exitCode()).isEqualTo(1);
        assertThat(replayDir.err()).contains(dir + ": is a directory, not a capture file");
    }
}
