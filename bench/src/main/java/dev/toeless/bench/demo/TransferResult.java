package dev.toeless.bench.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.toeless.nic.stats.CounterSnapshot;

/**
 * The figures of one transfer. Host figures are the receiver's (host B).
 *
 * @param payloadBytes          the file's length
 * @param deliveredBytes        payload that reached host B's file sink in order (all of it when complete)
 * @param goodputBitsPerSecond  delivered bits per second of virtual time, first SYN to file complete (or to
 *                              the end of a failed transfer)
 * @param simBytesPerSecond     delivered bytes per second of wall time: how fast the model ran
 * @param touchPerByte          host CPU passes over payload per delivered byte (copies + checksums + compares)
 * @param copiesPerByte         host CPU payload copies per delivered byte
 * @param hostNsPerByte         measured: wall time of the model's own Java host code (driver, stack, socket,
 *                              file sink) per delivered byte on this machine, not what a real host spends
 * @param hostCoresAt100g       host cores that {@code hostNsPerByte} would need at 100 Gbit/s
 * @param modeled               host B's figures from the cost model (virtual time, deterministic)
 */
public record TransferResult(String mode, long payloadBytes, long deliveredBytes, long virtualNs, long wallNs,
                             double goodputBitsPerSecond, double simBytesPerSecond, double touchPerByte,
                             double copiesPerByte, double hostNsPerByte,
                             @JsonProperty("host_cores_at_100g") double hostCoresAt100g, long pagesFlipped,
                             long pagesCopied, boolean sha256Ok,
                             String sha256, String file, String error, CounterSnapshot receiverLedger,
                             CounterSnapshot nic, CounterSnapshot tcp, ModeledCost modeled) {
    /** The same figures, failed for {@code reason}. */
    public TransferResult failed(String reason) {
        return new TransferResult(mode, payloadBytes, deliveredBytes, virtualNs, wallNs, goodputBitsPerSecond,
            simBytesPerSecond, touchPerByte, copiesPerByte, hostNsPerByte, hostCoresAt100g, pagesFlipped, pagesCopied,
            false, sha256, null, reason, receiverLedger, nic, tcp, modeled);
    }
}
