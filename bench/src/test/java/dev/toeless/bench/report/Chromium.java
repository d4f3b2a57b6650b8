package dev.toeless.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium (Debian's {@code chromium}; {@code .ci/run} installs it) as the report tests
 * use it: is it there, the DOM after the page's scripts ran, a screenshot, the requests the page
 * made (from the net log), and how much of a screenshot is not background.
 */
public final class Chromium {
    private static final Pattern DRAWN = Pattern.compile("data-charts-drawn=\"(\\d+)\"");

    private Chromium() {
    }

    /**
     * Opens {@code page} as a reader would and checks what a report must do: its load script ran
     * and drew {@code charts} charts, none broken; the page asked the network for nothing; a
     * screenshot {@code height} pixels tall has content on it (kept as {@code target/KEEP_AS} for a
     * person to look at after the build). Returns the DOM after the page's scripts ran.
     */
    public static String assertReadable(Path dir, Path page, int charts, int height, String keepAs)
        throws IOException, InterruptedException {
        final Path netLog = dir.resolve("net.json");
        final String dom = run(dir, "--log-net-log=" + netLog, "--dump-dom", page.toUri().toString());
        final Matcher drawn = DRAWN.matcher(dom);
        assertThat(drawn.find()).as("the page's load script ran").isTrue();
        assertThat(drawn.group(1)).as("charts decoded and drawn").isEqualTo(String.valueOf(charts));
        assertThat(dom).doesNotContain("class=\"chart broken\"");
        assertThat(requestsMadeByThePage(netLog)).as("network requests made by the page").isEmpty();

        final Path shot = dir.resolve("shot.png");
        run(dir, "--screenshot=" + shot, "--window-size=1000," + height, page.toUri().toString());
        final BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image).isNotNull();
        assertThat(inkedShare(image)).as("share of the screenshot that is not background").isGreaterThan(0.02);
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", keepAs), StandardCopyOption.REPLACE_EXISTING);
        return dom;
    }

    /** True when {@code chromium --version} runs; otherwise prints why a test is skipped. */
    public static boolean installed() {
        boolean ok;
        try {
            final Process p = new ProcessBuilder("chromium", "--version").redirectErrorStream(true).start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        if (!ok) {
            System.out.println("chromium is not installed: skipping (apt-get install chromium; .ci/run does)");
        }
        return ok;
    }

    /**
     * The URLs the page itself asked for, from Chromium's net log: requests whose initiator is the
     * page (the browser's own background requests have no origin as initiator and are not counted).
     */
    public static List<String> requestsMadeByThePage(Path netLog) throws IOException {
        final JsonNode log = new ObjectMapper().readTree(netLog.toFile());
        final int startJob = log.path("constants").path("logEventTypes").path("URL_REQUEST_START_JOB").asInt(-1);
        if (startJob < 0) {
            throw new IOException("the net log names no request events: " + netLog);
        }
        final List<String> urls = new ArrayList<>();
        for (JsonNode event : log.path("events")) {
            final JsonNode params = event.path("params");
            final String url = params.path("url").asText("");
            if (event.path("type").asInt() == startJob && !url.isEmpty() && !"not an origin".equals(params.path("initiator").asText())
                && !url.startsWith("file:") && !url.startsWith("data:")) {
                urls.add(url);
            }
        }
        return urls;
    }

    /** Share of sampled pixels that are not white. */
    public static double inkedShare(BufferedImage image) {
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    inked++;
                }
            }
        }
        return inked / ((image.getWidth() / 2.0) * (image.getHeight() / 2.0));
    }

    /** Runs headless Chromium with {@code args} and returns what it printed on stdout. */
    public static String run(Path dir, String... args) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars", "--virtual-time-budget=5000",
            "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
        cmd.addAll(List.of(args));
        final Path err = dir.resolve("chromium.err");
        final Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in 120 s: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IOException("chromium exited " + p.exitValue() + ": " + Files.readString(err));
        }
        return out;
    }
}
