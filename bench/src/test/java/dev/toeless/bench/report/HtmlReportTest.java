package dev.toeless.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlReportTest {
    private static final Pattern DATA_PNG = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    @Test
    void everyChartIsAnEmbeddedPngThatDecodes() throws IOException {
        final String html = Reports.sample().render();
        final List<BufferedImage> images = new ArrayList<>();
        final Matcher m = DATA_PNG.matcher(html);
        while (m.find()) {
            images.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
        }
        assertThat(images).hasSize(2).allSatisfy(img -> {
            assertThat(img).isNotNull();
            assertThat(img.getWidth()).isEqualTo(ChartRenderer.WIDTH);
            assertThat(img.getHeight()).isEqualTo(ChartRenderer.HEIGHT);
        });
        assertThat(html).contains("data-charts=\"2\"");
    }

    @Test
    void thePageFetchesNothing() {
        final String html = Reports.sample().render();
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("src=\"//")
            .doesNotContain("@import").doesNotContain("url(");
    }

    @Test
    void textIsEscaped() {
        final String html = Reports.sample().render();
        assertThat(html).contains("<title>Toeless: &lt;sample&gt; &amp; &quot;report&quot;</title>")
            .doesNotContain("<sample>");
    }

    @Test
    void writingLeavesOnlyTheFinishedPage(@TempDir Path dir) throws IOException {
        final Path out = dir.resolve("sub/report.html");
        Reports.sample().write(out);
        assertThat(out).exists();
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.html");
        }
    }

    @Test
    void aBarChartNeedsABarPerCategory() {
        assertThatThrownBy(() -> ChartSpec.bars("t", "x", "y", false, List.of("a", "b"),
            List.of(ChartSpec.Series.bars("s", 1)))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("1 bars for 2 categories");
    }
}
