package dev.toeless.stack.toe;

import dev.toeless.nic.card.ToeCompletionDescriptor;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.PagePool;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpHandoff;
import org.agrona.collections.IntArrayList;

/**
 * The {@code upload} policy's move, card side: a live connection leaves the card for the host
 * stack, as TCP Chimney's upload does. The card's TCP hands the connection off
 * ({@link dev.toeless.stack.tcp.TcpConnection#handOff}: the same engine's state, no segment sent),
 * its payload (unacknowledged send data, received bytes not yet placed, out-of-order bytes) is
 * DMA'd from card memory into host pages, the host's own pages the card held (sends not yet taken,
 * posted receive buffers) go back, the state record crosses the PCI link, and the slot is free. The
 * host learns of it from one completion and takes the connection over on its stack
 * ({@link ToeDriver}); until it says it has, the card drops the connection's frames (counted: to
 * the peer, a loss its retransmission repairs), so the host stack never answers one with a reset.
 *
 * @param handoff    the connection's state, its payload in host pages
 * @param lentPages  host pages the driver lent for sends and that now belong to the handoff's send data
 */
record CardUpload(TcpHandoff handoff, boolean ipv6, int localPort, long remoteHigh, long remoteLow, int remotePort,
                  IntArrayList lentPages) {
    /** The handoff's state record as it crosses the PCI link (estimate: sequence, window, option and timer words). */
    static final int STATE_BYTES = 256;
    /** Host pages any upload needs free, its payload aside: room for page ends. */
    static final int MIN_HOST_PAGES = 8;

    /** Host pages an upload of {@code c} may need: its payload packed into pages, with room for page ends. */
    static int pagesNeeded(CardConnection c) {
        final TcpSocket s = c.socket;
        final long bytes = s.sendQueuedBytes() + s.readableBytes() + s.connection().outOfOrderBytes() + c.heldBytes();
        return (int) (bytes / HostMemory.PAGE_SIZE) + MIN_HOST_PAGES + (int) (s.connection().outOfOrderBytes() / 512);
    }

    /** Uploads {@code c}; false (and nothing changed) when its TCP cannot be handed off now or host pages are short. */
    static boolean upload(ToeFirmware card, CardConnection c, PagePool hostPages) {
        if (hostPages == null || hostPages.capacity() - hostPages.pagesOut() < pagesNeeded(c)) {
            return false;
        }
        final TcpSocket s = c.socket;
        c.uploaded = true;
        final TcpHandoff h = card.tcp().handOff(s);
        if (h == null) {
            c.uploaded = false;
            return false;
        }
        final Packer send = new Packer(card, hostPages, false);
        send.all(h.sendData(), 3);
        final IntArrayList lent = new IntArrayList();
        final IntArrayList sendData = send.out;
        for (int i = 0; i < c.pendingSends.size(); i += 3) {
            // the host's own pages, not yet in card memory: they join the send data as they are
            sendData.addInt(c.pendingSends.getInt(i));
            sendData.addInt(c.pendingSends.getInt(i + 1));
            sendData.addInt(c.pendingSends.getInt(i + 2));
            lent.addInt(c.pendingSends.getInt(i));
        }
        c.pendingSends.clear();
        final Packer received = new Packer(card, hostPages, false);
        received.all(c.held, 3); // taken from the socket before what it still holds
        c.held.clear();
        received.all(h.received(), 3);
        final Packer ooo = new Packer(card, hostPages, true);
        ooo.all(h.outOfOrder(), 4);
        CardService.returnPages(card, c, ToeCompletionDescriptor.STATUS_OK); // posted receive pages
        final TcpHandoff moved = h.withPayload(sendData, received.out, ooo.out);
        card.stateToHost(STATE_BYTES);
        card.uploaded(c, new CardUpload(moved, c.ipv6, s.localPort(), s.remoteHigh(), s.remoteLow(), s.remotePort(),
            lent));
        card.complete(ToeCompletionDescriptor.STATE_CHANGE, ToeCompletionDescriptor.STATUS_UPLOADED,
            ToeCompletionDescriptor.STATE_CLOSED, c.tid, c.cookie, HostMemory.NO_PAGE, 0, 0, moved.payloadBytes());
        return true;
    }

    /**
     * Copies card fragments into host pages over DMA, packed (a fragment may straddle two host
     * pages), releasing each card page's reference. Out-of-order fragments keep their sequence
     * numbers: each starts a host page of its own (rare, and kept simple).
     */
    private static final class Packer {
        private final ToeFirmware card;
        private final PagePool pool;
        private final boolean withSeq;
        final IntArrayList out = new IntArrayList();
        private int page = HostMemory.NO_PAGE;
        private int used;
        private int pieceSeq;

        Packer(ToeFirmware card, PagePool pool, boolean withSeq) {
            this.card = card;
            this.pool = pool;
            this.withSeq = withSeq;
        }

        void all(IntArrayList in, int width) {
            for (int i = 0; i < in.size(); i += width) {
                final int base = withSeq ? i + 1 : i;
                copy(withSeq ? in.getInt(i) : 0, in.getInt(base), in.getInt(base + 1), in.getInt(base + 2));
            }
            flush();
        }

        private void copy(int seq, int cardPfn, int offset, int length) {
            if (withSeq) {
                flush();
                pieceSeq = seq;
            }
            int done = 0;
            while (done < length) {
                if (page == HostMemory.NO_PAGE) {
                    page = pool.allocate();
                    used = 0;
                }
                final int n = Math.min(length - done, HostMemory.PAGE_SIZE - used);
                card.dma().toHost(cardPfn, offset + done, page, used, n);
                used += n;
                done += n;
                if (used == HostMemory.PAGE_SIZE) {
                    flush();
                }
            }
            card.cardMemory().memory().release(cardPfn);
        }

        /** The current host page, filled from offset 0, is the handoff's. */
        private void flush() {
            if (page == HostMemory.NO_PAGE) {
                return;
            }
            if (withSeq) {
                out.addInt(pieceSeq);
                pieceSeq += used;
            }
            out.addInt(page);
            out.addInt(0);
            out.addInt(used);
            page = HostMemory.NO_PAGE;
        }
    }
}
