package dev.toeless.nic.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code tshark} over a capture with IP and TCP checksum validation on, and
 * counts frames, malformed frames, bad checksums and verified TCP checksums. A test that calls
 * it is skipped, with the reason printed, where tshark is not installed (CI installs it).
 */
public final class Tshark {
    private static final String BAD = "_ws.malformed || ip.checksum.status == 0 || tcp.checksum.status == 0"
        + " || ip.checksum_bad.expert || tcp.checksum_bad.expert || udp.checksum.status == 0";

    private Tshark() {
    }

    /** What tshark said about a capture. */
    public record Verdict(int frames, int malformedOrBadChecksum, int tcpChecksumsGood) {
    }

    public static void assumeInstalled() {
        boolean ok;
        try {
            ok = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        if (!ok) {
            System.out.println("tshark is not installed: skipping (apt-get install tshark; .ci/run does)");
        }
        Assumptions.assumeTrue(ok, "tshark is not installed (apt-get install tshark)");
    }

    public static Verdict check(Path pcap) throws IOException, InterruptedException {
        assumeInstalled();
        return new Verdict(count(pcap, null), count(pcap, BAD), count(pcap, "tcp.checksum.status == 1"));
    }

    private static int count(Path pcap, String filter) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(),
            "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
            "-T", "fields", "-e", "frame.number"));
        if (filter != null) {
            cmd.add("-Y");
            cmd.add(filter);
        }
        final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tshark failed on " + pcap + " (exit " + p.exitValue() + ")");
        }
        return (int) out.lines().filter(l -> !l.isBlank()).count();
    }
}
