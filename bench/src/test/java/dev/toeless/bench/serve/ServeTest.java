package dev.toeless.bench.serve;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.nic.wire.Ipv4Address;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.tap.NetNamespace;
import dev.toeless.stack.tap.TapDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code toeless serve} against the real {@code curl}: our stack behind the modeled NIC in
 * {@code stateless} mode, reached over a TAP device from a fresh network namespace where curl runs.
 * Uploads and downloads of 64 MiB, the alignment hint under a head of odd length, a thousand short
 * requests in parallel, malformed and refused requests, chunked uploads, keep-alive, and a client
 * that goes away mid-upload. Needs root, /dev/net/tun, ip and curl; otherwise skipped with the
 * reason printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeTest {
    private static final String LINUX = "10.213.11.1";
    private static final String OURS = "10.213.11.2";
    private static final int PORT = 8080;
    private static final String URL = "http://" + OURS + ":" + PORT + "/";
    private static final int MIB = 1 << 20;
    private static final long CURL_TIMEOUT_SECONDS = 180;
    private static final long IDLE_TIMEOUT_NS = 3_000_000_000L;

    private Path dir;
    private Path root;
    private NetNamespace ns;
    private TapDevice tap;
    private FileServer server;
    private Thread serving;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private volatile Throwable serverFailure;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        dir = tmp;
        String reason = NetNamespace.unavailableReason();
        if (reason == null && !onPath("curl")) {
            reason = "no curl command (package curl)";
        }
        if (reason != null) {
            System.out.println("ServeTest skipped: " + reason);
        }
        assumeTrue(reason == null, reason);
        root = Files.createDirectories(dir.resolve("root"));
        ns = NetNamespace.create();
        tap = TapDevice.open("toe%d");
        ns.adopt(tap.name(), LINUX + "/24");
        server = new FileServer(new ServeConfig(DriverMode.STATELESS, root, Ipv4Address.parse(OURS), 24, PORT, 10, 1,
            IDLE_TIMEOUT_NS), tap, log::add);
        serving = new Thread(() -> {
            try {
                server.runUntil(stop::get);
            } catch (Throwable t) {
                serverFailure = t;
            } finally {
                server.close();
            }
        }, "serve-test");
        serving.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (serving != null) {
            stop.set(true);
            serving.join(30_000);
        }
        if (tap != null) {
            tap.close();
        }
        if (ns != null) {
            ns.close();
        }
        assertThat(serverFailure).isNull();
    }

    @Test
    void uploadOf64MiBIsFlippedAndDownloadsBackIntact() throws Exception {
        final Path big = writeRandom("big.src", 64 * MIB, 64);
        final Curl up = curl("-sS", "-T", big.toString(), "-w", "\\n%{http_code} %{time_total}", URL + "big.bin");
        assertThat(up.exitCode).as(up.output).isZero();
        assertThat(up.lastLine()).startsWith("201 ");
        assertThat(sha256(root.resolve("big.bin"))).isEqualTo(sha256(big));
        assertThat(up.output).contains("\"touch_per_byte\": 0.0000");
        final String upLine = logLine("PUT /big.bin 201");
        assertThat(field(upLine, "touch_per_byte")).isEqualTo("0.0000");
        // every page flipped: only a stall of the machine longer than the NIC's flush timeout (1 s)
        // in the middle of a page could split it
        assertThat(field(upLine, "pages_flipped")).isEqualTo("16384");
        assertThat(field(upLine, "pages_copied")).isEqualTo("0");
        assertThat(field(upLine, "sha256")).isEqualTo(sha256(big));

        final Path back = dir.resolve("big.back");
        final Curl down = curl("-sS", "-o", back.toString(), "-w", "%{http_code} %{time_total}", URL + "big.bin");
        assertThat(down.exitCode).as(down.output).isZero();
        assertThat(down.lastLine()).startsWith("200 ");
        assertThat(sha256(back)).isEqualTo(sha256(big));
        System.out.printf("ServeTest 64 MiB: upload %s s, download %s s%n%s%n%s%n", up.lastLine().split(" ")[1],
            down.lastLine().split(" ")[1], upLine, logLine("GET /big.bin 200"));
    }

    @Test
    void aHeadOfOddLengthStillLandsTheBodyAligned() throws Exception {
        final Path file = writeRandom("odd.src", MIB + 1000, 65);
        final List<Integer> headLengths = new ArrayList<>();
        for (String pad : List.of("a", "aa")) {
            final String name = "odd-" + pad.length() + ".bin";
            final Curl up = curl("-sS", "-H", "Expect: 100-continue", "-H", "X-Pad: " + pad, "-T", file.toString(),
                "-w", "\\n%{http_code}", URL + name);
            assertThat(up.lastLine()).as(up.output).isEqualTo("201");
            final String line = logLine("PUT /" + name + " 201");
            headLengths.add(Integer.parseInt(field(line, "head_bytes")));
            // without the hint every one of its 257 pages would be copied (touch_per_byte 1)
            assertThat(Long.parseLong(field(line, "pages_flipped"))).as(line).isGreaterThanOrEqualTo(256);
            assertThat(Double.parseDouble(field(line, "touch_per_byte"))).as(line).isLessThan(0.01);
            assertThat(sha256(root.resolve(name))).isEqualTo(sha256(file));
        }
        assertThat(headLengths).anyMatch(n -> n % 2 == 1);
    }

    @Test
    void aThousandShortRequestsInParallelAllSucceed() throws Exception {
        Files.writeString(root.resolve("short.txt"), "a short file\n");
        final StringBuilder config = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            config.append("url = \"").append(URL).append("short.txt?n=").append(i).append("\"\noutput = \"/dev/null\"\n");
        }
        final Path cfg = dir.resolve("thousand.curl");
        Files.writeString(cfg, config);
        final long start = System.nanoTime();
        final Curl run = curl("-sS", "--parallel", "--parallel-max", "50", "-K", cfg.toString(), "-w", "%{http_code}\\n");
        final double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(run.exitCode).as(run.output).isZero();
        final long ok = run.output.lines().filter("200"::equals).count();
        assertThat(ok).as(run.output).isEqualTo(1000);
        System.out.printf("ServeTest 1,000 requests, curl --parallel --parallel-max 50: %.2f s (%.0f requests/s)%n",
            seconds, 1000 / seconds);
    }

    @Test
    void aMalformedRequestLineGets400AndAClosedConnection() throws Exception {
        final Curl bad = curl("-sS", "-D", "-", "-o", "/dev/null", "-X", "BAD METHOD", "-w", "%{http_code}", URL + "x");
        assertThat(bad.output).contains("HTTP/1.1 400 Bad Request").contains("Connection: close");
        assertThat(bad.lastLine()).endsWith("400");
        final Curl version = curl("-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "GET / HTTP/9.9\r\nX:", URL);
        assertThat(version.output).isIn("400", "505");
    }

    @Test
    void aBadChunkGets400AndLeavesNoHalfWrittenFile() throws Exception {
        assumeTrue(onPath("nc"), "no nc command (package netcat-openbsd)");
        final Path request = dir.resolve("bad-chunk.http");
        Files.writeString(request, "PUT /bad-chunk.bin HTTP/1.1\r\nHost: " + OURS + "\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\nZZ\r\nmore\r\n0\r\n\r\n", StandardCharsets.US_ASCII);
        final Process nc = new ProcessBuilder("ip", "netns", "exec", ns.name(), "nc", "-N", "-w", "10", OURS,
            String.valueOf(PORT)).redirectInput(request.toFile()).redirectErrorStream(true).start();
        final String answer = new String(nc.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(nc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n");
        assertThat(leftovers("bad-chunk.bin")).isEmpty();
    }

    @Test
    void aRequestThatStopsHalfWayTimesOutWith408() throws Exception {
        assumeTrue(onPath("nc"), "no nc command (package netcat-openbsd)");
        final Path request = dir.resolve("half.http");
        Files.writeString(request, "GET /x HTTP/1.1\r\nHost: " + OURS + "\r\n", StandardCharsets.US_ASCII);
        final long start = System.nanoTime();
        final Process nc = new ProcessBuilder("ip", "netns", "exec", ns.name(), "nc", "-w", "20", OURS,
            String.valueOf(PORT)).redirectInput(request.toFile()).redirectErrorStream(true).start();
        final String answer = new String(nc.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(nc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        final double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close\r\n");
        assertThat(seconds).isBetween(2.5, 15.0);
    }

    @Test
    void aSecondUploadOfANameInProgressGets409() throws Exception {
        final Path file = writeRandom("twice.src", 4 * MIB, 69);
        final Process first = new ProcessBuilder("ip", "netns", "exec", ns.name(), "curl", "-sS", "-m", "60",
            "--limit-rate", "1M", "-T", file.toString(), "-o", "/dev/null", "-w", "%{http_code}", URL + "twice.bin")
            .redirectErrorStream(true).start();
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && leftovers("twice.bin").isEmpty()) {
                Thread.sleep(20);
            }
            final Curl second = curl("-sS", "-T", file.toString(), "-o", "/dev/null", "-w", "%{http_code}",
                URL + "twice.bin");
            assertThat(second.output).isEqualTo("409");
            final String firstStatus = new String(first.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(firstStatus).isEqualTo("201");
        } finally {
            first.destroyForcibly();
        }
        assertThat(sha256(root.resolve("twice.bin"))).isEqualTo(sha256(file));
        assertThat(leftovers("twice.bin")).containsExactly(root.resolve("twice.bin"));
    }

    @Test
    void pathsOutsideTheRootAreRefused() throws Exception {
        assertThat(curl("-sS", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}", URL + "../etc/passwd").output)
            .isEqualTo("403");
        assertThat(curl("-sS", "-o", "/dev/null", "-w", "%{http_code}", URL + "%2e%2e/%2e%2e/etc/passwd").output)
            .isEqualTo("403");
        assertThat(curl("-sS", "-o", "/dev/null", "-w", "%{http_code}", URL + "no-such-file").output).isEqualTo("404");
        final Path outside = dir.resolve("outside.bin");
        final Curl up = curl("-sS", "--path-as-is", "-T", writeRandom("small.src", 100, 3).toString(), "-o", "/dev/null",
            "-w", "%{http_code}", URL + "../outside.bin");
        assertThat(up.output).isEqualTo("403");
        assertThat(outside).doesNotExist();
    }

    @Test
    void aChunkedUploadFromStandardInputIsStored() throws Exception {
        final Path file = writeRandom("chunked.src", 3 * MIB + 123, 66);
        final Curl up = curlWithInput(file, "-sS", "-T", "-", "-w", "\\n%{http_code}", URL + "chunked.bin");
        assertThat(up.lastLine()).as(up.output).isEqualTo("201");
        assertThat(logLine("PUT /chunked.bin 201")).isNotNull();
        assertThat(sha256(root.resolve("chunked.bin"))).isEqualTo(sha256(file));
    }

    @Test
    void twoRequestsShareOneConnection() throws Exception {
        Files.writeString(root.resolve("one.txt"), "one\n");
        final Curl two = curl("-sS", "-o", "/dev/null", "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\\n",
            URL + "one.txt", URL + "stats");
        assertThat(two.output.lines().toList()).containsExactly("200 1", "200 0");
        final Curl stats = curl("-sS", URL + "stats");
        assertThat(stats.output).contains("\"mode\" : \"stateless\"").contains("\"rx_accum_hints\"");
    }

    @Test
    void aClientGoneMidUploadLeavesNoFile() throws Exception {
        final Path file = writeRandom("gone.src", 16 * MIB, 67);
        final Curl up = curl("-sS", "--limit-rate", "2M", "-m", "2", "-T", file.toString(), URL + "gone.bin");
        assertThat(up.exitCode).as("curl gave up (timeout)").isEqualTo(28);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !leftovers("gone.bin").isEmpty()) {
            Thread.sleep(50);
        }
        assertThat(leftovers("gone.bin")).isEmpty();
        assertThat(logLine("PUT /gone.bin aborted")).contains("no file written");
    }

    @Test
    void aFolderIsListedForABrowser() throws Exception {
        Files.createDirectories(root.resolve("sub dir"));
        Files.writeString(root.resolve("sub dir/<page>.html"), "<p>hi</p>\n");
        final Curl list = curl("-sS", "-D", "-", URL);
        assertThat(list.output).contains("Content-Type: text/html").contains("<a href=\"/sub%20dir/\">sub dir/</a>");
        final Curl sub = curl("-sS", URL + "sub%20dir/");
        assertThat(sub.output).contains("<a href=\"/sub%20dir/%3Cpage%3E.html\">&lt;page&gt;.html</a>");
        assertThat(curl("-sS", URL + "sub%20dir/%3Cpage%3E.html").output).isEqualTo("<p>hi</p>");
        Files.createDirectories(root.resolve("site"));
        Files.writeString(root.resolve("site/index.html"), "<h1>front page</h1>\n");
        final Curl site = curl("-sS", "-D", "-", URL + "site/");
        assertThat(site.output).contains("Content-Type: text/html").endsWith("<h1>front page</h1>");
    }

    /** Last, since it stops the server: an upload in progress is dropped, its part file deleted, every page returned. */
    @Test
    @Order(Integer.MAX_VALUE)
    void stoppingTheServerMidUploadLeavesNoPartFileAndNoPage() throws Exception {
        final Path file = writeRandom("stop.src", 16 * MIB, 68);
        final Process up = new ProcessBuilder("ip", "netns", "exec", ns.name(), "curl", "-sS", "-m", "60",
            "--limit-rate", "1M", "-T", file.toString(), URL + "stop.bin").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && leftovers("stop.bin").isEmpty()) {
                Thread.sleep(20);
            }
            assertThat(leftovers("stop.bin")).as("the upload's part file while it runs").hasSize(1)
                .allMatch(p -> p.getFileName().toString().endsWith(".part"));
            stop.set(true);
            serving.join(30_000);
            assertThat(serving.isAlive()).isFalse();
            assertThat(leftovers("stop.bin")).isEmpty();
            server.host().memory().assertNoLeaks();
        } finally {
            up.destroyForcibly();
        }
    }

    private List<Path> leftovers(String name) throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(name)).toList();
        }
    }

    /** The server's line for a request, waiting a little for it (the server prints from its own thread). */
    private String logLine(String fragment) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            synchronized (log) {
                for (String line : log) {
                    if (line.contains(fragment)) {
                        return line;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no server line with '" + fragment + "' in " + log);
    }

    private static String field(String line, String name) {
        final Matcher m = Pattern.compile(name + "=(\\S+)").matcher(line);
        assertThat(m.find()).as(name + " in " + line).isTrue();
        return m.group(1);
    }

    private Path writeRandom(String name, int bytes, long seed) throws IOException {
        final byte[] data = new byte[bytes];
        new SimRandom(seed).nextBytes(data);
        return Files.write(dir.resolve(name), data);
    }

    private static String sha256(Path file) throws Exception {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
    }

    private record Curl(int exitCode, String output) {
        String lastLine() {
            final List<String> lines = output.lines().toList();
            return lines.isEmpty() ? "" : lines.getLast();
        }
    }

    private Curl curl(String... args) throws IOException, InterruptedException {
        return curlWithInput(null, args);
    }

    private Curl curlWithInput(Path stdin, String... args) throws IOException, InterruptedException {
        // a bound on every transfer, so that no curl outlives the test (a later -m wins)
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), "curl", "-m", "150"));
        command.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        final Process p = pb.start();
        final byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(CURL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("curl did not finish in " + CURL_TIMEOUT_SECONDS + " s: " + command);
        }
        return new Curl(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
