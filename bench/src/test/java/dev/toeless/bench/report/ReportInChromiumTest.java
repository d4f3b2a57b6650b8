package dev.toeless.bench.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens a report in the real, headless Chromium (Debian's {@code chromium}; {@code .ci/run}
 * installs it), as a reader would: every chart decodes and is drawn, the page asks the network for
 * nothing, and a screenshot shows a page with content on it. Skipped, with the reason printed,
 * where Chromium is not installed.
 */
class ReportInChromiumTest {
    private static final Pattern DRAWN = Pattern.compile("data-charts-drawn=\"(\\d+)\"");

    @BeforeAll
    static void chromiumInstalled() {
        Assumptions.assumeTrue(Chromium.installed(), "chromium is not installed (apt-get install chromium)");
    }

    @Test
    void theReportRendersEveryChartAndFetchesNothing(@TempDir Path dir) throws Exception {
        final Path page = dir.resolve("report.html");
        Reports.sample().write(page);
        final Path netLog = dir.resolve("net.json");

        final String dom = chromium(dir, "--log-net-log=" + netLog, "--dump-dom", page.toUri().toString());
        final Matcher drawn = DRAWN.matcher(dom);
        assertThat(drawn.find()).as("the page's load script ran").isTrue();
        assertThat(drawn.group(1)).as("charts decoded and drawn").isEqualTo("2");
        assertThat(dom).doesNotContain("class=\"chart broken\"");

        assertThat(requestsMadeByThePage(netLog)).as("network requests made by the page").isEmpty();

        final Path shot = dir.resolve("shot.png");
        chromium(dir, "--screenshot=" + shot, "--window-size=1000,1600", page.toUri().toString());
        final BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image).isNotNull();
        assertThat(inkedShare(image)).as("share of the screenshot that is not background").isGreaterThan(0.02);
        // kept for a person to look at after the build
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", "report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theNetworkCheckSeesAPageThatFetches(@TempDir Path dir) throws Exception {
        final Path page = dir.resolve("fetching.html");
        Files.writeString(page, "<html><body><img src=\"http://127.0.0.9:9/chart.png\"></body></html>");
        final Path netLog = dir.resolve("net.json");
        chromium(dir, "--log-net-log=" + netLog, "--dump-dom", page.toUri().toString());
        assertThat(requestsMadeByThePage(netLog)).containsExactly("http://127.0.0.9:9/chart.png");
    }

    private static List<String> requestsMadeByThePage(Path netLog) throws IOException {
        return Chromium.requestsMadeByThePage(netLog);
    }

    private static double inkedShare(BufferedImage image) {
        return Chromium.inkedShare(image);
    }

    private static String chromium(Path dir, String... args) throws IOException, InterruptedException {
        return Chromium.run(dir, args);
    }
}
