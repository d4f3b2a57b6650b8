package dev.toeless.bench.debate;

import dev.toeless.bench.cli.CliRun;
import dev.toeless.bench.report.Chromium;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real debate report (C2's bars, C4 not measured, C6's log-log lines) opened in headless
 * Chromium: every claim's chart decodes and is drawn, the page asks the network for nothing, and
 * the screenshot has content (kept as {@code target/debate-report-screenshot.png}).
 */
class DebateReportInChromiumTest {
    private static final Pattern CHARTS = Pattern.compile("data-charts=\"(\\d+)\"");

    @BeforeAll
    static void chromiumInstalled() {
        Assumptions.assumeTrue(Chromium.installed(), "chromium is not installed (apt-get install chromium)");
    }

    @Test
    void everyClaimsChartIsDrawnAndNothingIsFetched(@TempDir Path dir) throws Exception {
        final CliRun run = CliRun.of("debate", "--claims", "C2,C4,C6,C9", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        final Path page = dir.resolve("report.html");
        final String html = Files.readString(page);
        final Matcher charts = CHARTS.matcher(html);
        assertThat(charts.find()).isTrue();
        assertThat(charts.group(1)).as("C2, C4, C6 and C9 each have a chart").isEqualTo("4");

        final String dom = Chromium.assertReadable(dir, page, 4, 6000, "debate-report-screenshot.png");
        assertThat(dom).doesNotContain("not measured");
    }
}
