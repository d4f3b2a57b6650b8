package dev.toeless.nic.cost;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostProfilesTest {
    @Test
    void theBuiltInProfilesAreTheFourHostYearsAndThreeCards() {
        assertThat(CostProfiles.builtIn().keySet()).containsExactly("host-2003", "host-2010", "host-2018",
            "host-2025", "toe-asic", "bluefield-2", "bluefield-3");
        assertThat(CostProfiles.defaultHost().name()).isEqualTo("host-2025");
        assertThat(CostProfiles.named("HOST-2018")).isSameAs(CostProfiles.named("host-2018"));
        assertThat(CostProfiles.named("host-1999")).isNull();
    }

    @Test
    void everyParameterOfEveryProfileHasAUnitAndASourceAndPrintsInItsTable() {
        for (CostProfile p : CostProfiles.builtIn().values()) {
            for (CostOp op : CostOp.values()) {
                assertThat(p.parameter(op.parameter())).as(p.name() + " " + op).isNotNull();
            }
            for (ByteOp op : ByteOp.values()) {
                assertThat(p.parameter(op.parameter(true))).isNotNull();
                assertThat(p.parameter(op.parameter(false))).isNotNull();
            }
            final String table = p.table();
            for (CostParameter c : p.parameters()) {
                assertThat(c.unit()).isNotBlank();
                assertThat(c.source()).isNotBlank();
                assertThat(table).contains(c.name()).contains(c.source());
            }
        }
    }

    @Test
    void valuesNoSourceGivesAreMarkedEstimate() {
        final CostProfile p = CostProfiles.named("host-2025");
        assertThat(p.parameter("tcp_fast_path_ns").isEstimate()).isTrue();
        assertThat(p.parameter("copy_cold_ns_per_byte").isEstimate()).isFalse();
        assertThat(p.parameter("copy_cold_ns_per_byte").source()).contains("io_uring");
        assertThat(p.table()).contains("| estimate");
    }

    @Test
    void derivedFiguresFollowFromTheirSources() {
        // Dumazet 2018: 155-207 us/MB copying, 60-86 us/MB zero copy; the midpoints differ by 108 us/MB
        final double copyUsPerMb = (155 + 207) / 2.0 - (60 + 86) / 2.0;
        assertThat(CostProfiles.named("host-2018").value("copy_cold_ns_per_byte")).isEqualTo(copyUsPerMb / 1000);
        // Chelsio line rate at 100 Gbit/s: one 1500-byte segment every 120 ns
        assertThat(CostProfiles.named("toe-asic").value("tcp_fast_path_ns")).isEqualTo(1500 * 8 / 100.0);
        assertThat(CostProfiles.named("toe-asic").value("added_latency_ns")).isEqualTo(1000);
        assertThat(CostProfiles.named("bluefield-2").cores()).isEqualTo(8);
        assertThat(CostProfiles.named("bluefield-3").cores()).isEqualTo(16);
        // no DDIO before 2012: DMA'd data is cold
        assertThat(CostProfiles.named("host-2003").dmaCacheBytes()).isZero();
        assertThat(CostProfiles.named("host-2010").dmaCacheBytes()).isZero();
        assertThat(CostProfiles.named("host-2018").dmaCacheBytes()).isEqualTo(6 << 20);
    }

    @Test
    void costsAreExactPicoseconds() {
        final CostProfile p = CostProfiles.named("host-2025");
        assertThat(p.picos(CostOp.TCP_FAST_PATH)).isEqualTo(70_000);
        assertThat(p.picos(ByteOp.COPY, false, 1448)).isEqualTo(Math.round(90.0 * 1448));
        assertThat(p.picos(ByteOp.COPY, true, 1448)).isEqualTo(Math.round(45.0 * 1448));
    }

    @Test
    void aProfileWithOtherCoresKeepsEverythingElse() {
        final CostProfile p = CostProfiles.named("host-2025").withCores(4);
        assertThat(p.cores()).isEqualTo(4);
        assertThat(p.parameter("cores").source()).isEqualTo("command line");
        assertThat(p.picos(CostOp.INTERRUPT)).isEqualTo(CostProfiles.named("host-2025").picos(CostOp.INTERRUPT));
    }

    @Test
    void aProfileMissingAParameterIsRefused() {
        assertThatThrownBy(() -> new CostProfile("x", CostProfile.Kind.HOST, "x",
            List.of(CostParameter.estimate("clock_ghz", 1, "GHz"))))
            .hasMessageContaining("parameter cores missing");
    }

    @Test
    void aProfileFileRoundTrips() {
        final CostProfile base = CostProfiles.named("host-2018");
        final CostProfile measured = base.with("calibrated", "this machine",
            List.of(new CostParameter("copy_warm_ns_per_byte", 0.0625, "ns/B", "measured by toeless calibrate")));
        final String text = CostProfileFile.write(measured, "host-2018", List.of("a comment"));
        final CostProfile read = CostProfileFile.read(text, "test.profile");
        assertThat(read.name()).isEqualTo("calibrated");
        assertThat(read.description()).isEqualTo("this machine");
        assertThat(read.parameters()).isEqualTo(measured.parameters());
    }

    @Test
    void aBadProfileFileGetsAOneLineMessageNamingTheLine() {
        assertThatThrownBy(() -> CostProfileFile.read("profile = p\ncopy_warm_ns_per_byte = fast | me\n", "f"))
            .hasMessage("f line 2: copy_warm_ns_per_byte is not a number: 'fast'");
        assertThatThrownBy(() -> CostProfileFile.read("profile = p\ncopy_warm_ns_per_byte = 1\n", "f"))
            .hasMessageContaining("needs a source");
        assertThatThrownBy(() -> CostProfileFile.read("profile = p\nwarp_drive_ns = 1 | me\n", "f"))
            .hasMessage("f: unknown parameter 'warp_drive_ns'");
        assertThatThrownBy(() -> CostProfileFile.read("copy_warm_ns_per_byte = 1 | me\n", "f"))
            .hasMessageContaining("no 'profile = NAME' line");
        assertThatThrownBy(() -> CostProfileFile.read("profile = p\nbase = host-1999\n", "f"))
            .hasMessageContaining("unknown base profile 'host-1999'");
    }
}
