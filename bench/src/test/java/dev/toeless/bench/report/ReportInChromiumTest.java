package dev.toeless.bench.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens a report in the real, headless Chromium (Debian's {@code chromium}; {@code .ci/run}
 * installs it), as a reader would: every chart decodes and is drawn, the page asks the network for
 * nothing, and a screenshot shows a page with content on it. Skipped, with the reason printed,
 * where Chromium is not installed.
 */
class ReportInChromiumTest {
    @BeforeAll
    static void chromiumInstalled() {
        Assumptions.assumeTrue(Chromium.installed(), "chromium is not installed (apt-get install chromium)");
    }

    @Test
    void theReportRendersEveryChartAndFetchesNothing(@TempDir Path dir) throws Exception {
        final Path page = dir.resolve("report.html");
        Reports.sample().write(page);
        Chromium.assertReadable(dir, page, 2, 1600, "report-screenshot.png");
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

    private static String chromium(Path dir, String... args) throws IOException, InterruptedException {
        return Chromium.run(dir, args);
    }
}
