package dev.toeless.stack.toe;

import dev.toeless.nic.card.ToeCommandDescriptor;
import dev.toeless.nic.card.ToeCompletionDescriptor;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.stack.socket.TcpListener;
import dev.toeless.stack.socket.TcpSocket;

import static dev.toeless.nic.card.ToeCompletionDescriptor.ERROR;
import static dev.toeless.nic.card.ToeCompletionDescriptor.STATE_CHANGE;
import static dev.toeless.nic.card.ToeCompletionDescriptor.STATUS_BAD_COMMAND;
import static dev.toeless.nic.card.ToeCompletionDescriptor.STATUS_NO_MEMORY;
import static dev.toeless.nic.card.ToeCompletionDescriptor.STATUS_NO_SLOT;
import static dev.toeless.nic.card.ToeCompletionDescriptor.STATUS_OK;

/**
 * The firmware's command interpreter: one command descriptor the card fetched, carried out on the
 * card's TCP. A command naming no live connection, or a listener the card cannot open, is
 * answered with an error completion; a page it lent comes back with that completion, so a bad
 * command never keeps a host page.
 */
final class CardCommands {
    private CardCommands() {
    }

    static void execute(ToeFirmware card, ToeCommandDescriptor c) {
        card.counters().commands++;
        switch (c.opcode()) {
            case ToeCommandDescriptor.LISTEN -> listen(card, c);
            case ToeCommandDescriptor.UNLISTEN -> unlisten(card, c);
            case ToeCommandDescriptor.CONNECT -> connect(card, c);
            case ToeCommandDescriptor.ACCEPT -> accept(card, c);
            case ToeCommandDescriptor.SEND -> send(card, c);
            case ToeCommandDescriptor.POST_RECEIVE -> postReceive(card, c);
            case ToeCommandDescriptor.CLOSE -> close(card, c);
            case ToeCommandDescriptor.ABORT -> abort(card, c);
            default -> refuse(card, c);
        }
    }

    private static void refuse(ToeFirmware card, ToeCommandDescriptor c) {
        card.counters().badCommands++;
        final boolean lent = c.opcode() == ToeCommandDescriptor.SEND || c.opcode() == ToeCommandDescriptor.POST_RECEIVE;
        card.complete(ERROR, STATUS_BAD_COMMAND, 0, c.tid(), c.cookie(), lent ? c.pfn() : HostMemory.NO_PAGE,
            lent ? c.pageOffset() : 0, lent ? c.lengthBytes() : 0, c.opcode());
    }

    private static void listen(ToeFirmware card, ToeCommandDescriptor c) {
        final boolean v6 = c.family() == ToeCommandDescriptor.FAMILY_IPV6;
        final TcpListener l;
        try {
            l = v6 ? card.tcp().listenV6(c.localPort(), c.argument()) : card.tcp().listenV4(c.localPort(), c.argument());
        } catch (IllegalStateException e) {
            refuse(card, c);
            return;
        }
        final ToeFirmware.CardListener cl = new ToeFirmware.CardListener(l, v6, c.localPort(), c.cookie());
        card.listeners().add(cl);
        l.onAcceptable(listener -> announce(card, cl));
        card.complete(STATE_CHANGE, STATUS_OK, ToeCompletionDescriptor.STATE_LISTENING, -1, c.cookie(),
            HostMemory.NO_PAGE, 0, 0, c.localPort());
    }

    /** Handshakes completed on a card listener: each connection is announced to the host. */
    private static void announce(ToeFirmware card, ToeFirmware.CardListener cl) {
        TcpSocket s;
        while ((s = (TcpSocket) cl.listener().accept()) != null) {
            CardConnection conn = card.connection(s);
            if (conn == null) {
                conn = card.admit(s, cl.ipv6()); // a SYN-cookie connection: its slot is taken now
                if (conn == null) {
                    card.counters().refused++;
                    s.abort();
                    continue;
                }
            }
            conn.listenerCookie = cl.cookie();
            conn.announced = true;
            card.ddp().announced(conn, cl.port());
            card.complete(STATE_CHANGE, STATUS_OK, ToeCompletionDescriptor.STATE_PASSIVE_OPEN, conn.tid, cl.cookie(),
                HostMemory.NO_PAGE, 0, 0, s.remotePort());
        }
    }

    private static void unlisten(ToeFirmware card, ToeCommandDescriptor c) {
        final boolean v6 = c.family() == ToeCommandDescriptor.FAMILY_IPV6;
        card.listeners().removeIf(cl -> {
            if (cl.ipv6() == v6 && cl.port() == c.localPort()) {
                cl.listener().close();
                return true;
            }
            return false;
        });
        card.complete(STATE_CHANGE, STATUS_OK, ToeCompletionDescriptor.STATE_CLOSED, -1, c.cookie(),
            HostMemory.NO_PAGE, 0, 0, c.localPort());
    }

    private static void connect(ToeFirmware card, ToeCommandDescriptor c) {
        final boolean v6 = c.family() == ToeCommandDescriptor.FAMILY_IPV6;
        if (!card.hasRoom(v6)) {
            card.counters().refused++;
            final int status = card.table().hasRoom(v6) ? STATUS_NO_MEMORY : STATUS_NO_SLOT;
            card.complete(ERROR, status, 0, -1, c.cookie(), HostMemory.NO_PAGE, 0, 0, c.opcode());
            return;
        }
        final TcpSocket s = v6 ? card.tcp().connectV6(c.remoteAddressHigh(), c.remoteAddressLow(), c.remotePort())
            : card.tcp().connectV4((int) c.remoteAddressLow(), c.remotePort());
        final CardConnection conn = card.admit(s, v6);
        conn.cookie = c.cookie();
        conn.accepted = true;
    }

    private static CardConnection live(ToeFirmware card, ToeCommandDescriptor c) {
        final CardConnection conn = card.connection(c.tid());
        if (conn == null || conn.socket == null) {
            refuse(card, c);
            return null;
        }
        return conn;
    }

    private static void accept(ToeFirmware card, ToeCommandDescriptor c) {
        final CardConnection conn = live(card, c);
        if (conn == null) {
            return;
        }
        if (!conn.announced || conn.accepted) {
            refuse(card, c);
            return;
        }
        conn.accepted = true;
        conn.cookie = c.cookie();
        CardService.service(card, conn);
    }

    private static void send(ToeFirmware card, ToeCommandDescriptor c) {
        final CardConnection conn = liveWithPage(card, c);
        if (conn != null) {
            CardConnection.push(conn.pendingSends, c.pfn(), c.pageOffset(), c.lengthBytes());
            CardService.pumpSends(card, conn);
        }
    }

    private static void postReceive(ToeFirmware card, ToeCommandDescriptor c) {
        final CardConnection conn = liveWithPage(card, c);
        if (conn != null) {
            CardConnection.push(conn.posted, c.pfn(), c.pageOffset(), c.lengthBytes());
            CardService.deliver(card, conn);
        }
    }

    /**
     * The live connection a page-carrying command (send, post receive) names, or null: a command
     * whose byte range is empty or leaves its page is refused, and nothing of it is queued.
     */
    private static CardConnection liveWithPage(ToeFirmware card, ToeCommandDescriptor c) {
        final CardConnection conn = live(card, c);
        if (conn == null) {
            return null;
        }
        if (c.lengthBytes() == 0 || c.pageOffset() + c.lengthBytes() > HostMemory.PAGE_SIZE) {
            refuse(card, c);
            return null;
        }
        return conn;
    }

    private static void close(ToeFirmware card, ToeCommandDescriptor c) {
        final CardConnection conn = live(card, c);
        if (conn == null) {
            return;
        }
        if (conn.retiring) {
            if ((c.flags() & ToeDriver.FLAG_FULL_CLOSE) != 0) {
                conn.socket.abort(); // the application will not read the rest: its pages go back
                card.retire(conn);
            }
            return;
        }
        conn.closeAfterSends = true;
        conn.fullClose = (c.flags() & ToeDriver.FLAG_FULL_CLOSE) != 0;
        CardService.pumpSends(card, conn);
    }

    private static void abort(ToeFirmware card, ToeCommandDescriptor c) {
        final CardConnection conn = live(card, c);
        if (conn == null) {
            return;
        }
        conn.abortRequested = true;
        conn.socket.abort();
        if (conn.retiring) {
            card.retire(conn);
        }
    }
}
