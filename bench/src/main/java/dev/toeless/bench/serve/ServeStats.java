package dev.toeless.bench.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toeless.nic.mem.TouchLedger;
import dev.toeless.stack.host.Host;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's counters, as {@code GET /stats} returns them: requests and responses, bytes moved
 * each way, uploads completed and aborted, the pages the file sink flipped and copied, the host
 * CPU's touch ledger, and the modeled NIC's counters. Owned by the server's one thread.
 */
final class ServeStats {
    private static final ObjectMapper JSON = new ObjectMapper();

    long connectionsAccepted;
    long requests;
    long responses2xx;
    long responses4xx;
    long responses5xx;
    long malformedRequests;
    long uploadsCompleted;
    long uploadsAborted;
    long uploadBytes;
    long uploadTouchedBytes;
    long downloadsCompleted;
    long downloadBytes;
    long pagesFlipped;
    long pagesCopied;
    int openConnections;
    private long nextRequestId;

    long nextRequestId() {
        return ++nextRequestId;
    }

    void response(int status) {
        if (status >= 500) {
            responses5xx++;
        } else if (status >= 400) {
            responses4xx++;
        } else if (status >= 200) {
            responses2xx++;
        }
    }

    /** The counters as one JSON object. */
    String json(Host host, String mode) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        m.put("connections_accepted", connectionsAccepted);
        m.put("connections_open", openConnections);
        m.put("requests", requests);
        m.put("responses_2xx", responses2xx);
        m.put("responses_4xx", responses4xx);
        m.put("responses_5xx", responses5xx);
        m.put("malformed_requests", malformedRequests);
        m.put("uploads_completed", uploadsCompleted);
        m.put("uploads_aborted", uploadsAborted);
        m.put("upload_bytes", uploadBytes);
        m.put("upload_touch_per_byte", uploadBytes == 0 ? 0.0 : (double) uploadTouchedBytes / uploadBytes);
        m.put("downloads_completed", downloadsCompleted);
        m.put("download_bytes", downloadBytes);
        m.put("pages_flipped", pagesFlipped);
        m.put("pages_copied", pagesCopied);
        final TouchLedger ledger = host.ledger();
        final Map<String, Long> touch = new LinkedHashMap<>();
        touch.put("copied_bytes", ledger.copiedBytes());
        touch.put("checksummed_bytes", ledger.checksummedBytes());
        touch.put("compared_bytes", ledger.comparedBytes());
        touch.put("header_bytes", ledger.headerBytes());
        m.put("host_touch", touch);
        m.put("nic", host.attachment().counterSnapshot());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("counters do not serialize", e);
        }
    }
}
