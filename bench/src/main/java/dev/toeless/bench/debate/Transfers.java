package dev.toeless.bench.debate;

import dev.toeless.bench.demo.CostSetup;
import dev.toeless.bench.demo.DemoMode;
import dev.toeless.bench.demo.FileTransfer;
import dev.toeless.bench.demo.TransferResult;
import dev.toeless.bench.demo.TransferSpec;
import dev.toeless.stack.driver.DriverMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's transfer (a generated file from host A to host B over one simulated link, into host
 * B's file sink, sha256 checked) as a debate point: run in its own folder, the received file
 * deleted once checked (the figures are what the debate keeps), and its figures as the JSON names
 * them.
 */
final class Transfers {
    static final long TEN_GBIT = 10_000_000_000L;
    static final int MTU = 1500;

    private Transfers() {
    }

    /** One transfer of {@code bytes} in {@code mode} at {@code bitsPerSecond}, host B charged with {@code cost}. */
    static TransferResult run(Path scratch, String point, DriverMode mode, long bytes, long bitsPerSecond, long seed,
                              CostSetup cost) throws IOException {
        return run(scratch, point, DemoMode.of(mode), bytes, bitsPerSecond, seed, cost);
    }

    /** The same in any of the demo's modes ({@code toe}, {@code toe+ddp}, {@code card-node} among them). */
    static TransferResult run(Path scratch, String point, DemoMode mode, long bytes, long bitsPerSecond, long seed,
                              CostSetup cost) throws IOException {
        final Path dir = scratch.resolve(point.replaceAll("[^A-Za-z0-9.+-]", "_"));
        final TransferSpec spec = new TransferSpec(mode, bytes, null, dir, bitsPerSecond, MTU, 0, seed, null)
            .withCost(cost);
        final TransferResult r = new FileTransfer(spec, done -> { }).run();
        if (r.file() != null) {
            Files.deleteIfExists(Path.of(r.file()));
        }
        return r;
    }

    /** A transfer is a good point when the whole file arrived and hashes to what was sent. */
    static boolean ok(TransferResult r) {
        return r != null && r.sha256Ok();
    }

    /** The deterministic figures of a transfer (modeled and counted; no wall time). */
    static Map<String, Object> figures(TransferResult r) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", r.mode());
        m.put("payload_bytes", r.payloadBytes());
        m.put("delivered_bytes", r.deliveredBytes());
        m.put("goodput_bit_s", round(r.goodputBitsPerSecond()));
        m.put("touch_per_byte", round(r.touchPerByte()));
        m.put("copies_per_byte", round(r.copiesPerByte()));
        m.put("host_ns_per_byte_modeled", round(r.modeled().hostNsPerByteModeled()));
        m.put("host_cycles_per_byte", round(r.modeled().hostCyclesPerByte()));
        m.put("host_cpu_util", round(r.modeled().hostCpuUtil()));
        m.put("pci_tx_per_mb", round(r.modeled().pciTxPerMb()));
        m.put("pci_bytes_per_mb", round(r.modeled().pciBytesPerMb()));
        m.put("interrupts_per_mb", round(r.modeled().interruptsPerMb()));
        m.put("rx_missed", r.modeled().rxMissed());
        m.put("host_packets_per_gb", round(r.modeled().hostPacketsPerGb()));
        if (r.modeled().cardProfile() != null) {
            m.put("card_profile", r.modeled().cardProfile());
            m.put("card_cpu_util", round(r.modeled().cardCpuUtil()));
            m.put("card_ns_per_byte", round(r.modeled().cardNsPerByte()));
        }
        if (r.modeled().cardSaturationGbps() > 0) {
            m.put("card_saturation_gbit_s", round(r.modeled().cardSaturationGbps()));
        }
        m.put("pages_flipped", r.pagesFlipped());
        m.put("pages_copied", r.pagesCopied());
        m.put("sha256_ok", r.sha256Ok());
        if (r.error() != null) {
            m.put("error", r.error());
        }
        return m;
    }

    /** Six significant digits: the JSON stays readable and equal runs print equal figures. */
    static double round(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).doubleValue();
    }

    static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String gbit(double bitsPerSecond) {
        return String.format(Locale.ROOT, "%.2f Gbit/s", bitsPerSecond / 1e9);
    }
}
