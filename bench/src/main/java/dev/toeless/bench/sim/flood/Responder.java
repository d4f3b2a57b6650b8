package dev.toeless.bench.sim.flood;

import dev.toeless.stack.socket.StreamSocket;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The flooded server's application, the same whichever machine runs its TCP: each accepted connection
 * reads a request of a known size, writes the response and closes once the client has closed (or at once
 * when the client closes before its request is whole).
 */
final class Responder {
    private final List<Served> served = new ArrayList<>();
    private final byte[] scratch = new byte[4096];
    private final Predicate<StreamSocket> gone;
    private int requestBytes;
    private byte[] response = new byte[0];

    /** One accepted connection and how far its exchange has come. */
    private static final class Served {
        final StreamSocket socket;
        int requestRead;
        int responseWritten;

        Served(StreamSocket socket) {
            this.socket = socket;
        }
    }

    /** @param gone whether a socket has ended on its own (reset, timed out) and is only to be forgotten */
    Responder(Predicate<StreamSocket> gone) {
        this.gone = gone;
    }

    /** The exchange every connection has: a request of {@code requestBytes}, a response of {@code responseBytes}. */
    void exchange(int requestBytes, int responseBytes) {
        this.requestBytes = requestBytes;
        this.response = new byte[responseBytes];
        for (int i = 0; i < responseBytes; i++) {
            response[i] = (byte) (i * 31 + 7);
        }
    }

    void accepted(StreamSocket socket) {
        served.add(new Served(socket));
    }

    /** Moves every connection's exchange on as far as its socket allows now. */
    void serve() {
        for (Iterator<Served> it = served.iterator(); it.hasNext(); ) {
            final Served c = it.next();
            if (gone.test(c.socket)) {
                it.remove();
                continue;
            }
            if (c.requestRead < requestBytes) {
                final int n = c.socket.read(scratch, 0, Math.min(scratch.length, requestBytes - c.requestRead));
                if (n > 0) {
                    c.requestRead += n;
                }
            }
            if (c.requestRead >= requestBytes && c.responseWritten < response.length) {
                c.responseWritten += c.socket.write(response, c.responseWritten, response.length - c.responseWritten);
            }
            if (c.socket.isEndOfStream() && (c.responseWritten == response.length || c.requestRead < requestBytes)) {
                c.socket.close();
                it.remove();
            }
        }
    }

    /** Aborts every connection still served. */
    void abortAll() {
        for (Served c : served) {
            c.socket.abort();
        }
        served.clear();
    }
}
