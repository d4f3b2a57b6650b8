package dev.toeless.bench.serve;

import dev.toeless.nic.wire.Ipv4Address;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.tap.TapDevice;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code toeless serve}: an HTTP file server on our stack behind the modeled NIC, reached over a TAP device. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Serves the files under --root over HTTP/1.1 from our TCP/IP stack behind the modeled NIC, reached",
        "from Linux through a TAP device: GET sends a file from its pages (TSO, zero copy), PUT and POST",
        "write the body to a file through the file sink (in 'stateless' mode its pages are flipped, not",
        "copied). GET /stats returns the counters as JSON. Needs root (or CAP_NET_ADMIN) and /dev/net/tun.",
        "Ctrl-C stops it: uploads in progress are dropped and the TAP device removed."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped with Ctrl-C", "1:the TAP device or its address could not be set up", "2:bad arguments"})
public final class ServeCommand implements Callable<Integer> {
    private static final long STOP_WAIT_SECONDS = 10;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "stateless",
        description = "the modeled NIC's mode: none, csum, csum+gro, stateless (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
        description = "the folder served and written to (default: the current folder)")
    Path root;

    @Option(names = "--addr", paramLabel = "A", defaultValue = "10.99.0.2",
        description = "our stack's IPv4 address (default ${DEFAULT-VALUE}); the Linux side of the TAP gets the "
            + "same /24 with host number 1 (2 if A ends in .1)")
    String address;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--tap", paramLabel = "NAME", defaultValue = "toe%d",
        description = "the TAP interface to create or attach to (default ${DEFAULT-VALUE}: the first free toeN)")
    String tapName;

    @Option(names = "--rate", paramLabel = "GBIT", defaultValue = "10",
        description = "the modeled wire's rate between our NIC and the TAP, Gbit/s (default ${DEFAULT-VALUE})")
    double rateGbit;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "close a connection that waits this long for a request or for more of one (default ${DEFAULT-VALUE})")
    long idleTimeoutSeconds;

    @Option(names = "--seed", defaultValue = "1", description = "the host's random seed (default ${DEFAULT-VALUE})")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final DriverMode driverMode;
        final int ours;
        try {
            driverMode = DriverMode.byLabel(mode);
            ours = Ipv4Address.parse(address);
            if (driverMode == null) {
                throw new IllegalArgumentException("unknown --mode '" + mode + "' (none, csum, csum+gro, stateless)");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (port < 1 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 1..65535: " + port);
        }
        if (!Files.isDirectory(root)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--root is not a folder: " + root);
        }
        final String unavailable = TapDevice.unavailableReason();
        if (unavailable != null) {
            throw new IOException(unavailable);
        }
        final int linux = (ours & 0xFF) == 1 ? (ours & ~0xFF) | 2 : (ours & ~0xFF) | 1;
        if (idleTimeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--idle-timeout must be at least 1 s");
        }
        final ServeConfig config = new ServeConfig(driverMode, root, ours, 24, port, rateGbit, seed,
            idleTimeoutSeconds * 1_000_000_000L);
        // Ctrl-C: the hook asks the serving loop to stop and waits until the TAP device is gone
        final CountDownLatch stopped = new CountDownLatch(1);
        final AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "toeless-serve-stop"));
        try {
            try (TapDevice tap = TapDevice.open(tapName)) {
                configure(tap.name(), Ipv4Address.toString(linux) + "/24");
                serve(config, tap, out, Ipv4Address.toString(linux), stop);
            }
            out.println("toeless serve: stopped; uploads in progress dropped, TAP device removed");
            out.flush();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    private void serve(ServeConfig config, TapDevice tap, PrintWriter out, String linux, AtomicBoolean stop)
        throws IOException {
        final String url = "http://" + address + ":" + port + "/";
        try (FileServer server = new FileServer(config, tap, line -> {
            out.println(line);
            out.flush();
        })) {
            out.printf("toeless serve: %s serving %s, mode %s%n", url, root.toAbsolutePath().normalize(), mode);
            out.printf("  our stack is %s behind the modeled NIC; the Linux side is %s with %s/24%n", address,
                tap.name(), linux);
            out.printf("  try: curl -T FILE %sNAME   curl -o FILE %sNAME   curl %sstats   (Ctrl-C stops)%n", url, url,
                url);
            out.flush();
            server.runUntil(stop::get);
        }
    }

    /** Gives the Linux side of the TAP its address and brings it up; an address already there is fine. */
    private static void configure(String ifName, String cidr) throws IOException {
        final Run add = Run.of("ip", "addr", "add", cidr, "dev", ifName);
        if (add.exitCode() != 0 && !add.output().contains("File exists")) {
            throw new IOException("ip addr add " + cidr + " dev " + ifName + " failed: " + add.output());
        }
        final Run up = Run.of("ip", "link", "set", ifName, "up");
        if (up.exitCode() != 0) {
            throw new IOException("ip link set " + ifName + " up failed: " + up.output());
        }
    }

    private record Run(int exitCode, String output) {
        static Run of(String... command) throws IOException {
            final Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " did not finish in 20 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + String.join(" ", command), e);
            }
            return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
