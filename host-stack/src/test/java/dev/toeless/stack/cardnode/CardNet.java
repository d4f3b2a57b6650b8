package dev.toeless.stack.cardnode;

import dev.toeless.nic.link.Link;
import dev.toeless.nic.link.LinkConfig;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.filter.Prefix;
import dev.toeless.stack.host.Host;
import dev.toeless.stack.host.HostConfig;
import dev.toeless.stack.route.Route;
import dev.toeless.stack.socket.StreamSocket;
import dev.toeless.stack.tcp.TcpConfig;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A remote host (10.0.0.1, the modeled NIC in {@code stateless} mode) and a card node (10.0.0.2)
 * on one 10 Gbit/s link, and the host the card sits in (192.168.250.2 on the PCI link), with a
 * loop that runs them and two applications: a sender that writes a stream and reads the reply,
 * a receiver that hashes the stream and answers.
 */
final class CardNet {
    static final int IP_REMOTE = Prefix.parseV4("10.0.0.1");
    static final int IP_CARD = Prefix.parseV4("10.0.0.2");
    static final long SECOND = 1_000_000_000L;

    final long seed;
    final EventScheduler scheduler = new EventScheduler();
    final Link link;
    final Host remote;
    final CardNode card;
    final Host host;

    CardNet(long seed) {
        this(seed, UnaryOperator.identity());
    }

    /** The same, with the remote's TCP configuration changed by {@code remoteTcp} (a smaller MSS, say). */
    CardNet(long seed, UnaryOperator<TcpConfig> remoteTcp) {
        this.seed = seed;
        System.out.println("CardNet seed " + seed + " (the test names the seed it runs with)");
        final SimRandom random = new SimRandom(seed);
        this.link = new Link("wire", scheduler, random, LinkConfig.ethernet(10_000_000_000L).withPropagationDelayNs(10_000));
        final HostConfig remoteConfig = HostConfig.of("remote", 0x02_00_00_00_00_01L, IP_REMOTE, null)
            .withNic(DriverMode.STATELESS);
        this.remote = new Host(remoteConfig.withTcp(remoteTcp.apply(remoteConfig.tcp())), scheduler, random)
            .plugInto(link.a());
        this.card = new CardNode(CardNodeConfig.of("card", 0x02_00_00_00_00_02L, IP_CARD), scheduler, random)
            .plugInto(link.b());
        this.host = new Host(card.config().hostConfig("host"), scheduler, random, card.hostPort());
        card.adopt(host);
        remote.routes().add(Route.viaV4(Prefix.v4(card.config().hostPciIpv4(), CardNodeConfig.PCI_PREFIX_LENGTH),
            IP_CARD, 1500, 0));
    }

    /** Runs events, calling {@code step} after each, until {@code done} or {@code limitNs} of virtual time. */
    boolean runUntil(BooleanSupplier done, Runnable step, long limitNs) {
        return scheduler.runUntil(done, step, limitNs);
    }

    /** Lets every timer run out, shuts every device down and checks that every page of all three is home. */
    void closeAndCheckNoLeaks() {
        scheduler.runAll(10_000_000);
        remote.close();
        host.close();
        card.close();
        remote.memory().assertNoLeaks();
        host.memory().assertNoLeaks();
        card.assertNoLeaks();
    }

    static byte[] stream(long seed, int bytes) {
        final byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] sha256(byte[] bytes, int length) {
        try {
            final MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(bytes, 0, length);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code data}, then shuts down its direction, then reads whatever comes back until end of stream. */
    static final class Sender implements Runnable {
        private final StreamSocket socket;
        private final byte[] data;
        private final byte[] reply = new byte[4096];
        private int sent;
        private int replyLength;
        private boolean shutdown;
        boolean done;

        Sender(StreamSocket socket, byte[] data) {
            this.socket = socket;
            this.data = data;
        }

        @Override
        public void run() {
            if (done || !socket.isEstablished() && sent == 0) {
                return;
            }
            while (sent < data.length) {
                final int n = socket.write(data, sent, data.length - sent);
                if (n <= 0) {
                    break;
                }
                sent += n;
            }
            if (sent == data.length && !shutdown) {
                socket.shutdown();
                shutdown = true;
            }
            int n;
            while ((n = socket.read(reply, replyLength, reply.length - replyLength)) > 0) {
                replyLength += n;
            }
            if (n < 0) {
                done = true;
            }
        }

        String reply() {
            return new String(reply, 0, replyLength, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    /** Accepts through {@code accept}, hashes the stream, and at its end answers with its length. */
    static final class Receiver implements Runnable {
        private final java.util.function.Supplier<StreamSocket> accept;
        private final byte[] buffer = new byte[1 << 20];
        private final MessageDigest digest;
        StreamSocket socket;
        long received;
        byte[] sha256;
        private boolean answered;

        Receiver(java.util.function.Supplier<StreamSocket> accept) {
            this.accept = accept;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void run() {
            if (socket == null) {
                socket = accept.get();
                if (socket == null) {
                    return;
                }
            }
            if (answered) {
                return;
            }
            int n;
            while ((n = socket.read(buffer, 0, buffer.length)) > 0) {
                digest.update(buffer, 0, n);
                received += n;
            }
            if (n < 0) {
                sha256 = digest.digest();
                final byte[] answer = ("got " + received).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                socket.write(answer, 0, answer.length);
                socket.shutdown();
                answered = true;
            }
        }
    }
}
