package dev.toeless.bench.debate;

import dev.toeless.bench.cli.CliRun;
import dev.toeless.bench.report.Chromium;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real debate report (C2's bars, C4 not measured, C6's log-log lines) opened in headless
 * Chromium: every claim's chart decodes and is drawn, the page asks the network for nothing, and
 * the screenshot has content (kept as {@code target/debate-report-screenshot.png}).
 */
class DebateReportInChromiumTest {
    private static final Pattern DRAWN = Pattern.compile("data-charts-drawn=\"(\\d+)\"");
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

        final Path netLog = dir.resolve("net.json");
        final String dom = Chromium.run(dir, "--log-net-log=" + netLog, "--dump-dom", page.toUri().toString());
        final Matcher drawn = DRAWN.matcher(dom);
        assertThat(drawn.find()).as("the page's load script ran").isTrue();
        assertThat(drawn.group(1)).as("charts decoded and drawn").isEqualTo("4");
        assertThat(dom).doesNotContain("class=\"chart broken\"").doesNotContain("not measured");
        assertThat(Chromium.requestsMadeByThePage(netLog)).as("network requests made by the page").isEmpty();

        final Path shot = dir.resolve("shot.png");
        Chromium.run(dir, "--screenshot=" + shot, "--window-size=1000,6000", page.toUri().toString());
        final BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image).isNotNull();
        assertThat(Chromium.inkedShare(image)).as("share of the screenshot that is not background").isGreaterThan(0.02);
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", "debate-report-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
