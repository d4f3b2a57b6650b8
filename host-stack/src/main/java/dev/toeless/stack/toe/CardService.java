package dev.toeless.stack.toe;

import dev.toeless.nic.card.ToeCompletionDescriptor;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.socket.TcpSocket;

import static dev.toeless.nic.card.ToeCompletionDescriptor.DATA_ARRIVED;
import static dev.toeless.nic.card.ToeCompletionDescriptor.RECEIVE_RETURNED;
import static dev.toeless.nic.card.ToeCompletionDescriptor.SEND_DONE;
import static dev.toeless.nic.card.ToeCompletionDescriptor.STATE_CHANGE;
import static dev.toeless.nic.card.ToeCompletionDescriptor.STATUS_OK;

/**
 * What the firmware does for one connection whenever its card socket has news (readiness) or the
 * host sent a command for it: take waiting send data from host pages into card memory, place
 * received payload into the host's posted pages, and tell the host of acknowledged bytes and of
 * state changes. Received payload is placed one segment's payload per posted page, at offset 0,
 * as a card without DDP places it (a TOE's free-list buffers are not file pages): so the host's
 * pages never hold whole aligned file pages, and the file sink copies.
 */
final class CardService {
    private CardService() {
    }

    static void service(ToeFirmware card, CardConnection c) {
        final TcpSocket s = c.socket;
        if (s == null || card.connection(s) != c) {
            return; // retired
        }
        pumpSends(card, c);
        if (card.connection(s) != c) {
            return;
        }
        if (c.accepted && !c.establishedReported && s.isEstablished() && c.listenerCookie == 0) {
            c.establishedReported = true;
            card.complete(STATE_CHANGE, STATUS_OK, ToeCompletionDescriptor.STATE_ESTABLISHED, c.tid, c.cookie,
                HostMemory.NO_PAGE, 0, 0, 0);
        }
        if (card.ddp().runs(c)) {
            card.ddp().poll(c); // the connection's bytes are MPA/DDP: placed by tag, not into posted pages
        } else {
            deliver(card, c);
        }
        reportAcks(card, c);
    }

    /** Sends the host's queued page ranges while the socket has room and card memory a page. */
    static void pumpSends(ToeFirmware card, CardConnection c) {
        final TcpSocket s = c.socket;
        while (!c.pendingSends.isEmpty()) {
            final int hostPfn = c.pendingSends.getInt(0);
            final int offset = c.pendingSends.getInt(1);
            final int length = c.pendingSends.getInt(2);
            if (!s.isEstablished() || s.sendSpaceBytes() < length) {
                return;
            }
            final int cardPfn = card.memory().sendPool().allocate();
            if (cardPfn == HostMemory.NO_PAGE) {
                card.counters().cardMemoryFull++;
                return;
            }
            if (!card.dma().fromHost(hostPfn, offset, cardPfn, 0, length)) {
                card.memory().memory().release(cardPfn);
                CardConnection.popFirst(c.pendingSends);
                card.counters().badCommands++;
                card.complete(ToeCompletionDescriptor.ERROR, ToeCompletionDescriptor.STATUS_BAD_COMMAND, 0, c.tid,
                    c.cookie, hostPfn, offset, length, 0);
                continue;
            }
            if (!s.send(cardPfn, 0, length)) {
                card.memory().memory().release(cardPfn);
                return;
            }
            CardConnection.popFirst(c.pendingSends);
            c.bytesFromHost += length;
            card.counters().bytesSent += length;
            // the bytes are in card memory: the host's page is the host's again
            card.complete(SEND_DONE, STATUS_OK, 0, c.tid, c.cookie, hostPfn, offset, length,
                c.bytesFromHost - s.sendQueuedBytes());
        }
        if (c.closeAfterSends) {
            c.closeAfterSends = false;
            if (c.fullClose) {
                s.close();
            } else {
                s.shutdown();
            }
        }
    }

    /** Places received payload into the host's posted pages, one fragment per page. */
    static void deliver(ToeFirmware card, CardConnection c) {
        final TcpSocket s = c.socket;
        if (!c.accepted || card.connection(s) != c) {
            return;
        }
        while (c.postedCount() > 0) {
            if (c.held.isEmpty()) {
                if (s.readableBytes() == 0) {
                    break;
                }
                // what the posted pages can take; a fragment beyond waits in card memory
                s.read((pfn, offset, length) -> CardConnection.push(c.held, pfn, offset, length),
                    (long) c.postedCount() * HostMemory.PAGE_SIZE);
                if (c.held.isEmpty()) {
                    break;
                }
            }
            place(card, c);
        }
        if (c.held.isEmpty() && s.readableBytes() == 0 && s.isEndOfStream() && !c.peerClosedReported) {
            c.peerClosedReported = true;
            card.complete(STATE_CHANGE, STATUS_OK, ToeCompletionDescriptor.STATE_PEER_CLOSED, c.tid, c.cookie,
                HostMemory.NO_PAGE, 0, 0, c.bytesToHost);
        }
        if (c.retiring && c.held.isEmpty() && s.readableBytes() == 0) {
            card.retire(c); // every byte is the host's now
        }
    }

    private static void place(ToeFirmware card, CardConnection c) {
        final int cardPfn = c.held.getInt(0);
        final int cardOffset = c.held.getInt(1);
        final int length = c.held.getInt(2);
        final int hostPfn = c.posted.getInt(0);
        final int hostOffset = c.posted.getInt(1);
        final int room = c.posted.getInt(2);
        final int n = Math.min(length, room);
        card.dma().toHost(cardPfn, cardOffset, hostPfn, hostOffset, n);
        CardConnection.popFirst(c.posted);
        if (n == length) {
            CardConnection.popFirst(c.held);
            card.memory().memory().release(cardPfn);
        } else {
            c.held.setInt(1, cardOffset + n);
            c.held.setInt(2, length - n);
        }
        c.bytesToHost += n;
        card.counters().bytesReceived += n;
        card.complete(DATA_ARRIVED, STATUS_OK, 0, c.tid, c.cookie, hostPfn, hostOffset, n, c.bytesToHost);
    }

    /** Tells the host how many of its bytes the peer has acknowledged (its send credit). */
    private static void reportAcks(ToeFirmware card, CardConnection c) {
        final long acked = c.bytesFromHost - c.socket.sendQueuedBytes();
        if (acked > c.ackReported && c.cookie != 0) {
            c.ackReported = acked;
            card.complete(SEND_DONE, STATUS_OK, 0, c.tid, c.cookie, HostMemory.NO_PAGE, 0, 0, acked);
        }
    }

    /** Card pages held for placement go back to card memory. */
    static void releaseHeld(ToeFirmware card, CardConnection c) {
        for (int i = 0; i < c.held.size(); i += 3) {
            card.memory().memory().release(c.held.getInt(i));
        }
        c.held.clear();
    }

    /** Every host page the card holds for this connection goes back with a completion. */
    static void returnPages(ToeFirmware card, CardConnection c, int status) {
        for (int i = 0; i < c.posted.size(); i += 3) {
            card.complete(RECEIVE_RETURNED, STATUS_OK, 0, c.tid, c.cookie, c.posted.getInt(i), c.posted.getInt(i + 1),
                c.posted.getInt(i + 2), 0);
        }
        c.posted.clear();
        for (int i = 0; i < c.pendingSends.size(); i += 3) {
            card.complete(SEND_DONE, status, 0, c.tid, c.cookie, c.pendingSends.getInt(i),
                c.pendingSends.getInt(i + 1), c.pendingSends.getInt(i + 2), c.ackReported);
        }
        c.pendingSends.clear();
    }
}
