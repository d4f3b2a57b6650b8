package dev.toeless.bench.calibrate;

import dev.toeless.bench.demo.CostSetup;
import dev.toeless.bench.demo.FileTransfer;
import dev.toeless.bench.demo.TransferResult;
import dev.toeless.bench.demo.TransferSpec;
import dev.toeless.nic.cost.ByteOp;
import dev.toeless.nic.cost.CostOp;
import dev.toeless.nic.cost.CostProfile;
import dev.toeless.stack.driver.DriverMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Times the model's own host receive path on this machine: a transfer in {@code csum} mode
 * (checksum offload, no GRO: every segment through driver, IP and TCP) with host B's work
 * bracketed by the wall-clock meter, after warm-up transfers. From the same run the cost model
 * says how many of each operation host B did and what the base profile charges for them; the
 * ratio of the measured per-operation time (total minus the copies at the measured rate) to the
 * base profile's is the factor every per-operation cost is scaled by. The split between
 * operations stays the base profile's (an estimate); the total is measured. The wall-clock meter
 * counts time the thread spends descheduled, so its figure is scaled by the run's share of CPU
 * time in wall time (the thread's CPU time over the run's wall time).
 */
final class HostPathProbe {
    private static final long GBIT_10 = 10_000_000_000L;
    private static final int ROUNDS = 3;

    private final CostProfile base;
    private final long sizeBytes;

    HostPathProbe(CostProfile base, long sizeBytes) {
        this.base = base;
        this.sizeBytes = sizeBytes;
    }

    /** What one measured run gave. */
    record Result(double scale, double measuredNsPerPacket, double baseNsPerPacket, long packets) {
    }

    Result measure(double copyWarmNsPerByte) throws IOException {
        final Path scratch = Files.createTempDirectory("toeless-calibrate");
        try {
            final CostSetup setup = new CostSetup(base, dev.toeless.nic.cost.PciConfig.defaults());
            transfer(scratch, 8L << 20, setup);
            transfer(scratch, 8L << 20, setup);
            final double[] scales = new double[ROUNDS];
            Result last = null;
            for (int i = 0; i < ROUNDS; i++) {
                final long cpuStart = CpuClock.threadNs();
                final long wallStart = System.nanoTime();
                final TransferResult r = transfer(scratch, sizeBytes, setup);
                final double cpuShare = Math.min(1.0,
                    (double) (CpuClock.threadNs() - cpuStart) / (System.nanoTime() - wallStart));
                final Map<String, Long> b = r.modeled().breakdown();
                long basePs = 0;
                for (CostOp op : CostOp.values()) {
                    basePs += b.getOrDefault(op.key() + "_ps", 0L);
                }
                final long copied = b.get(ByteOp.COPY.key() + "_warm_bytes") + b.get(ByteOp.COPY.key() + "_cold_bytes");
                final double measuredNs = r.hostNsPerByte() * r.payloadBytes() * cpuShare - copied * copyWarmNsPerByte;
                final long packets = b.getOrDefault("driver_rx_packet_count", 1L);
                scales[i] = Math.max(0.01, measuredNs * 1000 / basePs);
                last = new Result(scales[i], measuredNs / packets, basePs / 1000.0 / packets, packets);
            }
            Arrays.sort(scales);
            return new Result(scales[ROUNDS / 2], last.measuredNsPerPacket() * scales[ROUNDS / 2] / last.scale(),
                last.baseNsPerPacket(), last.packets());
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static TransferResult transfer(Path dir, long size, CostSetup setup) throws IOException {
        final TransferResult r = new FileTransfer(new TransferSpec(DriverMode.CSUM, size, null, dir, GBIT_10, 1500, 0, 1,
            null).withCost(setup), done -> { }).run();
        if (!r.sha256Ok()) {
            throw new IOException("the calibration transfer failed: " + r.error());
        }
        return r;
    }
}
