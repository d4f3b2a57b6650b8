package dev.toeless.bench.serve;

import dev.toeless.bench.serve.http.Method;
import dev.toeless.bench.serve.http.RequestHead;
import dev.toeless.bench.serve.http.RequestStatus;
import dev.toeless.bench.serve.http.ResponseHead;
import dev.toeless.nic.stats.CounterSnapshot;
import dev.toeless.nic.wire.Ipv4Address;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpState;
import dev.toeless.vfs.sink.SinkResult;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One HTTP/1.1 connection of the file server, as a state machine stepped by the server's loop:
 * read a request head (and not a byte more), then answer a {@code GET}/{@code HEAD} from the file's
 * pages, or take a {@code PUT}/{@code POST} body (Content-Length or chunked, after a
 * {@code 100 Continue} when the client expects one) into a file through the file sink, then the
 * next request on the same connection (keep-alive) or a close.
 *
 * <p>For an upload the alignment hint goes to the NIC once the head is parsed, at the body's first
 * byte (and again at each chunk's data), so the body's pages arrive whole and are flipped, not
 * copied: claim C10 of EXPERIMENTS.md, live.
 *
 * <p>A malformed request gets its 4xx, a {@code Connection: close} and a closed connection; an
 * upload that does not complete (bad framing, the client gone, a disk error) leaves no file. Single
 * thread: the server's.
 */
final class HttpConnection {
    private enum State { HEAD, BODY, CHUNKED, STORING, SENDING, DRAINING, DONE }

    private static final long DRAIN_LIMIT_NS = 10_000_000_000L;

    private final ServeContext ctx;
    private final TcpSocket socket;
    private final String client;
    private final ProtocolReader reader;
    private final Outbox outbox;
    private final RequestHead head = new RequestHead();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[ResponseHead.MAX_BYTES]);
    private State state = State.HEAD;
    private long bodyConsumed;
    private boolean shutdownSent;
    private long idleSinceNs;
    private long drainDeadlineNs;

    // the request in progress
    private long requestId;
    private String method;
    private String target;
    private boolean keepAlive;
    private int headBytes;
    private long startWallNs;
    private CounterSnapshot touchBefore;
    private long remaining;
    private boolean chunked;
    private final ChunkedDecoder chunks = new ChunkedDecoder();
    private Upload upload;
    private Download download;

    HttpConnection(ServeContext ctx, TcpSocket socket) {
        this.ctx = ctx;
        this.socket = socket;
        this.client = Ipv4Address.toString((int) socket.remoteLow()) + ":" + socket.remotePort();
        this.reader = new ProtocolReader(ctx.host().cpu(), RequestHead.MAX_HEAD_BYTES);
        this.outbox = new Outbox(ctx.host().cpu(), ctx.host().sendPool());
        this.idleSinceNs = ctx.host().scheduler().nowNs();
    }

    /** Does what can be done now; false once the connection is finished and can be forgotten. */
    boolean step() {
        boolean progress = true;
        int turns = 0;
        while (progress && state != State.DONE) {
            turns++;
            flush();
            progress = switch (state) {
                case HEAD -> readHead();
                case BODY -> readBody();
                case CHUNKED -> readChunkFraming();
                case STORING -> awaitStored();
                case SENDING -> sendFile();
                case DRAINING -> drain();
                case DONE -> false;
            };
        }
        if (state != State.DONE) {
            checkPeer();
        }
        if (state != State.DONE) {
            checkIdle(turns > 1);
        }
        return state != State.DONE;
    }

    /** A connection waiting too long for a request, or for the rest of one, is closed. */
    private void checkIdle(boolean moved) {
        final long nowNs = ctx.host().scheduler().nowNs();
        if (moved || (state != State.HEAD && state != State.BODY && state != State.CHUNKED)) {
            idleSinceNs = nowNs;
            return;
        }
        if (nowNs - idleSinceNs - ctx.idleTimeoutNs() < 0) {
            return;
        }
        if (state == State.HEAD && reader.length() == 0) {
            socket.close(); // an idle keep-alive connection: no request to answer
            state = State.DONE;
            return;
        }
        if (state == State.HEAD) {
            startRequest();
        }
        ctx.log().accept("#" + requestId + " " + client + " " + method + " " + target + " timed out after "
            + ctx.idleTimeoutNs() / 1_000_000_000L + " s without progress");
        refuse(408, "Request Timeout");
    }

    /** The server stops: whatever is in progress is dropped (a part file deleted) and the connection reset. */
    void abandon(String reason) {
        if (upload != null) {
            upload.abort(reason);
            upload = null;
        }
        if (download != null) {
            download.close();
            download = null;
        }
        outbox.releaseAll();
        socket.abort();
        state = State.DONE;
    }

    private long streamPosition() {
        return reader.consumedBytes() + bodyConsumed;
    }

    private boolean readHead() {
        final ProtocolReader.Outcome outcome = reader.readUntil(socket, ProtocolReader.HEAD_END, RequestHead.MAX_HEAD_BYTES);
        if (outcome == ProtocolReader.Outcome.NEED_MORE) {
            return false;
        }
        startRequest();
        if (outcome == ProtocolReader.Outcome.TOO_LONG) {
            ctx.stats().malformedRequests++;
            return refuse(431, "Request Header Fields Too Large");
        }
        final RequestStatus status = head.parse(reader.buffer(), 0, reader.length());
        if (status != RequestStatus.OK) {
            ctx.stats().malformedRequests++;
            return refuse(status.httpStatus(), status.reason());
        }
        headBytes = head.headLength();
        method = head.method() == Method.OTHER ? "OTHER" : head.method().name();
        target = head.target();
        keepAlive = head.keepAlive();
        reader.clear();
        return switch (head.method()) {
            case GET, HEAD -> get(head.method() == Method.HEAD);
            case PUT, POST -> put();
            case OTHER -> refuse(501, "Not Implemented");
        };
    }

    private void startRequest() {
        requestId = ctx.stats().nextRequestId();
        ctx.stats().requests++;
        method = "-";
        target = "-";
        headBytes = reader.length();
        startWallNs = System.nanoTime();
        touchBefore = ctx.host().ledger().snapshot();
    }

    private boolean get(boolean headOnly) {
        if (head.hasBody()) {
            return refuse(400, "Bad Request");
        }
        if (target.equals("/stats") || target.startsWith("/stats?")) {
            final byte[] json = ctx.stats().json(ctx.host(), ctx.modeLabel()).getBytes(StandardCharsets.UTF_8);
            return respond(200, "OK", headOnly ? null : json, json.length, "application/json", null);
        }
        final RootDirectory.Resolved resolved = ctx.root().resolve(target);
        if (!resolved.ok()) {
            return respond(resolved.status(), resolved.reason(), null, 0, null, null);
        }
        Path file = resolved.path();
        if (Files.isDirectory(file) && Files.isRegularFile(file.resolve("index.html"))) {
            file = file.resolve("index.html"); // a site's front page, as a browser expects
        } else if (Files.isDirectory(file)) {
            try {
                final byte[] page = DirectoryListing.html(ctx.root().path(), resolved.path());
                return respond(200, "OK", headOnly ? null : page, page.length, "text/html; charset=utf-8", null);
            } catch (IOException e) {
                return respond(404, "Not Found", null, 0, null, null);
            }
        }
        if (!Files.isRegularFile(file)) {
            return respond(404, "Not Found", null, 0, null, null);
        }
        try {
            download = new Download(ctx, file);
        } catch (IOException e) {
            return respond(404, "Not Found", null, 0, null, null);
        }
        if (!queueHead(200, "OK", download.lengthBytes(), ContentTypes.of(file), !keepAlive)) {
            return overloaded();
        }
        if (headOnly) {
            download.close();
            download = null;
            return respond(-1, null, null, 0, null, null);
        }
        state = State.SENDING;
        return true;
    }

    private boolean put() {
        final RootDirectory.Resolved resolved = ctx.root().resolve(target);
        if (!resolved.ok()) {
            return refuse(resolved.status(), resolved.reason());
        }
        if (head.contentLength() < 0 && !head.chunked()) {
            return refuse(411, "Length Required");
        }
        if (Files.isDirectory(resolved.path())) {
            return refuse(409, "Conflict");
        }
        chunked = head.chunked();
        upload = Upload.tryStart(ctx, resolved.path(), chunked ? -1 : head.contentLength());
        if (upload == null) {
            return refuse(409, "Conflict"); // the same name is being uploaded by another request
        }
        if (upload.failed()) {
            return storeFailed();
        }
        // C10: the body's first byte at page offset 0, so its pages arrive whole
        ctx.host().alignReceivePages(socket, streamPosition());
        if (head.expectContinue()) {
            final int n = ResponseHead.writeContinue(scratch, 0);
            if (!outbox.queueProtocol(scratch, 0, n)) {
                return overloaded();
            }
        }
        if (chunked) {
            chunks.reset();
            state = State.CHUNKED;
        } else {
            remaining = head.contentLength();
            state = State.BODY;
        }
        return true;
    }

    private boolean readBody() {
        flush();
        if (upload.failed()) {
            return storeFailed();
        }
        if (remaining == 0) {
            return endOfChunkOrBody();
        }
        final long window = upload.windowBytes();
        if (window <= 0 || socket.readableBytes() == 0) {
            return false;
        }
        final long n = socket.read(upload, Math.min(remaining, window));
        bodyConsumed += n;
        remaining -= n;
        if (remaining == 0) {
            return endOfChunkOrBody();
        }
        return n > 0;
    }

    private boolean endOfChunkOrBody() {
        if (chunked) {
            chunks.dataDone();
            state = State.CHUNKED;
            return true;
        }
        upload.finish();
        state = State.STORING;
        return true;
    }

    private boolean readChunkFraming() {
        flush();
        return switch (chunks.next(socket, reader)) {
            case NEED_MORE -> false;
            case MALFORMED -> {
                ctx.stats().malformedRequests++;
                yield refuse(400, "Bad Request");
            }
            case END -> {
                upload.finish();
                state = State.STORING;
                yield true;
            }
            case DATA -> {
                // the chunk's data continues the file: re-aim the hint so its pages land aligned too
                ctx.host().alignReceivePages(socket, streamPosition() - upload.fileOffset());
                remaining = chunks.chunkBytes();
                state = State.BODY;
                yield true;
            }
        };
    }

    private boolean awaitStored() {
        flush();
        final SinkResult result = upload.result();
        if (result == null) {
            return false;
        }
        if (!(result instanceof SinkResult.Completed done)) {
            return storeFailed();
        }
        final Upload u = upload;
        upload = null;
        final double touch = touchPerByte(done.lengthBytes());
        final ServeStats stats = ctx.stats();
        stats.uploadsCompleted++;
        stats.uploadBytes += done.lengthBytes();
        stats.uploadTouchedBytes += ctx.host().ledger().snapshot().minus(touchBefore).count("touched_bytes");
        stats.pagesFlipped += u.pagesFlipped();
        stats.pagesCopied += u.pagesCopied();
        final String json = String.format(Locale.ROOT, "{\"bytes\": %d, \"sha256\": \"%s\", \"pages_flipped\": %d, "
                + "\"pages_copied\": %d, \"touch_per_byte\": %.4f}%n", done.lengthBytes(), done.sha256Hex(),
            u.pagesFlipped(), u.pagesCopied(), touch);
        final byte[] body = json.getBytes(StandardCharsets.US_ASCII);
        return respond(201, "Created", body, body.length, "application/json",
            new RequestRecord(requestId, client, method, target, 201, headBytes, done.lengthBytes(), done.sha256Hex(),
                u.pagesFlipped(), u.pagesCopied(), touch, System.nanoTime() - startWallNs));
    }

    private boolean storeFailed() {
        final String why = upload.result() instanceof SinkResult.Failed f ? f.error().message() : "failed";
        upload = null;
        ctx.stats().uploadsAborted++;
        ctx.log().accept("#" + requestId + " " + client + " " + method + " " + target + " upload failed: " + why);
        keepAlive = false;
        return respond(500, "Internal Server Error", null, 0, null, null);
    }

    private boolean sendFile() {
        boolean progress = false;
        try {
            while (flush()) {
                if (download.exhausted()) {
                    final Download d = download;
                    download = null;
                    final String sha256 = d.sha256();
                    d.close();
                    ctx.stats().downloadsCompleted++;
                    ctx.stats().downloadBytes += d.lengthBytes();
                    finishRequest(new RequestRecord(requestId, client, method, target, 200, headBytes,
                        d.lengthBytes(), sha256,
                        0, 0, touchPerByte(d.lengthBytes()), System.nanoTime() - startWallNs));
                    return true;
                }
                if (!outbox.hasRoom(1) || !download.pumpInto(outbox)) {
                    return progress;
                }
                progress = true;
            }
        } catch (IOException e) {
            ctx.log().accept("#" + requestId + " " + client + " GET " + target + " read failed: " + e.getMessage());
            abandon("read failed");
            return false;
        }
        return progress;
    }

    private double touchPerByte(long bytes) {
        final long touched = ctx.host().ledger().snapshot().minus(touchBefore).count("touched_bytes");
        return bytes == 0 ? 0.0 : (double) touched / bytes;
    }

    /** A request refused: its status, {@code Connection: close}, and the connection drained and closed. */
    private boolean refuse(int status, String reason) {
        keepAlive = false;
        if (upload != null) {
            upload.abort("request refused with " + status);
            upload = null;
            ctx.stats().uploadsAborted++;
        }
        return respond(status, reason, null, 0, null, null);
    }

    /**
     * Queues a final response (unless {@code status} is -1: its head is queued already), prints the
     * request's line, and moves on to the next request or the close.
     */
    private boolean respond(int status, String reason, byte[] body, long contentLength, String type, RequestRecord record) {
        if (status > 0) {
            if (!queueHead(status, reason, contentLength, body == null && contentLength == 0 ? null : type, !keepAlive)) {
                return overloaded();
            }
            if (body != null && !outbox.queueProtocol(new UnsafeBuffer(body), 0, body.length)) {
                return overloaded();
            }
        }
        finishRequest(record != null ? record : new RequestRecord(requestId, client, method, target,
            status > 0 ? status : 200, headBytes, 0, null, 0, 0, 0.0, System.nanoTime() - startWallNs));
        return true;
    }

    private boolean queueHead(int status, String reason, long contentLength, String type, boolean close) {
        final int n = ResponseHead.write(scratch, 0, status, reason, contentLength, type, close);
        ctx.stats().response(status);
        return outbox.queueProtocol(scratch, 0, n);
    }

    private void finishRequest(RequestRecord record) {
        ctx.log().accept(record.line());
        reader.clear();
        if (keepAlive) {
            state = State.HEAD;
        } else {
            state = State.DRAINING;
            drainDeadlineNs = ctx.host().scheduler().nowNs() + DRAIN_LIMIT_NS;
        }
    }

    /** No page to answer with: the connection is reset rather than left without an answer. */
    private boolean overloaded() {
        ctx.log().accept("#" + requestId + " " + client + " out of send pages: connection reset");
        abandon("out of send pages");
        return false;
    }

    private boolean flush() {
        return outbox.flush(socket);
    }

    /** After the last response: send it all, then FIN, then discard input until the peer's FIN. */
    private boolean drain() {
        if (!flush()) {
            return false;
        }
        if (!shutdownSent) {
            shutdownSent = true;
            socket.shutdown();
        }
        if (socket.readableBytes() > 0) {
            bodyConsumed += socket.read((pfn, offset, length) -> ctx.host().memory().release(pfn), Long.MAX_VALUE);
        }
        if (socket.isEndOfStream() || socket.state() == TcpState.CLOSED
            || ctx.host().scheduler().nowNs() - drainDeadlineNs > 0) {
            socket.close();
            state = State.DONE;
        }
        return false;
    }

    /** The peer reset the connection, or closed its side while a request was still coming in. */
    private void checkPeer() {
        final boolean reset = socket.state() == TcpState.CLOSED;
        final boolean ended = socket.isEndOfStream();
        if (!reset && !ended) {
            return;
        }
        switch (state) {
            case HEAD -> {
                if (ended && !reset) {
                    socket.close();
                    state = State.DONE;
                } else {
                    abandon("reset");
                }
            }
            case BODY, CHUNKED -> {
                final long got = upload == null ? 0 : upload.fileOffset();
                ctx.stats().uploadsAborted++;
                ctx.log().accept("#" + requestId + " " + client + " " + method + " " + target + " aborted: the client "
                    + (reset ? "reset the connection" : "closed the connection") + " after " + got + " body bytes;"
                    + " no file written");
                abandon("client gone");
            }
            case SENDING, STORING -> {
                if (reset) {
                    abandon("reset");
                }
            }
            default -> { }
        }
    }
}
