package dev.toeless.bench.packetdrill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toeless.bench.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code toeless packetdrill} as a user runs it: the summary, --json, the exit codes, --mode toe and a bad mode. */
class PacketdrillCommandTest {
    private static final String PASSING = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
           +0 bind(3, ..., ...) = 0
           +0 listen(3, 1) = 0
           +0 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>
           +0 > S. 0:0(0) ack 1 <mss 1460,nop,wscale 8>
        """;

    @Test
    void summarisesPerFolderAndExitsThreeWhenAScriptDoesNotPass(@TempDir Path dir) throws Exception {
        final Path folder = Files.createDirectories(dir.resolve("handshake"));
        Files.writeString(folder.resolve("good.pkt"), PASSING);
        Files.writeString(folder.resolve("bad.pkt"), PASSING.replace("wscale 8>", "wscale 9>"));
        final CliRun run = CliRun.of("packetdrill", folder.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("good.pkt: pass").contains("bad.pkt:5: fail: option wscale")
            .containsPattern("handshake\\s+\\|\\s+1 \\|\\s+1 \\|\\s+0 \\|\\s+2").contains("1 of 2 scripts pass");
    }

    @Test
    void jsonCarriesTheSameOutcomes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.pkt"), PASSING);
        final CliRun run = CliRun.of("packetdrill", "--json", dir.resolve("good.pkt").toString());
        assertThat(run.exitCode()).isZero();
        final JsonNode j = new ObjectMapper().readTree(run.out());
        assertThat(j.get("total").get("pass").asInt()).isEqualTo(1);
        assertThat(j.get("scripts").get(0).get("status").asText()).isEqualTo("PASS");
    }

    @Test
    void modeToeRunsTheScriptsAgainstTheCard(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.pkt"), PASSING);
        final CliRun run = CliRun.of("packetdrill", "--mode", "toe", "--json", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        final JsonNode j = new ObjectMapper().readTree(run.out());
        assertThat(j.get("mode").asText()).isEqualTo("toe");
        assertThat(j.get("total").get("pass").asInt()).isEqualTo(1);
        final CliRun bad = CliRun.of("packetdrill", "--mode", "card", dir.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--mode must be host or toe, not card");
        assertThat(CliRun.of("packetdrill", dir.resolve("missing").toString()).err())
            .contains("no such script or folder").doesNotContain("Exception");
    }
}
