package dev.toeless.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}; {@code .ci/run} installs it) as the report tests
 * use it: is it there, the DOM after the page's scripts ran, a screenshot, the requests the page
 * made (from the net log), and how much of a screenshot is not background.
 */
public final class Chromium {
    private Chromium() {
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
