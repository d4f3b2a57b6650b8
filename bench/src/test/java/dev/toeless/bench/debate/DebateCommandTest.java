package dev.toeless.bench.debate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toeless.bench.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code toeless debate} as a user runs it: the JSON, the verdict lines, the report file, the usage errors. */
class DebateCommandTest {
    @TempDir
    Path dir;

    @Test
    void quickC1RunsEveryHostModeAndJudgesByItsFigures() throws Exception {
        final CliRun run = CliRun.of("debate", "--scale", "quick", "--claims", "C1", "--json", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        final JsonNode doc = new ObjectMapper().readTree(run.out());

        assertThat(doc.path("seed").asLong()).isEqualTo(1);
        assertThat(doc.path("scale").asText()).isEqualTo("quick");
        assertThat(doc.path("version").asText()).startsWith("toeless ");
        assertThat(doc.path("cost_profile").path("name").asText()).isEqualTo("host-2025");
        for (JsonNode p : doc.path("cost_profile").path("parameters")) {
            assertThat(p.path("source").asText()).as(p.path("name").asText() + " has a source").isNotBlank();
        }
        final List<String> unavailable = new ArrayList<>();
        doc.path("modes").forEach(m -> {
            if (!m.path("available").asBoolean()) {
                unavailable.add(m.path("mode").asText());
            }
        });
        assertThat(unavailable).as("every mode runs").isEmpty();

        final JsonNode claims = doc.path("claims");
        assertThat(claims).hasSize(1);
        final JsonNode c1 = claims.get(0);
        assertThat(c1.path("id").asText()).isEqualTo("C1");
        assertThat(c1.path("quote").asText()).contains("cpu never touches one byte");
        assertThat(c1.path("rule").asText()).contains("touch_per_byte");
        assertThat(c1.path("failed_points").asInt()).isZero();
        assertThat(c1.path("command").asText()).isEqualTo("./toeless debate --claims C1 --scale quick --profile host-2025 --seed 1");
        final List<String> modes = new ArrayList<>();
        double statelessTouch = -1;
        double noneTouch = -1;
        for (JsonNode p : c1.path("points")) {
            modes.add(p.path("mode").asText());
            assertThat(p.path("sha256_ok").asBoolean()).as(p.toString()).isTrue();
            assertThat(p.path("delivered_bytes").asLong()).isEqualTo(32L << 20);
            if (p.path("mode").asText().equals("stateless")) {
                statelessTouch = p.path("touch_per_byte").asDouble();
            }
            if (p.path("mode").asText().equals("none")) {
                noneTouch = p.path("touch_per_byte").asDouble();
            }
        }
        assertThat(modes).containsExactly("none", "csum", "csum+gro", "stateless");
        assertThat(statelessTouch).isZero();
        assertThat(noneTouch).isEqualTo(2.0);
        // the verdict follows the rule from these figures: stateless touched nothing, so it holds or depends
        assertThat(c1.path("verdict").asText()).isIn("holds", "depends");
        assertThat(c1.path("deciding_figures").path("stateless touch_per_byte").asText()).isEqualTo("0.0000");

        assertThat(run.err()).contains("C1   " + c1.path("verdict_text").asText());
        final Path page = dir.resolve("report.html");
        assertThat(page).exists();
        assertThat(Files.readString(page)).contains("cpu never touches one byte").contains("data:image/png;base64,")
            .contains("./toeless debate --claims C1 --scale quick --profile host-2025 --seed 1")
            .doesNotContain("not yet available");
        assertThat(dir.resolve("report.json")).exists();
        assertThat(dir.resolve("files")).as("received files are not kept").doesNotExist();
    }

    @Test
    void theDdpAndCardNodeClaimsRunTheirModesEndToEnd() throws Exception {
        final CliRun run = CliRun.of("debate", "--claims", "C9,C8", "--json", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        final JsonNode claims = new ObjectMapper().readTree(run.out()).path("claims");
        assertThat(claims).hasSize(2);
        assertThat(claims.get(0).path("id").asText()).as("C1..C10 order").isEqualTo("C8");
        assertThat(claims.get(0).path("points")).as("stateless, toe, toe+ddp at two sizes").hasSize(6);
        assertThat(claims.get(1).path("points")).as("stateless, toe, card-node at 10 Gbit/s").hasSize(3);
        for (JsonNode c : claims) {
            assertThat(c.path("verdict_text").asText()).doesNotStartWith("not measured").doesNotStartWith("failed");
            assertThat(c.path("chart").isNull()).isFalse();
            for (JsonNode p : c.path("points")) {
                assertThat(p.path("sha256_ok").asBoolean()).as(p.path("point").asText()).isTrue();
            }
        }
        assertThat(claims.get(1).path("points").get(2).path("card_saturation_gbit_s").asDouble())
            .as("the card node's saturation, computed").isPositive();
    }

    @Test
    void theCardsSlotsRunOutAndEveryConnectionBeyondThemFallsBackIsRefusedOrIsUploaded() throws Exception {
        final CliRun run = CliRun.of("debate", "--claims", "C4", "--json", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        final JsonNode c4 = new ObjectMapper().readTree(run.out()).path("claims").get(0);
        assertThat(c4.path("id").asText()).isEqualTo("C4");
        assertThat(c4.path("points")).hasSize(12);
        for (JsonNode p : c4.path("points")) {
            final int slots = p.path("slots").asInt();
            final int beyond = Math.max(0, p.path("attempted").asInt() - slots);
            final int uploaded = p.path("uploaded").asInt();
            assertThat(p.path("peak_slots_in_use").asInt()).as(p.toString()).isLessThanOrEqualTo(slots);
            assertThat(p.path("admitted_on_card").asInt() - uploaded).as(p.toString()).isLessThanOrEqualTo(slots);
            assertThat(p.path("unsettled").asInt()).isZero();
            final String policy = p.path("policy").asText();
            final int moved = switch (policy) {
                case "fallback" -> p.path("fell_back").asInt();
                case "refuse" -> p.path("refused").asInt();
                default -> uploaded + p.path("fell_back").asInt();
            };
            assertThat(moved).as(p.toString()).isGreaterThanOrEqualTo(beyond);
            if (!policy.equals("upload")) {
                assertThat(uploaded).as(p.toString()).isZero();
            }
        }
        assertThat(c4.path("verdict").asText()).isEqualTo("holds");
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() {
        for (String[] args : List.of(new String[] {"--claims", "C11"}, new String[] {"--claims", "C1,C1"},
            new String[] {"--scale", "huge"}, new String[] {"--profile", "bluefield-2"},
            new String[] {"--profile", dir.resolve("nope").toString()}, new String[] {"--jobs", "0"})) {
            final List<String> all = new ArrayList<>(List.of("debate", "--out", dir.toString()));
            all.addAll(List.of(args));
            final CliRun run = CliRun.of(all.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).doesNotContain("Exception");
        }
    }
}
