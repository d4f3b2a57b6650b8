package dev.toeless.bench.serve;

import java.util.Locale;

/**
 * One finished request, as the server prints it: what the demo prints per transfer (bytes,
 * SHA-256, pages flipped and copied, touch_per_byte) plus the status, the request head's length
 * and the wall time it took.
 *
 * @param touchPerByte host CPU passes over payload per payload byte while the request ran (the
 *                     host-wide ledger: with requests in parallel their touches mix)
 */
record RequestRecord(long id, String client, String method, String target, int status, int headBytes, long bytes,
                     String sha256,
                     long pagesFlipped, long pagesCopied, double touchPerByte, long wallNs) {
    String line() {
        final double seconds = wallNs / 1e9;
        return String.format(Locale.ROOT, "#%d %s %s %s %d head_bytes=%d bytes=%d sha256=%s pages_flipped=%d pages_copied=%d "
                + "touch_per_byte=%.4f time=%.3fs rate=%.1fMB/s", id, client, method, target, status, headBytes, bytes,
            sha256 == null ? "-" : sha256, pagesFlipped, pagesCopied, touchPerByte, seconds,
            seconds > 0 ? bytes / seconds / 1e6 : 0.0);
    }
}
