package dev.toeless.bench.sim;

import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.socket.TcpSocket;
import dev.toeless.stack.tcp.TcpConnection;
import dev.toeless.stack.tcp.TcpState;

import java.util.List;

/**
 * The sequence-space rules the simulator checks after every event, over what each engine shows
 * ({@link TcpConnection#sndUna()}, {@link TcpConnection#sndNxt()}, {@link TcpConnection#rcvNxt()}):
 * <ul>
 *   <li>SND.UNA &lt;= SND.NXT on every synchronized connection;</li>
 *   <li>SND.UNA and RCV.NXT never move back;</li>
 *   <li>a sender never counts as acknowledged what its peer has not received: once both ends are
 *       synchronized, SND.UNA of one &lt;= RCV.NXT of the other.</li>
 * </ul>
 * Comparisons are modulo 2^32 (RFC 793 section 3.3). When a {@link Relay} (a card node's splice
 * proxy) ends each connection between the two hosts, the rules hold on both of its TCP
 * connections: the client with the relay's front socket, the relay's back socket with the server.
 */
final class SimInvariants {
    private final List<TcpSocket> clients;
    private final StreamSocket[] servers;
    private final Marks[] clientMarks;
    private final Marks[] serverMarks;
    private final Relay relay;
    private final Marks[] frontMarks;
    private final Marks[] backMarks;

    /**
     * What ends connection i between the hosts, when something does.
     */
    interface Relay {
        /** The relay's socket facing client i, or null when there is none (yet, or any more). */
        TcpConnection front(int i);

        /** The relay's socket facing server i, or null. */
        TcpConnection back(int i);
    }

    /** The rules over each client and its server; {@code relay} is what ends each connection between them, or null. */
    SimInvariants(List<TcpSocket> clients, StreamSocket[] servers, Relay relay) {
        this.clients = clients;
        this.servers = servers;
        this.relay = relay;
        this.clientMarks = new Marks[servers.length];
        this.serverMarks = new Marks[servers.length];
        this.frontMarks = new Marks[servers.length];
        this.backMarks = new Marks[servers.length];
    }

    /** Null when every rule holds, else what broke. */
    String check(long nowNs) {
        for (int i = 0; i < clients.size(); i++) {
            final TcpConnection client = clients.get(i).connection();
            final TcpConnection server = SimRun.engine(servers[i]);
            String broken = own("conn" + i + " client", client, clientMarks, i);
            if (broken == null && server != null) {
                broken = own("conn" + i + " server", server, serverMarks, i);
            }
            if (relay != null) {
                if (broken == null) {
                    broken = relayed(i, client, server);
                }
                if (broken != null) {
                    return "at " + nowNs / 1000 + " us: " + broken;
                }
                continue;
            }
            if (broken == null && server != null) {
                broken = acknowledgedReceived("conn" + i + " client>server", client, server);
            }
            if (broken == null && server != null) {
                broken = acknowledgedReceived("conn" + i + " server>client", server, client);
            }
            if (broken != null) {
                return "at " + nowNs / 1000 + " us: " + broken;
            }
        }
        return null;
    }

    /** The rules on the two connections of a relayed one: client and front, back and server. */
    private String relayed(int i, TcpConnection client, TcpConnection server) {
        final TcpConnection front = relay.front(i);
        final TcpConnection back = relay.back(i);
        String broken = null;
        if (front != null) {
            broken = own("conn" + i + " relay front", front, frontMarks, i);
            if (broken == null) {
                broken = acknowledgedReceived("conn" + i + " client>relay", client, front);
            }
            if (broken == null) {
                broken = acknowledgedReceived("conn" + i + " relay>client", front, client);
            }
        }
        if (broken == null && back != null) {
            broken = own("conn" + i + " relay back", back, backMarks, i);
            if (broken == null && server != null) {
                broken = acknowledgedReceived("conn" + i + " relay>server", back, server);
            }
            if (broken == null && server != null) {
                broken = acknowledgedReceived("conn" + i + " server>relay", server, back);
            }
        }
        return broken;
    }

    private static String own(String name, TcpConnection c, Marks[] marks, int index) {
        if (!synchronizedState(c.state())) {
            return null;
        }
        final int una = c.sndUna();
        final int nxt = c.sndNxt();
        final int rcvNxt = c.rcvNxt();
        if (!seqLe(una, nxt)) {
            return name + " SND.UNA " + Integer.toUnsignedString(una) + " beyond SND.NXT "
                + Integer.toUnsignedString(nxt) + " " + c;
        }
        final Marks m = marks[index];
        if (m == null) {
            marks[index] = new Marks(una, rcvNxt);
            return null;
        }
        if (!seqLe(m.sndUna, una)) {
            return name + " SND.UNA moved back from " + Integer.toUnsignedString(m.sndUna) + " to "
                + Integer.toUnsignedString(una) + " " + c;
        }
        if (!seqLe(m.rcvNxt, rcvNxt)) {
            return name + " RCV.NXT moved back from " + Integer.toUnsignedString(m.rcvNxt) + " to "
                + Integer.toUnsignedString(rcvNxt) + " " + c;
        }
        m.sndUna = una;
        m.rcvNxt = rcvNxt;
        return null;
    }

    private static String acknowledgedReceived(String name, TcpConnection sender, TcpConnection receiver) {
        if (!synchronizedState(sender.state()) || !synchronizedState(receiver.state())) {
            return null;
        }
        if (!seqLe(sender.sndUna(), receiver.rcvNxt())) {
            return name + " SND.UNA " + Integer.toUnsignedString(sender.sndUna()) + " acknowledges beyond the peer's"
                + " RCV.NXT " + Integer.toUnsignedString(receiver.rcvNxt()) + ": " + sender + " / " + receiver;
        }
        return null;
    }

    private static boolean synchronizedState(TcpState state) {
        return state.isSynchronized() && state != TcpState.CLOSED;
    }

    static boolean seqLe(int a, int b) {
        return b - a >= 0;
    }

    /** High-water marks of one connection. */
    private static final class Marks {
        int sndUna;
        int rcvNxt;

        Marks(int sndUna, int rcvNxt) {
            this.sndUna = sndUna;
            this.rcvNxt = rcvNxt;
        }
    }
}
