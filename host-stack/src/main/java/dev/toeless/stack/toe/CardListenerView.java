package dev.toeless.stack.toe;

/**
 * A read-only look at one listener on the card, for reports: the card's SYN queue as the
 * firmware's own TCP holds it (the host's hooks never see it).
 *
 * @param port           the port it listens on
 * @param ipv6           an IPv6 listener
 * @param backlog        the SYN queue's length
 * @param halfOpen       connections in the SYN queue now (each holds a card slot)
 * @param synQueueDrops  SYNs the card's TCP dropped with the queue full
 * @param synCookiesSent SYN-ACKs the card sent as cookies (only with the card's cookies on)
 */
public record CardListenerView(int port, boolean ipv6, int backlog, int halfOpen, long synQueueDrops,
                               long synCookiesSent) {
}
